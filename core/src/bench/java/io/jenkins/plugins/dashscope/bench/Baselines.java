package io.jenkins.plugins.dashscope.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.dashscope.core.catalog.ApiFamily;
import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.DashScopeClient;
import io.jenkins.plugins.dashscope.core.client.TaskSnapshot;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.ErrorKind;
import io.jenkins.plugins.dashscope.core.common.Json;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The two ways of waiting we compare against, on the same HTTP client and simulator:
 * the official SDKs' ({@link #sdkStyle}) and a shell loop's ({@link #naiveLoop}).
 */
final class Baselines {

    /** The SDKs' pauses between queries after the first, immediate one; then 5 s each. */
    private static final List<Duration> SDK_PAUSES = List.of(
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(4),
            Duration.ofSeconds(4));

    private static final Duration SDK_STEADY = Duration.ofSeconds(5);
    static final Duration NAIVE_INTERVAL = Duration.ofSeconds(3);
    static final Duration NAIVE_RETRY = Duration.ofSeconds(1);
    private static final int NAIVE_MAX_SUBMITS = 120;

    private final DashScopeClient client;
    private final ApiKey key;
    private final ScheduledExecutorService timer;

    Baselines(DashScopeClient client, ApiKey key, ScheduledExecutorService timer) {
        this.client = client;
        this.key = key;
        this.timer = timer;
    }

    static ObjectNode body(String model, String prompt) {
        ObjectNode body = Json.newMapper().createObjectNode();
        body.put("model", model);
        body.putObject("input").put("prompt", prompt);
        body.putObject("parameters").put("n", 1);
        return body;
    }

    /**
     * The SDK used with care: the SDK submits at once and waits by querying at once, then after 1,1,2,2,2,4,4,4 s,
     * then every 5 s, and throws on a 429; the user's loop around it backs off (1 s, doubling to 8 s) and submits
     * again, or calls the SDK's wait again (whose schedule starts over), so every task completes.
     */
    CompletableFuture<TaskSnapshot> sdkStyle(String[] modelAndPrompt) {
        return sdkSubmit(modelAndPrompt, 0).thenCompose(created -> sdkPoll(created.taskId(), 0, 0));
    }

    private CompletableFuture<TaskSnapshot> sdkSubmit(String[] modelAndPrompt, int refused) {
        return client.create(key, ApiFamily.TEXT2IMAGE, body(modelAndPrompt[0], modelAndPrompt[1]), false, null)
                .handle((s, t) -> t == null
                        ? CompletableFuture.completedFuture(s)
                        : throttled(t) && refused < NAIVE_MAX_SUBMITS
                                ? later(userBackOff(refused)).thenCompose(v -> sdkSubmit(modelAndPrompt, refused + 1))
                                : CompletableFuture.<TaskSnapshot>failedFuture(t))
                .thenCompose(f -> f);
    }

    private CompletableFuture<TaskSnapshot> sdkPoll(String taskId, int attempt, int refused) {
        Duration pause = attempt == 0
                ? Duration.ZERO
                : Bench.scaled(attempt <= SDK_PAUSES.size() ? SDK_PAUSES.get(attempt - 1) : SDK_STEADY);
        return later(pause)
                .thenCompose(v -> client.query(key, taskId))
                .handle((s, t) -> {
                    if (t != null) {
                        return throttled(t) && refused < NAIVE_MAX_SUBMITS
                                ? later(userBackOff(refused)).thenCompose(v -> sdkPoll(taskId, 0, refused + 1))
                                : CompletableFuture.<TaskSnapshot>failedFuture(t);
                    }
                    return s.status().isTerminal()
                            ? CompletableFuture.completedFuture(s)
                            : sdkPoll(taskId, attempt + 1, refused);
                })
                .thenCompose(f -> f);
    }

    /** A careful user's pause after the SDK threw on a 429: 1 s, doubling up to 8 s. */
    private static Duration userBackOff(int refusedBefore) {
        return Bench.scaled(Duration.ofSeconds(1L << Math.min(refusedBefore, 3)));
    }

    /** Submit at once, retrying a 429 after a fixed pause; query every fixed interval, retrying 429s likewise. */
    CompletableFuture<TaskSnapshot> naiveLoop(String[] modelAndPrompt) {
        return naiveSubmit(modelAndPrompt, 1).thenCompose(created -> naivePoll(created.taskId()));
    }

    private CompletableFuture<TaskSnapshot> naiveSubmit(String[] modelAndPrompt, int attempt) {
        return client.create(key, ApiFamily.TEXT2IMAGE, body(modelAndPrompt[0], modelAndPrompt[1]), false, null)
                .handle((s, t) -> {
                    if (t == null) {
                        return CompletableFuture.completedFuture(s);
                    }
                    if (throttled(t) && attempt < NAIVE_MAX_SUBMITS) {
                        return later(Bench.scaled(NAIVE_RETRY))
                                .thenCompose(v -> naiveSubmit(modelAndPrompt, attempt + 1));
                    }
                    return CompletableFuture.<TaskSnapshot>failedFuture(t);
                })
                .thenCompose(f -> f);
    }

    private CompletableFuture<TaskSnapshot> naivePoll(String taskId) {
        return later(Bench.scaled(NAIVE_INTERVAL))
                .thenCompose(v -> client.query(key, taskId))
                .handle((s, t) -> {
                    if (t != null) {
                        return throttled(t) ? naivePoll(taskId) : CompletableFuture.<TaskSnapshot>failedFuture(t);
                    }
                    return s.status().isTerminal() ? CompletableFuture.completedFuture(s) : naivePoll(taskId);
                })
                .thenCompose(f -> f);
    }

    private static boolean throttled(Throwable t) {
        DashScopeException e = DashScopeException.from(t);
        return e.kind() == ErrorKind.THROTTLED;
    }

    private CompletableFuture<Void> later(Duration pause) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        timer.schedule(() -> f.complete(null), pause.toNanos(), TimeUnit.NANOSECONDS);
        return f;
    }
}
