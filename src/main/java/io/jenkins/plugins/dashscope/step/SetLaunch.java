package io.jenkins.plugins.dashscope.step;

import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.dashscope.agent.AgentCalls;
import io.jenkins.plugins.dashscope.build.BuildLog;
import io.jenkins.plugins.dashscope.build.PreviousBuild;
import io.jenkins.plugins.dashscope.config.DashScopeConfiguration;
import io.jenkins.plugins.dashscope.core.batch.BatchPlan;
import io.jenkins.plugins.dashscope.core.batch.BatchRun;
import io.jenkins.plugins.dashscope.core.common.PathNames;
import io.jenkins.plugins.dashscope.core.spec.AssetSpec;
import io.jenkins.plugins.dashscope.core.spec.SetLimit;
import io.jenkins.plugins.dashscope.core.spec.Variant;
import io.jenkins.plugins.dashscope.workspace.WorkspaceBatchHost;
import io.jenkins.plugins.dashscope.workspace.WorkspacePlan;
import java.nio.file.Path;
import java.time.Instant;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** {@code generateImages}: a spec read from the workspace and planned whole by the core, then run. */
record SetLaunch(GenerateImagesStep step) implements StepLaunch {

    @Override
    public Integer timeout() {
        return step.getTimeout();
    }

    @Override
    public GenerationState newState() {
        return new GenerationState(
                new SetReport(
                        step.getSpec(), step.getOutputDir(), step.isArchive(), step.isAllowPartial(), step.isDryRun()),
                step.isDryRun());
    }

    @Override
    public WorkspacePlan planFor(Variant item) {
        return StepPlans.of(step, item);
    }

    /**
     * Reads and checks the whole spec, then the core's batch plans it (every variant prepared, nothing sent; what the
     * previous successful build made for identical requests taken; the budgets checked) and runs it.
     */
    @Override
    public BatchRun.Running start(
            StepContext ctx, WorkspaceBatchHost.Jobs jobs, WorkspaceBatchHost.States states, Instant deadline)
            throws Exception {
        DashScopeConfiguration config = DashScopeConfiguration.get();
        boolean dryRun = step.isDryRun();
        WorkspaceBatchHost host =
                new WorkspaceBatchHost(jobs, states, dryRun, config.getModel(), new PreviousBuild(ctx.get(Run.class)));
        String specPath = GenerateImagesStep.checkSpec(step.getSpec());
        String name = PathNames.name(Path.of(specPath));
        AssetSpec spec = AssetSpec.parse(name, ctx.get(FilePath.class).act(new AgentCalls.ReadSpec(specPath)));
        boolean reuse = step.getReuse() != null ? step.getReuse() : config.isReuse();
        BatchPlan plan = BatchRun.plan(
                host,
                name,
                Variant.all(spec, step.getValues()),
                SetLimit.of(step.getMaxImages(), config.getMaxImagesPerBuild(), !dryRun),
                reuse && !dryRun);
        BuildLog.line(ctx.get(TaskListener.class), plan.describe(config.priceTable(), dryRun ? "dry run" : null));
        return BatchRun.run(host, plan, deadline);
    }
}
