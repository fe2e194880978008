package io.jenkins.plugins.dashscope.core.request;

import io.jenkins.plugins.dashscope.core.catalog.ModelOption;

/** The image inputs a request can carry, with their request field and wire name. */
public enum ImageRole {
    REF(ModelOption.REF_IMAGE, "ref_img"),
    BASE(ModelOption.BASE_IMAGE, "base_image_url"),
    MASK(ModelOption.MASK_IMAGE, "mask_image_url");

    private final ModelOption option;
    private final String wireName;

    ImageRole(ModelOption option, String wireName) {
        this.option = option;
        this.wireName = wireName;
    }

    public String field() {
        return option.field();
    }

    /** What the request gives for this role, or null. */
    public String valueIn(GenerationRequest r) {
        return switch (this) {
            case REF -> r.refImage();
            case BASE -> r.baseImage();
            case MASK -> r.maskImage();
        };
    }

    /** The request with this role's value replaced. */
    public GenerationRequest withValue(GenerationRequest r, String value) {
        GenerationRequest.Builder b = r.toBuilder();
        return switch (this) {
            case REF -> b.refImage(value).build();
            case BASE -> b.baseImage(value).build();
            case MASK -> b.maskImage(value).build();
        };
    }

    public ModelOption option() {
        return option;
    }

    /** The key under {@code input}. */
    public String wireName() {
        return wireName;
    }
}
