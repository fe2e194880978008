package io.jenkins.plugins.dashscope.workspace;

import hudson.AbortException;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.build.BuildLog;
import io.jenkins.plugins.dashscope.build.GeneratedImagesAction;
import io.jenkins.plugins.dashscope.config.DashScopeConfiguration;
import io.jenkins.plugins.dashscope.core.batch.ResultValue;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.usage.PriceTable;
import io.jenkins.plugins.dashscope.core.usage.UsageSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.util.BuildListenerAdapter;

/** What a finished generation leaves in its build: its files archived, its entry on the build page, its usage. */
record GenerationRecord(
        Run<?, ?> run,
        FilePath workspace,
        Launcher launcher,
        TaskListener listener,
        WorkspacePlan plan,
        List<Integer> order) {

    /**
     * Archives, records the generation on the build page and returns what the script gets. Fails after
     * archiving when some images failed and partial results are not allowed.
     */
    Map<String, Object> finish(GenerationResult result) throws Exception {
        ResultValue value = ResultValue.of(result, plan.outputDir());
        List<String> artifacts = new ArrayList<>();
        if (plan.archive()) {
            Map<String, String> toArchive = new LinkedHashMap<>();
            value.toArchive().forEach(f -> toArchive.put(f, f));
            run.pickArtifactManager().archive(workspace, launcher, BuildListenerAdapter.wrap(listener), toArchive);
            artifacts.addAll(toArchive.keySet());
            BuildLog.line(listener, Messages.WorkspaceGeneration_Archived(toArchive.size()));
        }
        PriceTable prices = DashScopeConfiguration.get().priceTable();
        GeneratedImagesAction.of(run)
                .record(new GeneratedImagesAction.Entry(
                        result.manifest(),
                        plan.outputDir(),
                        plan.archive(),
                        plan.asset(),
                        plan.variant(),
                        prices,
                        plan.dryRun(),
                        order));
        if (plan.variant() == null) { // a spec reports its usage once, for the whole set
            BuildLog.line(
                    listener,
                    Messages.WorkspaceGeneration_Usage(UsageSummary.of(List.of(result.manifest()), plan.dryRun())
                            .describe(prices)));
            BuildLog.gallery(listener, run, plan.outputDir());
        }
        if (!result.failures().isEmpty() && !plan.allowPartial()) {
            throw new AbortException(Messages.WorkspaceGeneration_Partial(
                    result.failures().size(),
                    result.images().size() + result.failures().size(),
                    value.describeFailures()));
        }
        return value.toMap(artifacts);
    }
}
