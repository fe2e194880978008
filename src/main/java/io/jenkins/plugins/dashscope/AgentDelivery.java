package io.jenkins.plugins.dashscope;

import hudson.FilePath;
import io.jenkins.plugins.dashscope.core.generation.Delivery;
import io.jenkins.plugins.dashscope.core.generation.DeliveryOrder;
import io.jenkins.plugins.dashscope.core.generation.GenerationEngine;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.generation.SubmittedTask;
import io.jenkins.plugins.dashscope.core.wait.WaitOutcome;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import jenkins.MasterToSlaveFileCallable;

/** Delivers on the agent that owns the workspace, looked up when the task is done (after a restart, too). */
final class AgentDelivery implements Delivery {

    /** The workspace as it is now; the agent may have reconnected since the step started. */
    @FunctionalInterface
    interface WorkspaceSource {
        FilePath get() throws Exception;
    }

    private final WorkspaceSource workspace;
    private final GenerationEngine engine;
    private final String outputDir;
    private final String prefix;
    private final Executor pool;

    AgentDelivery(WorkspaceSource workspace, GenerationEngine engine, String outputDir, String prefix, Executor pool) {
        this.workspace = workspace;
        this.engine = engine;
        this.outputDir = outputDir;
        this.prefix = prefix;
        this.pool = pool;
    }

    @Override
    public CompletableFuture<GenerationResult> deliver(SubmittedTask task, WaitOutcome outcome) {
        DeliveryOrder order = engine.deliveryOrder(task, outcome, outputDir, prefix);
        if (!DashScopeConfiguration.get().isProxyCredentialsToAgents()) {
            order = order.withoutProxyCredentials(); // the proxy password stays on the controller
        }
        return onAgent(workspace, new AgentCalls.Deliver(order), outputDir, pool,
                () -> Messages.AgentDelivery_NoWorkspace(task.taskId()));
    }

    /**
     * Runs a callable that returns a manifest on the workspace's agent, from the pool (remoting blocks),
     * and rebuilds the result from it.
     */
    static CompletableFuture<GenerationResult> onAgent(WorkspaceSource workspace, MasterToSlaveFileCallable<String> call,
            String outputDir, Executor pool, Supplier<String> whenOffline) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                FilePath ws = workspace.get();
                if (ws == null) {
                    throw new IllegalStateException(whenOffline.get());
                }
                return WorkspaceGeneration.resultOf(ws.act(call), outputDir);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, pool);
    }
}
