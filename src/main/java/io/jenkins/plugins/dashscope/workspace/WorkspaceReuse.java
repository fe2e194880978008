package io.jenkins.plugins.dashscope.workspace;

import hudson.FilePath;
import io.jenkins.plugins.dashscope.agent.AgentCalls;
import io.jenkins.plugins.dashscope.agent.AgentDelivery;
import io.jenkins.plugins.dashscope.build.PreviousBuild;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.generation.GenerationEvent;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import io.jenkins.plugins.dashscope.core.reuse.EarlierResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

/** {@code reuse} in a build: an earlier build's archived images copied into this build's workspace and checked there. */
final class WorkspaceReuse {

    private WorkspaceReuse() {}

    /**
     * Takes the previous successful build's result for the same request fingerprint, if there is a complete one:
     * its archived images are copied to the agent and checked there (SHA-256), sizes made again. Blocking; sends
     * nothing to DashScope. Null when there is nothing to reuse or the copy failed (logged): then generate.
     */
    static GenerationResult take(WorkspaceGeneration job, WorkspaceGeneration.Prepared p, PreviousBuild earlier) {
        WorkspacePlan plan = job.plan();
        EarlierResult from = earlier.find(p.request().fingerprint()).orElse(null);
        if (from == null) {
            return null;
        }
        String stage = ".reuse-" + UUID.randomUUID();
        FilePath staged = null;
        try {
            FilePath ws = job.workspace().get();
            staged = ws.child(plan.outputDir()).child(stage);
            for (Manifest.ImageRecord i : from.manifest().images()) {
                if (!OutputNames.isSavedImageName(i.file())) {
                    throw new IOException("its manifest names '" + i.file() + "'");
                }
                try (InputStream in = from.files().open(i.file())) {
                    staged.child(i.file()).copyFrom(in); // size and SHA-256 are checked on the agent
                }
            }
            String json = ws.act(new AgentCalls.Adopt(
                    new ManifestStore().toJson(from.manifest()),
                    from.label(),
                    plan.outputDir(),
                    plan.prefix(),
                    plan.finishing(),
                    stage));
            return AgentDelivery.resultOf(json, plan.outputDir()); // logged once the plan's line is out
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            job.log(new GenerationEvent.NotReused(
                    from.label(), DashScopeException.unwrap(e).getMessage()));
            return null;
        } finally {
            if (staged != null) {
                try {
                    staged.deleteRecursive();
                } catch (IOException | InterruptedException e) {
                    // a hidden folder of copies; the next reuse uses a new one
                }
            }
        }
    }
}
