package io.jenkins.plugins.dashscope.core.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The DashScope image API families. A family fixes the endpoint path, whether the call is an asynchronous
 * task or a synchronous request, how the prompt is sent and, unless the model says otherwise
 * ({@link ModelWire#output()}), where result URLs are found.
 */
public enum ApiFamily {
    TEXT2IMAGE("text2image", "services/aigc/text2image/image-synthesis", Mode.ASYNC, Input.PROMPT, Output.RESULTS),
    IMAGE2IMAGE("image2image", "services/aigc/image2image/image-synthesis", Mode.ASYNC, Input.PROMPT, Output.RESULTS),
    IMAGE_GENERATION(
            "image-generation",
            "services/aigc/image-generation/generation",
            Mode.ASYNC,
            Input.MESSAGES,
            Output.CHOICES),
    /** Synchronous only: the vendor answers 403 AccessDenied to the async header. */
    MULTIMODAL_GENERATION(
            "multimodal-generation",
            "services/aigc/multimodal-generation/generation",
            Mode.SYNC,
            Input.MESSAGES,
            Output.CHOICES),
    /** Extends an image (image-out-painting); the one result is {@code output.output_image_url}. */
    OUT_PAINTING(
            "out-painting",
            "services/aigc/image2image/out-painting",
            Mode.ASYNC,
            Input.PROMPT,
            Output.OUTPUT_IMAGE_URL),
    /** A new background behind a product (wanx-background-generation-v2); the vendor's path ends in a slash. */
    BACKGROUND_GENERATION(
            "background-generation",
            "services/aigc/background-generation/generation/",
            Mode.ASYNC,
            Input.PROMPT,
            Output.RESULTS);

    /** Whether a create call returns a task to poll or the finished result. */
    public enum Mode {
        ASYNC,
        SYNC
    }

    /** {@code input.prompt} or {@code input.messages[0].content[0].text}. */
    public enum Input {
        PROMPT,
        MESSAGES
    }

    /**
     * {@code output.results[].url}, {@code output.choices[].message.content[].image}, or one image at
     * {@code output.output_image_url} (out-painting) or {@code output.image_url} (qwen-mt-image).
     */
    public enum Output {
        RESULTS,
        CHOICES,
        OUTPUT_IMAGE_URL,
        IMAGE_URL
    }

    private final String id;
    private final String path;
    private final Mode mode;
    private final Input input;
    private final Output output;

    ApiFamily(String id, String path, Mode mode, Input input, Output output) {
        this.id = id;
        this.path = path;
        this.mode = mode;
        this.input = input;
        this.output = output;
    }

    /** The name users write, e.g. {@code text2image}. */
    public String id() {
        return id;
    }

    /** Path below the {@code /api/v1} base URL. */
    public String path() {
        return path;
    }

    public Mode mode() {
        return mode;
    }

    public boolean isAsync() {
        return mode == Mode.ASYNC;
    }

    public Input input() {
        return input;
    }

    public Output output() {
        return output;
    }

    public static Optional<ApiFamily> byId(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values())
                .filter(f -> f.id.equals(wanted) || f.path.equals(wanted))
                .findFirst();
    }

    public static String allowedIds() {
        return Arrays.stream(values()).map(ApiFamily::id).collect(Collectors.joining(", "));
    }
}
