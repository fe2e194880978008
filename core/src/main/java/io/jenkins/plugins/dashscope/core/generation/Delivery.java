package io.jenkins.plugins.dashscope.core.generation;

import java.util.concurrent.CompletableFuture;

/**
 * Puts a finished task's images and manifest where the caller wants them. {@link LocalDelivery} writes to a
 * local folder; a host may deliver elsewhere (the Jenkins step runs the order on the agent that owns the
 * workspace). The order is complete: a delivery never calls back into the engine and never sees the API key.
 */
@FunctionalInterface
public interface Delivery {

    /**
     * Completes with what was saved, which may be nothing (a failed task, every download refused); the
     * engine decides whether that is a failure.
     */
    CompletableFuture<GenerationResult> deliver(DeliveryOrder order);
}
