package io.jenkins.plugins.dashscope.core.generation;

import io.jenkins.plugins.dashscope.core.wait.WaitOutcome;
import java.util.concurrent.CompletableFuture;

/**
 * Puts a finished task's images and manifest where the caller wants them. The engine's own
 * {@link LocalDelivery} writes to a local folder; a host may deliver elsewhere (the Jenkins step runs a
 * {@link DeliveryOrder} on the agent that owns the workspace). A delivery never sees the API key.
 */
@FunctionalInterface
public interface Delivery {

    /**
     * Completes with what was saved, which may be nothing (a failed task, every download refused); the
     * engine decides whether that is a failure.
     */
    CompletableFuture<GenerationResult> deliver(SubmittedTask task, WaitOutcome outcome);
}
