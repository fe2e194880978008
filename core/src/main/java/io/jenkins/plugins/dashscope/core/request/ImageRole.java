package io.jenkins.plugins.dashscope.core.request;

/** The image inputs a request can carry, each one option of the table. */
public enum ImageRole {
    REF(RequestOption.REF_IMAGE),
    BASE(RequestOption.BASE_IMAGE),
    MASK(RequestOption.MASK_IMAGE);

    private static final String INPUT = "input.";

    private final RequestOption option;

    ImageRole(RequestOption option) {
        this.option = option;
    }

    public String field() {
        return option.field();
    }

    public RequestOption option() {
        return option;
    }

    /** What the request gives for this role, or null. */
    public String valueIn(GenerationRequest r) {
        return (String) r.valueOf(option);
    }

    /** The request with this role's value replaced. */
    public GenerationRequest withValue(GenerationRequest r, String value) {
        return r.toBuilder().set(option, value).build();
    }

    /** The key under {@code input}. */
    public String wireName() {
        return option.wireNames().get(0).substring(INPUT.length());
    }
}
