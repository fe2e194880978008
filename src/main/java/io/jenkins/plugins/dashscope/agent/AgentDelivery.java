package io.jenkins.plugins.dashscope.agent;

import hudson.FilePath;
import hudson.ProxyConfiguration;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.config.DashScopeConfiguration;
import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import io.jenkins.plugins.dashscope.core.generation.Delivery;
import io.jenkins.plugins.dashscope.core.generation.DeliveryOrder;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import jenkins.MasterToSlaveFileCallable;
import jenkins.model.Jenkins;

/** Delivers on the agent that owns the workspace, looked up when the task is done (after a restart, too). */
public final class AgentDelivery implements Delivery {

    /** The workspace as it is now; the agent may have reconnected since the step started. */
    @FunctionalInterface
    public interface WorkspaceSource {
        FilePath get() throws IOException, InterruptedException;
    }

    private final WorkspaceSource workspace;
    private final String outputDir;
    private final String prefix;
    private final Finishing finishing;
    private final Executor pool;

    public AgentDelivery(
            WorkspaceSource workspace, String outputDir, String prefix, Finishing finishing, Executor pool) {
        this.workspace = workspace;
        this.outputDir = outputDir;
        this.prefix = prefix;
        this.finishing = finishing;
        this.pool = pool;
    }

    @Override
    public CompletableFuture<GenerationResult> deliver(DeliveryOrder order) {
        // the proxy password stays on the controller unless an administrator allows it to travel
        ProxyConfiguration proxy =
                DashScopeConfiguration.get().isProxyCredentialsToAgents() ? Jenkins.get().proxy : null;
        AgentCalls.Deliver call = proxy == null || proxy.getName() == null || proxy.getUserName() == null
                ? new AgentCalls.Deliver(order, outputDir, prefix, finishing, null, null)
                : new AgentCalls.Deliver(
                        order, outputDir, prefix, finishing, proxy.getUserName(), proxy.getSecretPassword());
        return onAgent(
                workspace,
                call,
                outputDir,
                pool,
                () -> Messages.AgentDelivery_NoWorkspace(order.task().taskId()));
    }

    /**
     * Runs a callable that returns a manifest on the workspace's agent, from the pool (remoting blocks),
     * and rebuilds the result from it. Cancelling the returned future interrupts the call on the agent (an abort,
     * the generation's deadline), which stops its downloads.
     */
    public static CompletableFuture<GenerationResult> onAgent(
            WorkspaceSource workspace,
            MasterToSlaveFileCallable<String> call,
            String outputDir,
            Executor pool,
            Supplier<String> whenOffline) {
        CompletableFuture<GenerationResult> result = new CompletableFuture<>();
        pool.execute(() -> {
            try {
                FilePath ws = workspace.get();
                if (ws == null) {
                    throw new IllegalStateException(whenOffline.get());
                }
                Future<String> remote = ws.actAsync(call);
                result.whenComplete((r, t) -> {
                    if (result.isCancelled()) {
                        remote.cancel(true);
                    }
                });
                result.complete(resultOf(remote.get(), outputDir));
            } catch (ExecutionException e) {
                result.completeExceptionally(e.getCause() == null ? e : e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result.completeExceptionally(e);
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** A result rebuilt from the manifest an agent wrote in {@code outputDir}. */
    public static GenerationResult resultOf(String manifestJson, String outputDir) throws IOException {
        return GenerationResult.of(new ManifestStore().fromJson(manifestJson), Path.of(outputDir));
    }
}
