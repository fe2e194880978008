package io.jenkins.plugins.dashscope.core.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code manifest.json}: what was asked, what came back, where it is. Schema version 1.
 *
 * @param actualPrompt the prompt after the server's rewriting, when it returns one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
        int schemaVersion,
        String model,
        String api,
        String taskId,
        String requestId,
        String status,
        RequestRecord request,
        List<ImageRecord> images,
        List<FailureRecord> failures,
        Usage usage,
        Timing timing,
        String actualPrompt) {

    public static final int SCHEMA_VERSION = 1;

    public Manifest {
        images = images == null ? List.of() : List.copyOf(images);
        failures = failures == null ? List.of() : List.copyOf(failures);
    }

    /** The request as sent; local inputs by file name and SHA-256, never by their upload URL. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RequestRecord(String prompt, String negativePrompt, JsonNode parameters, List<InputRecord> inputs) {
    }

    /** An image input: a local file by name and hash, or a URL without its query. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InputRecord(String field, String file, String sha256, String url) {
    }

    /** One saved image; {@code file} is relative to the manifest's folder. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ImageRecord(int index, String file, String sha256, long bytes, Integer width, Integer height,
            String contentType, String sourceUrl) {
    }

    public record FailureRecord(int index, String code, String message) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Usage(Integer imageCount) {
    }

    /** Instants in ISO-8601. */
    public record Timing(String submittedAt, String finishedAt, long waitMillis, int polls) {
    }
}
