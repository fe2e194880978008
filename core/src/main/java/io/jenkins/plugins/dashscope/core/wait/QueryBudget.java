package io.jenkins.plugins.dashscope.core.wait;

import io.jenkins.plugins.dashscope.core.client.ApiKey;
import java.util.concurrent.CompletableFuture;

/**
 * Paces task queries of a key, however many waits share it (the platform answers at most 20 a second per
 * account). A query is sent once {@link #take} completes; the returned callback is run when its answer arrived.
 */
@FunctionalInterface
public interface QueryBudget {

    QueryBudget UNLIMITED = key -> CompletableFuture.completedFuture(() -> {});

    CompletableFuture<Runnable> take(ApiKey key);
}
