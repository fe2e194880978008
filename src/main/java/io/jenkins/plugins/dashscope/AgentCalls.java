package io.jenkins.plugins.dashscope;

import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.dashscope.core.generation.DeliveryOrder;
import io.jenkins.plugins.dashscope.core.request.LocalFiles;
import io.jenkins.plugins.dashscope.core.simulator.DryRun;
import io.jenkins.plugins.dashscope.core.upload.InputFiles;
import java.io.File;
import java.io.IOException;
import jenkins.MasterToSlaveFileCallable;

/**
 * What the controller asks of the agent that owns the workspace. Orders carry no API key (result URLs are
 * signed for download only); results are manifests as JSON, or an input image's checked bytes.
 */
final class AgentCalls {

    private AgentCalls() {
    }

    /** Download a finished task's images into the workspace and write its manifest. */
    static final class Deliver extends MasterToSlaveFileCallable<String> {
        private static final long serialVersionUID = 1L;
        private final DeliveryOrder order;

        Deliver(DeliveryOrder order) {
            this.order = order;
        }

        @Override
        public String invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
            return order.deliverInto(workspace.toPath());
        }
    }

    /** A whole generation against a simulator started in the agent's JVM (it listens on loopback only). */
    static final class SimulatedRun extends MasterToSlaveFileCallable<String> {
        private static final long serialVersionUID = 1L;
        private final DryRun dryRun;

        SimulatedRun(DryRun dryRun) {
            this.dryRun = dryRun;
        }

        @Override
        public String invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
            return dryRun.runIn(workspace.toPath(), event -> { });
        }
    }

    /** A local input image, checked where it lives and read with a byte cap; null when it does not exist. */
    static final class ReadInput extends MasterToSlaveFileCallable<byte[]> {
        private static final long serialVersionUID = 1L;
        private final String field;
        private final String relative;

        ReadInput(String field, String relative) {
            this.field = field;
            this.relative = relative;
        }

        @Override
        public byte[] invoke(File workspace, VirtualChannel channel) {
            return InputFiles.read(field, LocalFiles.within(workspace.toPath()).resolve(field, relative)).orElse(null);
        }
    }
}
