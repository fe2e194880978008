package io.jenkins.plugins.dashscope;

import io.jenkins.plugins.dashscope.core.generation.SubmittedTask;
import io.jenkins.plugins.dashscope.step.GenerationExecution;
import io.jenkins.plugins.dashscope.step.SavedGeneration;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * The common base of the two executions that builds saved before the versioned form ({@link SavedGeneration}); kept
 * only so program.dat of such a build can be read. Never started; each subclass turns itself into a
 * {@link GenerationExecution} as it is read.
 */
abstract class GenerationStepExecution extends StepExecution {

    private static final long serialVersionUID = 1L;

    /** Never called: these objects are only ever made by reading program.dat. */
    GenerationStepExecution() {}

    /**
     * A saved task as those builds kept it, field by field: a task id, or the request of a synchronous call under
     * way; null for neither, when the restart came before the submit.
     */
    static SubmittedTask savedTask(
            String taskId,
            String requestId,
            String model,
            String api,
            int requested,
            long submittedAtMillis,
            String requestJson,
            String fingerprint) {
        return taskId == null && requestJson == null
                ? null
                : new SubmittedTask(
                        taskId, requestId, model, api, requested, submittedAtMillis, requestJson, fingerprint);
    }

    @Override
    public final boolean start() {
        throw new IllegalStateException("a saved form of an older version; only ever read");
    }
}
