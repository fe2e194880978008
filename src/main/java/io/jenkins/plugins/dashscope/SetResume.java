package io.jenkins.plugins.dashscope;

import hudson.AbortException;
import io.jenkins.plugins.dashscope.core.batch.BatchOutcome;
import io.jenkins.plugins.dashscope.core.batch.BatchRun;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.generation.SubmittedTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** {@code generateImages} after a controller restart: the saved variants, as a batch under way again. */
final class SetResume {

    private SetResume() {}

    /** After a restart: waits on the tasks submitted before it, keeps reused variants, never submits. */
    static BatchRun.Running resumeAll(
            StepContext ctx,
            List<GenerateImagesExecution.VariantState> states,
            List<WorkspaceGeneration> jobs,
            Instant deadline)
            throws Exception {
        List<CompletableFuture<BatchOutcome>> outcomes = new ArrayList<>();
        List<Runnable> stops = new ArrayList<>();
        for (GenerateImagesExecution.VariantState v : states) {
            WorkspaceGeneration job = WorkspaceGeneration.of(ctx, v.plan);
            jobs.add(job);
            SubmittedTask task = v.task();
            CompletableFuture<GenerationResult> result;
            if (v.reusedManifest != null) {
                job.holdSavedClaim();
                result = CompletableFuture.completedFuture(
                        WorkspaceGeneration.resultOf(v.reusedManifest, v.plan.outputDir));
            } else if (task == null) {
                job.holdSavedClaim();
                result = CompletableFuture.failedFuture(
                        new AbortException(Messages.GenerateImageExecution_RestartBeforeSubmit()));
            } else {
                WorkspaceGeneration.Running running = job.resume(task, deadline);
                stops.add(running.cancel());
                result = running.result();
            }
            outcomes.add(BatchOutcome.when(v.variant(), result));
        }
        return BatchRun.Running.of(outcomes, stops, List.of());
    }
}
