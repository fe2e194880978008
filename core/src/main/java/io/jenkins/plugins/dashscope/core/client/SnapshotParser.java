package io.jenkins.plugins.dashscope.core.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads task answers of every result shape: {@code results[]}, {@code choices[]}, or the one image of out-painting
 * ({@code output_image_url}) and image translation ({@code image_url}).
 */
final class SnapshotParser {

    /** The vendor writes {@code 2024-05-16 14:53:09.556}; only differences are used, so the zone is moot. */
    private static final DateTimeFormatter SERVER_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .toFormatter();

    private SnapshotParser() {}

    static TaskSnapshot parse(JsonNode root) {
        JsonNode out = root.path("output");
        String requestId = text(root, "request_id");
        List<ResultItem> items = new ArrayList<>();
        String actualPrompt = text(out, "actual_prompt");
        int index = 1;
        for (JsonNode r : out.path("results")) {
            String prompt = text(r, "actual_prompt");
            items.add(new ResultItem(index++, text(r, "url"), text(r, "code"), text(r, "message"), prompt));
            if (actualPrompt == null) {
                actualPrompt = prompt;
            }
        }
        for (JsonNode choice : out.path("choices")) {
            for (JsonNode content : choice.path("message").path("content")) {
                if (content.hasNonNull("image")) {
                    items.add(new ResultItem(index++, content.get("image").asText(), null, null, null));
                } else if (content.hasNonNull("text") && actualPrompt == null) {
                    actualPrompt = content.get("text").asText();
                }
            }
        }
        for (String single : new String[] {"output_image_url", "image_url"}) {
            if (items.isEmpty() && text(out, single) != null) {
                items.add(new ResultItem(index++, text(out, single), null, null, null));
            }
        }
        TaskStatus status = status(out);
        JsonNode m = out.path("task_metrics");
        TaskSnapshot.TaskMetrics metrics = m.isObject()
                ? new TaskSnapshot.TaskMetrics(
                        m.path("TOTAL").asInt(),
                        m.path("SUCCEEDED").asInt(),
                        m.path("FAILED").asInt())
                : null;
        JsonNode usage = root.path("usage");
        Integer imageCount =
                usage.hasNonNull("image_count") ? usage.get("image_count").asInt() : null;
        return new TaskSnapshot(
                text(out, "task_id"),
                status,
                requestId,
                text(out, "code"),
                text(out, "message"),
                items,
                metrics,
                imageCount,
                actualPrompt,
                time(out, "submit_time"),
                time(out, "scheduled_time"),
                time(out, "end_time"));
    }

    private static TaskStatus status(JsonNode out) {
        String statusText = text(out, "task_status");
        if (statusText != null) {
            TaskStatus status = TaskStatus.parse(statusText);
            if (status == TaskStatus.UNKNOWN && !statusText.trim().equalsIgnoreCase("UNKNOWN")) {
                // a status the API does not document is the server's problem, not a task that expired
                throw new IllegalArgumentException("task_status '" + statusText + "' is not a documented status");
            }
            return status;
        }
        if (out.has("choices")) {
            return TaskStatus.SUCCEEDED; // a synchronous answer is final
        }
        throw new IllegalArgumentException("answer has neither output.task_status nor output.choices");
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty()) ? null : v.asText();
    }

    private static Instant time(JsonNode node, String field) {
        String t = text(node, field);
        if (t == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(t, SERVER_TIME).toInstant(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
