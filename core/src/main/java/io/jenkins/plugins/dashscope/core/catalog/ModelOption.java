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
    SKETCH_WEIGHT
}
