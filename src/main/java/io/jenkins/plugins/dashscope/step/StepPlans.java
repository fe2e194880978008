package io.jenkins.plugins.dashscope.step;

import io.jenkins.plugins.dashscope.core.finishing.DerivedSize;
import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import io.jenkins.plugins.dashscope.core.spec.Variant;
import io.jenkins.plugins.dashscope.workspace.WorkspacePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Where a step's generations go, read from its options: the part of the step that outlives its start. */
public final class StepPlans {

    private StepPlans() {}

    /** @throws io.jenkins.plugins.dashscope.core.common.InvalidRequestException naming {@code outputDir}, {@code name} or {@code outputs[N]} */
    public static WorkspacePlan of(GenerateImageStep step) {
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
                new Finishing(DerivedSize.all(outputs), step.isContactSheet(), step.getValues()),
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
