package io.jenkins.plugins.dashscope;

import io.jenkins.plugins.dashscope.core.batch.BatchOutcome;
import io.jenkins.plugins.dashscope.core.batch.BatchPlan;
import io.jenkins.plugins.dashscope.core.batch.BatchRun;
import io.jenkins.plugins.dashscope.core.generation.SubmittedTask;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.spec.SetLimit;
import io.jenkins.plugins.dashscope.core.spec.Variant;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** {@code generateImage} and the freestyle builder: one generation, planned and run by the core as a batch of one. */
final class SingleGeneration {

    private SingleGeneration() {}

    /**
     * Validates, claims the output folder in this build and starts; blocking (file copies, validation).
     *
     * @param formParameters the freestyle form's extra parameters, added to the step's own
     * @param onSubmitted    told of the task as soon as it exists, to persist it
     */
    static WorkspaceGeneration.Running start(
            WorkspaceGeneration job,
            GenerateImageStep step,
            Map<String, Object> formParameters,
            Instant deadline,
            Consumer<SubmittedTask> onSubmitted)
            throws IOException, InterruptedException {
        DashScopeConfiguration config = DashScopeConfiguration.get();
        GenerationRequest request = step.toRequest(config.getModel(), formParameters);
        Integer asked = step.getTimeout();
        if (asked != null && asked > config.getMaxTimeoutSeconds()) {
            job.log(Messages.WorkspaceGeneration_TimeoutCapped(
                    String.valueOf(asked), String.valueOf(config.getMaxTimeoutSeconds())));
        }
        boolean reuse = step.getReuse() != null ? step.getReuse() : config.isReuse();
        WorkspaceBatchHost host = new WorkspaceBatchHost(
                (index, item) -> job,
                new WorkspaceBatchHost.States() {
                    @Override
                    public void submitted(int index, SubmittedTask task) {
                        onSubmitted.accept(task);
                    }
                },
                job.plan().dryRun,
                null,
                new PreviousBuild(job.run()));
        // a single generation is a batch of one, planned and run as every other
        BatchPlan batch = BatchRun.plan(
                host,
                job.plan().outputDir,
                List.of(Variant.single(request, job.plan().finishing, null)),
                SetLimit.NONE,
                reuse && !job.plan().dryRun);
        BatchRun.Running running = BatchRun.run(host, batch, deadline);
        return new WorkspaceGeneration.Running(
                running.outcomes().thenCompose(outcomes -> {
                    BatchOutcome only = outcomes.get(0);
                    return only.failure() != null
                            ? CompletableFuture.failedFuture(only.failure())
                            : CompletableFuture.completedFuture(only.result());
                }),
                running.cancel());
    }
}
