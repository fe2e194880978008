package io.jenkins.plugins.dashscope.step;

import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.build.BuildLog;
import io.jenkins.plugins.dashscope.build.PreviousBuild;
import io.jenkins.plugins.dashscope.config.DashScopeConfiguration;
import io.jenkins.plugins.dashscope.core.batch.BatchPlan;
import io.jenkins.plugins.dashscope.core.batch.BatchRun;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.spec.SetLimit;
import io.jenkins.plugins.dashscope.core.spec.Variant;
import io.jenkins.plugins.dashscope.workspace.WorkspaceBatchHost;
import io.jenkins.plugins.dashscope.workspace.WorkspacePlan;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * {@code generateImage} and the freestyle builder: one generation, planned and run by the core as a batch of one.
 *
 * @param formParameters the freestyle form's extra parameters, added to the step's own
 */
public record SingleGeneration(GenerateImageStep step, WorkspacePlan plan, Map<String, Object> formParameters)
        implements StepLaunch {

    public SingleGeneration {
        formParameters = Map.copyOf(formParameters);
    }

    @Override
    public Integer timeout() {
        return step.getTimeout();
    }

    @Override
    public GenerationState newState() {
        return new GenerationState(null, plan.dryRun());
    }

    @Override
    public WorkspacePlan planFor(Variant item) {
        return plan;
    }

    @Override
    public BatchRun.Running start(
            StepContext ctx, WorkspaceBatchHost.Jobs jobs, WorkspaceBatchHost.States states, Instant deadline)
            throws IOException, InterruptedException {
        TaskListener listener = ctx.get(TaskListener.class);
        WorkspaceBatchHost host = host(ctx, jobs, states, plan);
        return run(host, deadline, line -> BuildLog.line(listener, line));
    }

    /** Validates, claims the output folder in the build and starts; blocking (file copies, validation). */
    public BatchRun.Running run(WorkspaceBatchHost host, Instant deadline, Consumer<String> log)
            throws IOException, InterruptedException {
        DashScopeConfiguration config = DashScopeConfiguration.get();
        GenerationRequest request = step.toRequest(config.getModel(), formParameters);
        Integer asked = step.getTimeout();
        if (asked != null && asked > config.getMaxTimeoutSeconds()) {
            log.accept(Messages.WorkspaceGeneration_TimeoutCapped(
                    String.valueOf(asked), String.valueOf(config.getMaxTimeoutSeconds())));
        }
        boolean reuse = step.getReuse() != null ? step.getReuse() : config.isReuse();
        return run(host, plan, request, reuse, deadline);
    }

    /** The workspace of the step's build as the host of a batch of one, earlier results from its previous build. */
    static WorkspaceBatchHost host(
            StepContext ctx, WorkspaceBatchHost.Jobs jobs, WorkspaceBatchHost.States states, WorkspacePlan plan)
            throws IOException, InterruptedException {
        return new WorkspaceBatchHost(jobs, states, plan.dryRun(), null, new PreviousBuild(ctx.get(Run.class)));
    }

    /** One request in {@code plan}'s folder, planned and run by the core as a batch of one. */
    static BatchRun.Running run(
            WorkspaceBatchHost host, WorkspacePlan plan, GenerationRequest request, boolean reuse, Instant deadline)
            throws IOException, InterruptedException {
        BatchPlan batch = BatchRun.plan(
                host,
                plan.outputDir(),
                List.of(Variant.single(request, plan.finishing(), null)),
                SetLimit.NONE,
                reuse && !plan.dryRun());
        return BatchRun.run(host, batch, deadline);
    }
}
