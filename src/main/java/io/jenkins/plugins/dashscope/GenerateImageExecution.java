package io.jenkins.plugins.dashscope;

import io.jenkins.plugins.dashscope.core.generation.SubmittedTask;
import io.jenkins.plugins.dashscope.step.GenerationExecution;
import io.jenkins.plugins.dashscope.step.GenerationState;
import io.jenkins.plugins.dashscope.step.SavedGeneration;
import io.jenkins.plugins.dashscope.step.VariantProgress;
import io.jenkins.plugins.dashscope.workspace.WorkspacePlan;
import java.util.List;
import java.util.Map;

/**
 * {@code generateImage}'s execution as builds saved it before the versioned form ({@link SavedGeneration}): read
 * from their program.dat and turned at once into a {@link GenerationExecution} that resumes the same task. Its name
 * and fields are that stored format.
 */
final class GenerateImageExecution extends GenerationStepExecution {

    private static final long serialVersionUID = 2L;

    private StepPlan plan;
    private long deadlineMillis;
    private String taskId;
    private String requestId;
    private String model;
    private String api;
    private int requested;
    private long submittedAtMillis;
    private String requestJson;
    private String fingerprint;

    private GenerateImageExecution() {}

    private Object readResolve() {
        WorkspacePlan p = plan.toPlan();
        SubmittedTask task =
                savedTask(taskId, requestId, model, api, requested, submittedAtMillis, requestJson, fingerprint);
        GenerationState state = new GenerationState(
                null, p.dryRun(), deadlineMillis, true, List.of(new VariantProgress(p, Map.of(), task, null)));
        return GenerationExecution.restored(getContext(), state);
    }
}
