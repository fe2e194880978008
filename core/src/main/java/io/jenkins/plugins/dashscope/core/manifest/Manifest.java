package io.jenkins.plugins.dashscope.core.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code manifest.json}: what was asked, what came back, where it is. Schema version 1.
 *
 * @param actualPrompt the prompt after the server's rewriting, when it returns one
 * @param fingerprint  the SHA-256 of everything that decides the result (model, API, endpoint, prompt, every
 *                     parameter, each input image's content), which {@code reuse} matches; null in older manifests
 * @param reusedFrom   where the images were taken from instead of paying again (a build such as {@code #12}, or a
 *                     folder); null when they were generated
 * @param review       reviewers' decisions on the images, in the order they were made (the last one per image
 *                     counts, the earlier stay on record); null until someone decided
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
        String actualPrompt,
        List<DerivedRecord> derived,
        FileRecord contactSheet,
        String fingerprint,
        String reusedFrom,
        List<ReviewRecord> review) {

    public static final int SCHEMA_VERSION = 1;

    public Manifest {
        images = images == null ? List.of() : List.copyOf(images);
        failures = failures == null ? List.of() : List.copyOf(failures);
        derived = derived == null || derived.isEmpty() ? null : List.copyOf(derived); // absent unless asked for
        review = review == null || review.isEmpty() ? null : List.copyOf(review);
    }

    /** This manifest with {@code decisions} added to its review. */
    public Manifest withReview(List<ReviewRecord> decisions) {
        List<ReviewRecord> all = new java.util.ArrayList<>(reviewRecords());
        all.addAll(decisions);
        return toBuilder().review(all).build();
    }

    /** The review's decisions, never null. */
    public List<ReviewRecord> reviewRecords() {
        return review == null ? List.of() : review;
    }

    /**
     * One reviewer's decision on one image.
     *
     * @param image    the image's file, relative to the manifest's folder
     * @param verdict  {@code APPROVED} or {@code REJECTED}
     * @param reviewer who decided (a Jenkins user id, or the name a decisions file gives)
     * @param at       when, ISO-8601 in UTC
     * @param reason   why, when given
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReviewRecord(String image, String verdict, String reviewer, String at, String reason) {}

    /** A manifest built by name, each field unset until given: no positional list of sixteen with trailing nulls. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this manifest's fields, to make another that differs in some (a reused copy). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.model = model;
        b.api = api;
        b.taskId = taskId;
        b.requestId = requestId;
        b.status = status;
        b.request = request;
        b.images = images;
        b.failures = failures;
        b.usage = usage;
        b.timing = timing;
        b.actualPrompt = actualPrompt;
        b.derived = derived;
        b.contactSheet = contactSheet;
        b.fingerprint = fingerprint;
        b.reusedFrom = reusedFrom;
        b.review = review;
        return b;
    }

    /** Builds a manifest of the current schema version. */
    public static final class Builder {
        private String model;
        private String api;
        private String taskId;
        private String requestId;
        private String status;
        private RequestRecord request;
        private List<ImageRecord> images;
        private List<FailureRecord> failures;
        private Usage usage;
        private Timing timing;
        private String actualPrompt;
        private List<DerivedRecord> derived;
        private FileRecord contactSheet;
        private String fingerprint;
        private String reusedFrom;
        private List<ReviewRecord> review;

        private Builder() {}

        /** Model, API family, task and request ids, as the task was submitted. */
        public Builder task(String model, String api, String taskId, String requestId) {
            this.model = model;
            this.api = api;
            this.taskId = taskId;
            this.requestId = requestId;
            return this;
        }

        public Builder status(String status) {
            this.status = status;
            return this;
        }

        public Builder request(RequestRecord request, String fingerprint) {
            this.request = request;
            this.fingerprint = fingerprint;
            return this;
        }

        public Builder images(List<ImageRecord> images, List<FailureRecord> failures) {
            this.images = images;
            this.failures = failures;
            return this;
        }

        public Builder usage(Usage usage) {
            this.usage = usage;
            return this;
        }

        public Builder timing(Timing timing) {
            this.timing = timing;
            return this;
        }

        public Builder actualPrompt(String actualPrompt) {
            this.actualPrompt = actualPrompt;
            return this;
        }

        /** The sizes and the contact sheet made from the images. */
        public Builder finished(List<DerivedRecord> derived, FileRecord contactSheet) {
            this.derived = derived;
            this.contactSheet = contactSheet;
            return this;
        }

        /** Where the images were taken from instead of paying again; null when generated. */
        /** The review so far; null for none (a reused copy starts without the earlier build's decisions). */
        public Builder review(List<ReviewRecord> review) {
            this.review = review;
            return this;
        }

        public Builder reusedFrom(String reusedFrom) {
            this.reusedFrom = reusedFrom;
            return this;
        }

        public Manifest build() {
            return new Manifest(
                    SCHEMA_VERSION,
                    model,
                    api,
                    taskId,
                    requestId,
                    status,
                    request,
                    images,
                    failures,
                    usage,
                    timing,
                    actualPrompt,
                    derived,
                    contactSheet,
                    fingerprint,
                    reusedFrom,
                    review);
        }
    }

    /** Images paid for: the server's count when it gave one, else the images saved; none when reused. */
    public int paidImages() {
        if (reusedFrom != null) {
            return 0;
        }
        if (usage != null && usage.paid() != null) {
            return usage.paid();
        }
        return usage != null && usage.imageCount() != null ? usage.imageCount() : images.size();
    }

    /** Whether this is a complete result another generation of the same fingerprint may take instead of paying. */
    public boolean reusable() {
        return fingerprint != null && "SUCCEEDED".equals(status) && failures.isEmpty() && !images.isEmpty();
    }

    /** Derived files, never null. */
    public List<DerivedRecord> derivedFiles() {
        return derived == null ? List.of() : derived;
    }

    /** The request as sent; local inputs by file name and SHA-256, never by their upload URL. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RequestRecord(String prompt, String negativePrompt, JsonNode parameters, List<InputRecord> inputs) {

        /** {@code seed 42} when the request gave one, for the contact sheet's captions; null otherwise. */
        public String seedCaption() {
            return parameters != null && parameters.hasNonNull("seed")
                    ? "seed " + parameters.get("seed").asText()
                    : null;
        }
    }

    /** An image input: a local file by name and hash, or a URL without its query. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InputRecord(String field, String file, String sha256, String url) {}

    /** One saved image; {@code file} is relative to the manifest's folder. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ImageRecord(
            int index,
            String file,
            String sha256,
            long bytes,
            Integer width,
            Integer height,
            String contentType,
            String sourceUrl) {}

    public record FailureRecord(int index, String code, String message) {}

    /**
     * A file made from a saved image in another size: {@code source} is the original's file, {@code index} its
     * index; {@code fit} is how it was brought to size ({@code cover} or {@code contain}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DerivedRecord(
            int index,
            String file,
            String source,
            String fit,
            int width,
            int height,
            String sha256,
            long bytes,
            String contentType,
            List<OverlayRecord> overlays) {}

    /**
     * What an overlay drew on a derived file, so a reviewer sees what was written: the words, or the logo; the font
     * or logo file and its SHA-256 (none for an installed font); the box it took; the font size after shrinking.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OverlayRecord(
            String text, String source, String sha256, int x, int y, int width, int height, Integer size) {}

    /** A file this product wrote beside the images (the contact sheet). */
    public record FileRecord(String file, int width, int height, String sha256, long bytes) {}

    /**
     * @param imageCount the server's count of images made, when it reports one
     * @param paid       images this generation paid for (0 when reused)
     * @param reused     images taken from an earlier result instead
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Usage(Integer imageCount, Integer paid, Integer reused) {
        public Usage(Integer imageCount) {
            this(imageCount, null, null);
        }
    }

    /** Instants in ISO-8601. */
    public record Timing(String submittedAt, String finishedAt, long waitMillis, int polls) {}
}
