package io.jenkins.plugins.dashscope.step;

import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.agent.AgentDelivery;
import io.jenkins.plugins.dashscope.core.batch.BatchOutcome;
import io.jenkins.plugins.dashscope.core.batch.BatchRun;
import io.jenkins.plugins.dashscope.core.batch.Reservation;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.usage.BuildAccount;
import io.jenkins.plugins.dashscope.workspace.WorkspaceGeneration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * A generation step after a controller restart: its saved generations, as a batch under way again. It waits on the
 * tasks submitted before the restart and keeps what was reused; it never submits, so nothing is paid for twice.
 */
final class StepResume {

    private StepResume() {}

    /**
     * @param jobs filled with each generation in its workspace, in the saved order
     * @throws AbortException when the step cannot be resumed at all (a dry run; a restart before it knew its work)
     */
    static BatchRun.Running resume(StepContext ctx, GenerationState state, List<WorkspaceGeneration> jobs)
            throws Exception {
        if (state.dryRun()) {
            throw new AbortException(Messages.StepResume_RestartDuringDryRun());
        }
        List<VariantProgress> saved = state.variants();
        if (!state.planned() && saved.stream().allMatch(v -> v.task() == null && v.reusedManifest() == null)) {
            throw new AbortException(Messages.StepResume_RestartBeforeSubmit());
        }
        Instant deadline = Instant.ofEpochMilli(state.deadlineMillis());
        Reservation holds = null;
        List<CompletableFuture<BatchOutcome>> outcomes = new ArrayList<>();
        List<Runnable> stops = new ArrayList<>();
        for (VariantProgress v : saved) {
            WorkspaceGeneration job = WorkspaceGeneration.of(ctx, v.plan(), jobs.size());
            jobs.add(job);
            if (holds == null) { // each hold made before the restart is settled when its generation ends
                holds = Reservation.resumed(
                        BuildAccount.of(ctx.get(Run.class), ctx.get(TaskListener.class)),
                        saved.stream().map(VariantProgress::hold).toList());
            }
            CompletableFuture<GenerationResult> result;
            if (v.reusedManifest() != null) {
                job.holdSavedClaim();
                result = CompletableFuture.completedFuture(
                        AgentDelivery.resultOf(v.reusedManifest(), v.plan().outputDir()));
            } else if (v.waitsOnTask()) {
                WorkspaceGeneration.Running running = job.resume(v.task(), deadline);
                stops.add(running.cancel());
                result = running.result();
            } else {
                job.holdSavedClaim();
                result = CompletableFuture.failedFuture(new AbortException(
                        v.task() == null
                                ? Messages.StepResume_RestartBeforeSubmit()
                                : Messages.StepResume_RestartDuringSyncCall()));
            }
            boolean submitted = v.task() != null; // a restart before then cannot tell whether the create arrived
            outcomes.add(
                    holds.settleWhenDone(outcomes.size(), BatchOutcome.when(v.variant(), result), () -> submitted));
        }
        return BatchRun.Running.of(outcomes, stops, List.of());
    }
}
