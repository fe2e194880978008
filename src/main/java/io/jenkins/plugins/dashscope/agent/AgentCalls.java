package io.jenkins.plugins.dashscope.agent;

import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import hudson.util.Secret;
import io.jenkins.plugins.dashscope.build.BuildLog;
import io.jenkins.plugins.dashscope.core.batch.BatchSummary;
import io.jenkins.plugins.dashscope.core.client.ProxyCredentials;
import io.jenkins.plugins.dashscope.core.common.AtomicFiles;
import io.jenkins.plugins.dashscope.core.common.TextFiles;
import io.jenkins.plugins.dashscope.core.dryrun.DryRun;
import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import io.jenkins.plugins.dashscope.core.generation.DeliveryOrder;
import io.jenkins.plugins.dashscope.core.generation.GenerationEvent;
import io.jenkins.plugins.dashscope.core.generation.Output;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import io.jenkins.plugins.dashscope.core.request.LocalFiles;
import io.jenkins.plugins.dashscope.core.reuse.EarlierResult;
import io.jenkins.plugins.dashscope.core.reuse.Reuse;
import io.jenkins.plugins.dashscope.core.spec.AssetSpec;
import io.jenkins.plugins.dashscope.core.upload.InputFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jenkins.MasterToSlaveFileCallable;

/**
 * What the controller asks of the agent that owns the workspace. Orders carry no API key (result URLs are
 * signed for download only); results are manifests as JSON, or an input image's checked bytes.
 */
public final class AgentCalls {

    private AgentCalls() {}

    /**
     * Download a finished task's images into the workspace and write its manifest. The proxy's password travels
     * only when an administrator allows it, as a {@link Secret}.
     */
    static final class Deliver extends MasterToSlaveFileCallable<String> {
        private static final long serialVersionUID = 3L;
        private final DeliveryOrder order;
        private final String outputDir;
        private final String prefix;
        private final Finishing finishing;
        private final String proxyUser;
        private final Secret proxyPassword;

        Deliver(
                DeliveryOrder order,
                String outputDir,
                String prefix,
                Finishing finishing,
                String proxyUser,
                Secret proxyPassword) {
            this.order = order;
            this.outputDir = outputDir;
            this.prefix = prefix;
            this.finishing = finishing;
            this.proxyUser = proxyUser;
            this.proxyPassword = proxyPassword;
        }

        @Override
        public String invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
            return order.deliverInto(
                    workspace.toPath(),
                    outputDir,
                    prefix,
                    finishing,
                    ProxyCredentials.of(proxyUser, Secret.toString(proxyPassword)));
        }
    }

    /**
     * An earlier build's images, copied into a hidden folder of the output folder by the controller, taken into the
     * output under this generation's names if each has the size and SHA-256 its manifest recorded.
     */
    public static final class Adopt extends MasterToSlaveFileCallable<String> {
        private static final long serialVersionUID = 1L;
        private final String manifestJson;
        private final String label;
        private final String outputDir;
        private final String prefix;
        private final Finishing finishing;
        private final String stage;

        public Adopt(
                String manifestJson, String label, String outputDir, String prefix, Finishing finishing, String stage) {
            this.manifestJson = manifestJson;
            this.label = label;
            this.outputDir = outputDir;
            this.prefix = prefix;
            this.finishing = finishing;
            this.stage = stage;
        }

        @Override
        public String invoke(File workspace, VirtualChannel channel) throws IOException {
            Path dir = OutputNames.resolveWithin(workspace.toPath(), outputDir);
            if (!stage.matches("\\.reuse-[0-9a-f-]{36}")) {
                throw new IOException("not a staging folder of this plugin: " + stage);
            }
            Path staged = dir.resolve(stage);
            ManifestStore store = new ManifestStore();
            // Reuse checks every name against this plugin's image names before it opens it
            EarlierResult from = new EarlierResult(
                    store.fromJson(manifestJson), label, name -> Files.newInputStream(staged.resolve(name)));
            return store.toJson(Reuse.into(from, new Output(dir, prefix, finishing, workspace.toPath()))
                    .manifest());
        }
    }

    /** A whole generation against a simulator started in the agent's JVM (it listens on loopback only). */
    /**
     * A dry run on the agent, logging as a real run does (each event, straight to the build log). The banner comes
     * once the request is valid, so a typo reads as an error, not as a dry run that then fails.
     */
    public static final class SimulatedRun extends MasterToSlaveFileCallable<String> {
        private static final long serialVersionUID = 1L;
        private final DryRun dryRun;
        private final TaskListener listener;
        private final String label;
        private final String banner;

        /**
         * @param label  what starts each line ({@code [banner-en] } for a set's variant)
         * @param banner the dry-run line once the request is valid; null when the set's first line said it
         */
        public SimulatedRun(DryRun dryRun, TaskListener listener, String label, String banner) {
            this.dryRun = dryRun;
            this.listener = listener;
            this.label = label;
            this.banner = banner;
        }

        @Override
        public String invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
            return dryRun.runIn(workspace.toPath(), event -> {
                BuildLog.line(listener, label + event.describe());
                if (event instanceof GenerationEvent.Validated && banner != null) {
                    BuildLog.line(listener, banner);
                }
            });
        }
    }

    /** A spec file in the workspace, as UTF-8 text with a byte cap: never a file outside it, a device or a giant. */
    /**
     * Proves the output folder inside the workspace (links followed) and writable, on the agent, before anything
     * is paid for: {@code FilePath.mkdirs()} would follow a link out of the workspace.
     */
    /**
     * Proves the output folder writable, and every overlay drawable (its font and logo files, its glyphs, its fit),
     * on the agent that holds the workspace, before anything is paid for.
     */
    public static final class CheckOutput extends MasterToSlaveFileCallable<Void> {
        private static final long serialVersionUID = 2L;
        private final String outputDir;
        private final Finishing finishing;

        public CheckOutput(String outputDir, Finishing finishing) {
            this.outputDir = outputDir;
            this.finishing = finishing;
        }

        @Override
        public Void invoke(File workspace, VirtualChannel channel) throws IOException {
            OutputNames.probe(OutputNames.resolveWithin(workspace.toPath(), outputDir));
            finishing.check(workspace.toPath());
            return null;
        }
    }

    public static final class ReadSpec extends MasterToSlaveFileCallable<String> {
        private static final long serialVersionUID = 1L;
        private final String relative;

        public ReadSpec(String relative) {
            this.relative = relative;
        }

        @Override
        public String invoke(File workspace, VirtualChannel channel) {
            return TextFiles.read(
                    LocalFiles.within(workspace.toPath()).resolve("spec", relative),
                    AssetSpec.MAX_BYTES,
                    "spec",
                    "spec file");
        }
    }

    /** {@code assets.json} into the spec's output folder, whole or not at all. */
    public static final class WriteIndex extends MasterToSlaveFileCallable<Void> {
        private static final long serialVersionUID = 1L;
        private final String outputDir;
        private final byte[] index;

        public WriteIndex(String outputDir, byte[] index) {
            this.outputDir = outputDir;
            this.index = index.clone();
        }

        @Override
        public Void invoke(File workspace, VirtualChannel channel) throws IOException {
            Path dir = OutputNames.resolveWithin(workspace.toPath(), outputDir);
            Files.createDirectories(dir);
            AtomicFiles.write(dir.resolve(BatchSummary.INDEX), index);
            return null;
        }
    }

    /** A local input image, checked where it lives and read with a byte cap; null when it does not exist. */
    public static final class ReadInput extends MasterToSlaveFileCallable<byte[]> {
        private static final long serialVersionUID = 1L;
        private final String field;
        private final String relative;

        public ReadInput(String field, String relative) {
            this.field = field;
            this.relative = relative;
        }

        @Override
        public byte[] invoke(File workspace, VirtualChannel channel) {
            return InputFiles.read(field, LocalFiles.within(workspace.toPath()).resolve(field, relative))
                    .orElse(null);
        }
    }
}
