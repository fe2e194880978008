package io.jenkins.plugins.dashscope.core.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of {@code GET /tasks}.
 *
 * @param serverTime the server's clock when it answered (its {@code Date} header), to compare the listed creation
 *                   times with; null when it sent none
 */
public record TaskPage(List<Entry> tasks, int total, int totalPages, int pageNo, int pageSize, Instant serverTime) {

    public TaskPage {
        tasks = List.copyOf(tasks);
    }

    /**
     * @param created   the creation time as the server wrote it
     * @param createdAt the creation time as an instant; null when the server wrote one without a zone or not at all,
     *                  since a time that may be off by a day's zones proves nothing about which task is whose
     */
    public record Entry(
            String taskId,
            TaskStatus status,
            String model,
            String region,
            String created,
            Instant createdAt,
            String started,
            String ended,
            String requestId) {}

    static TaskPage parse(JsonNode root, String dateHeader) {
        List<Entry> entries = new ArrayList<>();
        for (JsonNode t : root.path("data")) {
            entries.add(new Entry(
                    SnapshotParser.text(t, "task_id"),
                    TaskStatus.parse(t.path("status").asText()),
                    SnapshotParser.text(t, "model_name"),
                    SnapshotParser.text(t, "region"),
                    SnapshotParser.text(t, "gmt_create"),
                    epoch(t.get("gmt_create")),
                    SnapshotParser.text(t, "start_time"),
                    SnapshotParser.text(t, "end_time"),
                    SnapshotParser.text(t, "request_id")));
        }
        return new TaskPage(
                entries,
                root.path("total").asInt(),
                root.path("total_page").asInt(),
                root.path("page_no").asInt(),
                root.path("page_size").asInt(),
                httpDate(dateHeader));
    }

    /** Epoch milliseconds (the official SDK reads the list's times as numbers), as a number or a string of digits. */
    static Instant epoch(JsonNode v) {
        if (v == null) {
            return null;
        }
        String s = v.asText();
        if (!s.matches("\\d{12,14}")) {
            return null;
        }
        return Instant.ofEpochMilli(Long.parseLong(s));
    }

    static Instant httpDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
