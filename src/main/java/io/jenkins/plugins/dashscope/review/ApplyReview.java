package io.jenkins.plugins.dashscope.review;

import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import io.jenkins.plugins.dashscope.core.review.RunReview;
import io.jenkins.plugins.dashscope.core.review.Verdict;
import java.io.File;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jenkins.MasterToSlaveFileCallable;

/**
 * Writes a review's decisions into one generation's folder on the agent, as the CLI's {@code --review-file} does:
 * into its manifest, and its approved images into {@code approved/}. Carries plain values only.
 */
final class ApplyReview extends MasterToSlaveFileCallable<Void> {
    private static final long serialVersionUID = 1L;

    private final String outputDir;
    /** Each decision as {image name in the folder, verdict, user, epoch millis, reason or null}. */
    private final ArrayList<String[]> decisions;

    ApplyReview(String outputDir, List<String[]> decisions) {
        this.outputDir = outputDir;
        this.decisions = new ArrayList<>(decisions);
    }

    @Override
    public Void invoke(File workspace, VirtualChannel channel) throws IOException {
        List<RunReview.Decided> decided = new ArrayList<>();
        for (String[] d : decisions) {
            decided.add(new RunReview.Decided(
                    d[0], Verdict.valueOf(d[1]), d[2], Instant.ofEpochMilli(Long.parseLong(d[3])), d[4]));
        }
        RunReview.of("outputDir", OutputNames.resolveWithin(workspace.toPath(), outputDir))
                .apply(decided);
        return null;
    }
}
