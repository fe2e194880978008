package io.jenkins.plugins.dashscope.core.catalog;

import java.util.Map;

/**
 * What a model accepts of a local input image: its size in bytes and the length of each side. Most models
 * take the vendor documents' 10 MB and 256..4096 pixels; the Qwen editing models are narrower (their page:
 * 384..3072 pixels) and wan2.7 wider (240..8000 pixels, 20 MB, as third parties state it; the service judges
 * any doubt, at no cost, since a refused request is not billed).
 *
 * @param maxBytes largest file
 * @param minSide  shortest side in pixels
 * @param maxSide  longest side in pixels
 */
public record InputLimits(long maxBytes, int minSide, int maxSide) {

    private static final long MB = 1024L * 1024;

    /** The vendor documents' rule, and that of a model the table does not know. */
    public static final InputLimits STANDARD = new InputLimits(10 * MB, 256, 4096);

    private static final InputLimits QWEN_EDIT = new InputLimits(10 * MB, 384, 3072);
    private static final InputLimits WAN27 = new InputLimits(20 * MB, 240, 8000);

    private static final Map<String, InputLimits> BUILT_IN = Map.of(
            "qwen-image-edit",
            QWEN_EDIT,
            "qwen-image-edit-plus",
            QWEN_EDIT,
            "qwen-image-edit-max",
            QWEN_EDIT,
            "qwen-image-2.0",
            QWEN_EDIT,
            "qwen-image-2.0-pro",
            QWEN_EDIT,
            "wan2.7-image",
            WAN27,
            "wan2.7-image-pro",
            WAN27);

    /** The largest file any model takes: what an agent may send the controller at most. */
    public static final long LARGEST_BYTES = 20 * MB;

    public static InputLimits of(String model) {
        return BUILT_IN.getOrDefault(model, STANDARD);
    }

    /** {@code 10 MB}. */
    public String describeBytes() {
        return maxBytes + " (" + maxBytes / MB + " MB)";
    }
}
