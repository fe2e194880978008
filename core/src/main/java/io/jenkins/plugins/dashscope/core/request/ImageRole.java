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

    public ModelOption option() {
        return option;
    }

    /** The key under {@code input}. */
    public String wireName() {
        return wireName;
    }
}
