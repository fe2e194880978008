package io.jenkins.plugins.dashscope.step;

import io.jenkins.plugins.dashscope.config.DashScopeService;
import io.jenkins.plugins.dashscope.core.batch.BatchRun;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.spec.Variant;
import io.jenkins.plugins.dashscope.workspace.WorkspaceBatchHost;
import io.jenkins.plugins.dashscope.workspace.WorkspacePlan;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * One generation that a build runs outside a generation step, on another step's context: a reviewer's retake. It is
 * planned, run, archived and recorded exactly as {@code generateImage} with {@code reuse: false} (budget, gates,
 * the build page); its state goes to whoever keeps it (the review), which resumes it after a restart.
 */
public final class DetachedGeneration {

    private final GenerationState state;
    private final GenerationDriver driver;

    private DetachedGeneration(GenerationState state, boolean fresh, Consumer<String> keep) {
        this.state = state;
        this.driver = new GenerationDriver(state, fresh, () -> keep.accept(StateForm.write(state)));
    }

    /** A new one, busy from now on (for {@code blocksRestart}) until {@link #begin} has sent it. */
    public static DetachedGeneration of(WorkspacePlan plan, Consumer<String> keep) {
        GenerationState state = new GenerationState(null, plan.dryRun());
        state.deadlineMillis(DashScopeService.get().deadline(null).toEpochMilli());
        return new DetachedGeneration(state, true, keep);
    }

    /** One saved before a restart, to {@link #resume}. */
    public static DetachedGeneration saved(String form, Consumer<String> keep) throws IOException {
        return new DetachedGeneration(StateForm.read(form), false, keep);
    }

    /**
     * Plans and starts, never reusing; blocking. Completes with the map {@code generateImage} would return, or
     * with the build's message of why it failed.
     */
    @SuppressWarnings("unchecked")
    public CompletableFuture<Map<String, Object>> begin(
            StepContext ctx, WorkspacePlan plan, GenerationRequest request) {
        StepLaunch launch = new Once(state, plan, request);
        return driver.begin(ctx, launch).thenApply(v -> (Map<String, Object>) v);
    }

    /** Waits again on the task saved before a restart; never submits. */
    @SuppressWarnings("unchecked")
    public CompletableFuture<Map<String, Object>> resume(StepContext ctx) {
        return driver.resume(ctx).thenApply(v -> (Map<String, Object>) v);
    }

    /** Whether a restart now would lose what it pays for. */
    public boolean busy() {
        return driver.busy();
    }

    public void stop() {
        driver.stop();
    }

    /** The launch of one request, never reused, in the build of the context it is given. */
    private record Once(GenerationState state, WorkspacePlan plan, GenerationRequest request) implements StepLaunch {
        @Override
        public Integer timeout() {
            return null;
        }

        @Override
        public GenerationState newState() {
            return state;
        }

        @Override
        public WorkspacePlan planFor(Variant item) {
            return plan;
        }

        @Override
        public BatchRun.Running start(
                StepContext ctx, WorkspaceBatchHost.Jobs jobs, WorkspaceBatchHost.States states, Instant deadline)
                throws IOException, InterruptedException {
            return SingleGeneration.run(SingleGeneration.host(ctx, jobs, states, plan), plan, request, false, deadline);
        }
    }
}
