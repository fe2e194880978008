package io.jenkins.plugins.dashscope;

import io.jenkins.plugins.dashscope.core.finishing.DerivedSize;
import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import io.jenkins.plugins.dashscope.core.spec.Variant;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a generation needs after it was submitted (where to deliver, what to archive, which key and endpoint),
 * as plain values: the part of a step that a restart must keep. The request itself is not kept; it was sent.
 */
final class StepPlan implements Serializable {

    private static final long serialVersionUID = 2L;

    final String outputDir;
    final String prefix;
    final boolean archive;
    final boolean allowPartial;
    final boolean dryRun;
    final String credentialsId;
    final String region;
    final String endpoint;
    final Finishing finishing;
    /** For a variant of {@code generateImages}: its asset and name, shown on the build page; else null. */
    final String asset;

    final String variant;

    private StepPlan(
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
        this.outputDir = OutputNames.checkFolder(outputDir);
        this.prefix = OutputNames.checkPrefix(prefix);
        this.archive = archive;
        this.allowPartial = allowPartial;
        this.dryRun = dryRun;
        this.credentialsId = credentialsId;
        this.region = region;
        this.endpoint = endpoint;
        this.finishing = finishing;
        this.asset = asset;
        this.variant = variant;
    }

    /** @throws io.jenkins.plugins.dashscope.core.common.InvalidRequestException naming {@code outputDir}, {@code name} or {@code outputs[N]} */
    static StepPlan of(GenerateImageStep step) {
        List<Map<String, Object>> outputs = new ArrayList<>();
        if (step.getOutputs() != null) {
            step.getOutputs().forEach(o -> outputs.add(o.values()));
        }
        return new StepPlan(
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
    static StepPlan of(GenerateImagesStep step, Variant variant) {
        return new StepPlan(
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
