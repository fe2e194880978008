package io.jenkins.plugins.dashscope.core.client;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * What the server said about a task at one moment (a create or query answer).
 *
 * @param taskId        null for synchronous calls
 * @param scheduledTime when the server started the task, if it says
 * @param endTime       when the server finished it, if it says
 */
public record TaskSnapshot(
        String taskId,
        TaskStatus status,
        String requestId,
        String code,
        String message,
        List<ResultItem> results,
        TaskMetrics metrics,
        Integer imageCount,
        String actualPrompt,
        Instant submitTime,
        Instant scheduledTime,
        Instant endTime)
        implements Serializable {

    public TaskSnapshot {
        results = results == null ? List.of() : List.copyOf(results);
    }

    /** {@code task_metrics}: images expected, succeeded, failed so far. */
    public record TaskMetrics(int total, int succeeded, int failed) implements Serializable {}
}
