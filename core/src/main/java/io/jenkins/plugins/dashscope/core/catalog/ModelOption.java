package io.jenkins.plugins.dashscope.core.catalog;

/** Request options whose support differs between models. Each names the request field it guards. */
public enum ModelOption {
    NEGATIVE_PROMPT("negativePrompt"),
    SIZE("size"),
    SEED("seed"),
    STYLE("style"),
    REF_IMAGE("refImage"),
    BASE_IMAGE("baseImage"),
    MASK_IMAGE("maskImage"),
    MASK_COLOR("maskColor"),
    FUNCTION("function"),
    PROMPT_EXTEND("promptExtend"),
    WATERMARK("watermark");

    private final String field;

    ModelOption(String field) {
        this.field = field;
    }

    /** The request field name, as users write it. */
    public String field() {
        return field;
    }
}
