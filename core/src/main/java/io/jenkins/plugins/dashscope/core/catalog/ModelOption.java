package io.jenkins.plugins.dashscope.core.catalog;

/**
 * Request capabilities whose support differs between models. The request option each guards, and so the
 * field an error names, is given by the option table ({@code RequestOption.guard()}).
 */
public enum ModelOption {
    NEGATIVE_PROMPT,
    SIZE,
    SEED,
    STYLE,
    REF_IMAGE,
    BASE_IMAGE,
    MASK_IMAGE,
    MASK_COLOR,
    FUNCTION,
    PROMPT_EXTEND,
    WATERMARK,
    /** Several input images, in order (editing and image-to-image models). */
    IMAGES,
    /** A sketch to draw from, and how closely to follow it. */
    SKETCH_IMAGE,
    SKETCH_WEIGHT,
    /** Extending an image: rotation, aspect ratio, scales and offsets (image-out-painting). */
    OUT_PAINTING,
    /** Translating the text inside an image: source and target language (qwen-mt-image). */
    TRANSLATION,
    /** A set of related images in one request, up to 12 (wan2.7). */
    SEQUENTIAL,
    /** Reasoning before drawing, text-to-image only (wan2.7). */
    THINKING_MODE,
    /** Colours the image is to use and their shares (wan2.7). */
    COLOR_PALETTE,
    /** Boxes marking the areas of each input image to edit (wan2.7). */
    BBOX_LIST
}
