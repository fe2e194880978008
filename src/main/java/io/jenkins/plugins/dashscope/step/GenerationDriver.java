package io.jenkins.plugins.dashscope.step;

import hudson.model.Computer;
import io.jenkins.plugins.dashscope.core.batch.BatchRun;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.generation.SubmittedTask;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.spec.Variant;
import io.jenkins.plugins.dashscope.workspace.BuildFailure;
import io.jenkins.plugins.dashscope.workspace.WorkspaceBatchHost;
import io.jenkins.plugins.dashscope.workspace.WorkspaceGeneration;
import io.jenkins.plugins.dashscope.workspace.WorkspacePlan;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * A step's generations from start to value: plans and starts them through the core's batch (or, after a restart,
 * waits again on the saved tasks), records each in the {@link GenerationState} before anything is sent for it and as
 * it is submitted, and ends with what the step reports. {@link GenerationExecution} drives its step with one; a
 * review drives a reviewer's retake with another ({@link DetachedGeneration}).
 */
final class GenerationDriver {

    private final GenerationState state;
    private final StepReport report;
    /** Makes the state durable: the step's {@code saveState}, or the review's record. */
    private final Runnable save;

    /** The generations whose task is not saved yet and which have not ended: a restart would lose what they pay. */
    private final Set<Integer> sending = ConcurrentHashMap.newKeySet();

    private volatile boolean planning;
    private volatile Runnable cancel;
    private volatile boolean stopped;

    /** @param fresh whether it will {@link #begin} (busy from now on), rather than {@link #resume} */
    GenerationDriver(GenerationState state, boolean fresh, Runnable save) {
        this.state = state;
        this.report = state.set() != null ? state.set() : SingleReport.INSTANCE;
        this.save = save;
        this.planning = fresh;
    }

    /** Plans and starts; blocking (file copies, validation), so never on the CPS VM thread. */
    CompletableFuture<Object> begin(StepContext ctx, StepLaunch launch) {
        List<WorkspaceGeneration> jobs = Collections.synchronizedList(new ArrayList<>());
        try {
            BatchRun.Running running;
            try {
                running = launch.start(
                        ctx, (index, item) -> jobFor(ctx, launch, jobs, index, item), new States(), deadline());
                state.planningDone();
                save.run();
            } finally {
                planning = false;
            }
            return watch(ctx, jobs, running);
        } catch (Throwable t) {
            sending.clear(); // nothing more will be sent; the batch gave back every output folder it had claimed
            return CompletableFuture.failedFuture(BuildFailure.of(function(), t));
        }
    }

    /** Waits again on what was saved before a restart; never submits. */
    CompletableFuture<Object> resume(StepContext ctx) {
        List<WorkspaceGeneration> jobs = new ArrayList<>();
        try {
            return watch(ctx, jobs, StepResume.resume(ctx, state, jobs));
        } catch (Throwable t) {
            return CompletableFuture.failedFuture(BuildFailure.of(function(), t));
        }
    }

    private CompletableFuture<Object> watch(StepContext ctx, List<WorkspaceGeneration> jobs, BatchRun.Running running) {
        cancel = running.cancel();
        if (stopped) {
            running.cancel().run();
        }
        CompletableFuture<Object> value = new CompletableFuture<>();
        running.outcomes()
                .whenCompleteAsync(
                        (outcomes, t) -> {
                            sending.clear();
                            if (t != null) {
                                value.completeExceptionally(BuildFailure.of(function(), t));
                                return;
                            }
                            try {
                                value.complete(report.finish(ctx, List.copyOf(jobs), outcomes));
                            } catch (Throwable e) {
                                value.completeExceptionally(e);
                            }
                        },
                        Computer.threadPoolForRemoting);
        return value;
    }

    /** A generation of the batch in its folder, recorded in the state before anything is sent for it. */
    private WorkspaceGeneration jobFor(
            StepContext ctx, StepLaunch launch, List<WorkspaceGeneration> jobs, int index, Variant item)
            throws IOException, InterruptedException {
        WorkspacePlan plan = launch.planFor(item);
        state.add(index, VariantProgress.planned(plan, item.values()));
        sending.add(index);
        WorkspaceGeneration job = WorkspaceGeneration.of(ctx, plan, index);
        jobs.add(job);
        return job;
    }

    /** How the workspace host records the generations in the state. */
    private final class States implements WorkspaceBatchHost.States {
        @Override
        public void reused(int index, GenerationResult result) {
            state.reused(index, new ManifestStore().toJson(result.manifest()));
            sending.remove(index);
        }

        /** Saves the task before anything else can happen to it; a synchronous call is still under way. */
        @Override
        public void submitted(int index, SubmittedTask task) {
            state.submitted(index, task);
            save.run();
            if (task.taskId() != null) {
                sending.remove(index);
            }
        }

        @Override
        public void held(int index, String holdId) {
            state.held(index, holdId); // saved with the plan, before anything is sent
        }

        @Override
        public void ended(int index) {
            sending.remove(index);
        }
    }

    /** Whether a restart now would lose something being paid for: planning, an upload or an unanswered create. */
    boolean busy() {
        return planning || !sending.isEmpty();
    }

    /** Cancels what is under way; what ended already stays. */
    void stop() {
        stopped = true;
        Runnable c = cancel;
        if (c != null) {
            c.run();
        }
    }

    private Instant deadline() {
        return Instant.ofEpochMilli(state.deadlineMillis());
    }

    String function() {
        return state.set() != null
                ? GenerateImagesStep.DescriptorImpl.FUNCTION
                : GenerateImageStep.DescriptorImpl.FUNCTION;
    }
}
