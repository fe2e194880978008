package io.jenkins.plugins.dashscope;

import io.jenkins.plugins.dashscope.core.finishing.DerivedSize;
import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import io.jenkins.plugins.dashscope.core.spec.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a generation in a workspace needs once it is submitted (where to deliver, what to archive, which key and
 * endpoint): the part of a step that a restart must keep. The request itself is not kept; it was sent.
 *
 * @param asset   for a variant of {@code generateImages}: its asset, shown on the build page; else null
 * @param variant for a variant of {@code generateImages}: its name; else null
 */
record WorkspacePlan(
        String outputDir,
        String prefix,
        boolean archive,
        boolean allowPartial,
        boolean dryRun,
        String credentialsId,
        String region,
        String endpoint,
        Finishing finishing,
        String asset,
        String variant) {

    /** @throws io.jenkins.plugins.dashscope.core.common.InvalidRequestException naming {@code outputDir} or {@code name} */
    WorkspacePlan {
        outputDir = OutputNames.checkFolder(outputDir);
        prefix = OutputNames.checkPrefix(prefix);
        finishing = finishing == null ? Finishing.NONE : finishing;
    }

    /** @throws io.jenkins.plugins.dashscope.core.common.InvalidRequestException naming {@code outputDir}, {@code name} or {@code outputs[N]} */
    static WorkspacePlan of(GenerateImageStep step) {
        List<Map<String, Object>> outputs = new ArrayList<>();
        if (step.getOutputs() != null) {
            step.getOutputs().forEach(o -> outputs.add(o.values()));
        }
        return new WorkspacePlan(
                step.getOutputDir(),
                step.getName(),
                step.isArchive(),
                step.isAllowPartial(),
                step.isDryRun(),
                step.getCredentialsId(),
                step.getRegion(),
                step.getEndpoint(),
                new Finishing(DerivedSize.all(outputs), step.isContactSheet()),
                null,
                null);
    }

    /** One variant of a spec, in its own folder under the spec's output folder. */
    static WorkspacePlan of(GenerateImagesStep step, Variant variant) {
        return new WorkspacePlan(
                OutputNames.checkFolder(step.getOutputDir()) + "/" + variant.name(),
                Variant.IMAGE_PREFIX,
                step.isArchive(),
                true,
                step.isDryRun(),
                step.getCredentialsId(),
                step.getRegion(),
                step.getEndpoint(),
                variant.finishing(),
                variant.asset(),
                variant.name());
    }
}
