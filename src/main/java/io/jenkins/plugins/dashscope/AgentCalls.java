package io.jenkins.plugins.dashscope;

import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.dashscope.core.generation.DeliveryOrder;
import io.jenkins.plugins.dashscope.core.simulator.DryRun;
import java.io.File;
import java.io.IOException;
import jenkins.MasterToSlaveFileCallable;

/**
 * The two things the controller asks of the agent that owns the workspace. Each carries a core order
 * with no API key (result URLs are signed for download only) and returns the manifest as JSON.
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
}
