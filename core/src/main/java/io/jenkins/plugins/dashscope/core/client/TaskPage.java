package io.jenkins.plugins.dashscope.core.client;

import java.util.List;

/** One page of {@code GET /tasks}. */
public record TaskPage(List<Entry> tasks, int total, int totalPages, int pageNo, int pageSize) {

    public TaskPage {
        tasks = List.copyOf(tasks);
    }

    public record Entry(
            String taskId,
            TaskStatus status,
            String model,
            String region,
            String created,
            String started,
            String ended,
            String requestId) {}
}
