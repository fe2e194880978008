package io.jenkins.plugins.dashscope.review;

import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import io.jenkins.plugins.dashscope.core.review.Retake;
import java.io.File;
import java.io.IOException;
import jenkins.MasterToSlaveFileCallable;

/** Lists a set's finished retake in its {@code assets.json}, on the agent. Carries plain values only. */
final class IndexRetake extends MasterToSlaveFileCallable<Void> {
    private static final long serialVersionUID = 1L;

    private final String root;
    private final String of;
    private final String folder;

    IndexRetake(String root, String of, String folder) {
        this.root = root;
        this.of = of;
        this.folder = folder;
    }

    @Override
    public Void invoke(File workspace, VirtualChannel channel) throws IOException {
        Retake.index(OutputNames.resolveWithin(workspace.toPath(), root), of, folder);
        return null;
    }
}
