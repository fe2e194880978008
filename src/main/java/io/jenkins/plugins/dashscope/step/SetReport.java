package io.jenkins.plugins.dashscope.step;

import hudson.AbortException;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.agent.AgentCalls;
import io.jenkins.plugins.dashscope.build.BuildLog;
import io.jenkins.plugins.dashscope.build.PartialResults;
import io.jenkins.plugins.dashscope.config.DashScopeConfiguration;
import io.jenkins.plugins.dashscope.core.batch.BatchOutcome;
import io.jenkins.plugins.dashscope.core.batch.BatchSummary;
import io.jenkins.plugins.dashscope.core.common.PathNames;
import io.jenkins.plugins.dashscope.workspace.WorkspaceGeneration;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.util.BuildListenerAdapter;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The end of {@code generateImages}: each variant archived and recorded in the spec's order (one that cannot be
 * counts as failed), {@code assets.json} written and archived, the batch's summary logged, and the step's value.
 */
public record SetReport(String specFile, String outputDir, boolean archive, boolean allowPartial, boolean dryRun)
        implements StepReport {

    /** The step's return value: each complete or partial variant's result by name; fails when one is not complete. */
    @Override
    public Map<String, Object> finish(StepContext ctx, List<WorkspaceGeneration> jobs, List<BatchOutcome> outcomes)
            throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        List<BatchOutcome> finished = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            BatchOutcome o = outcomes.get(i);
            Throwable failure = o.failure();
            if (o.result() != null) {
                try {
                    value.put(o.item().name(), jobs.get(i).finish(o.result()));
                } catch (Exception e) {
                    failure = e;
                }
            }
            if (failure != null) {
                failure = jobs.get(i).failure(failure); // the build's plain message; the folder is given back
            }
            finished.add(new BatchOutcome(o.item(), o.result(), failure));
        }
        BatchSummary summary = new BatchSummary(finished, dryRun);
        String index = writeIndex(ctx, summary);
        log(
                ctx,
                Messages.WorkspaceGeneration_Usage(
                        summary.usage().describe(DashScopeConfiguration.get().priceTable())));
        log(ctx, finished.size() + " variant(s) indexed in " + index);
        BuildLog.gallery(ctx.get(TaskListener.class), ctx.get(Run.class), null);
        List<String> incomplete = summary.incomplete();
        if (!incomplete.isEmpty() && !allowPartial) {
            throw new AbortException(
                    Messages.SetReport_Failed(incomplete.size(), finished.size(), String.join("; ", incomplete)));
        }
        if (!incomplete.isEmpty()) {
            PartialResults.markStep(
                    ctx,
                    Messages.PartialResults_Variants(
                            incomplete.size(), finished.size(), String.join("; ", incomplete)));
        }
        return value;
    }

    private static void log(StepContext ctx, String line) throws IOException, InterruptedException {
        BuildLog.line(ctx.get(TaskListener.class), line);
    }

    private String writeIndex(StepContext ctx, BatchSummary summary) throws Exception {
        String file = PathNames.name(Path.of(GenerateImagesStep.checkSpec(specFile)));
        String path = outputDir + "/" + BatchSummary.INDEX;
        FilePath workspace = ctx.get(FilePath.class);
        workspace.act(new AgentCalls.WriteIndex(outputDir, summary.index(file)));
        if (archive) {
            ctx.get(Run.class)
                    .pickArtifactManager()
                    .archive(
                            workspace,
                            ctx.get(Launcher.class),
                            BuildListenerAdapter.wrap(ctx.get(TaskListener.class)),
                            Map.of(path, path));
        }
        return path;
    }
}
