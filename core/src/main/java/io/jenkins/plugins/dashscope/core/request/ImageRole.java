package io.jenkins.plugins.dashscope.core.request;

import java.util.ArrayList;
import java.util.List;

/**
 * The image inputs a request can carry: one per single-image option of the table, and one per position of
 * {@code images} ({@code INPUT_1} is {@code images[1]}), so every input is checked, copied, uploaded, recorded
 * and fingerprinted the same way, in order.
 */
public enum ImageRole {
    REF(RequestOption.REF_IMAGE, -1),
    BASE(RequestOption.BASE_IMAGE, -1),
    MASK(RequestOption.MASK_IMAGE, -1),
    SKETCH(RequestOption.SKETCH_IMAGE, -1),
    INPUT_1(RequestOption.IMAGES, 0),
    INPUT_2(RequestOption.IMAGES, 1),
    INPUT_3(RequestOption.IMAGES, 2),
    INPUT_4(RequestOption.IMAGES, 3),
    INPUT_5(RequestOption.IMAGES, 4),
    INPUT_6(RequestOption.IMAGES, 5),
    INPUT_7(RequestOption.IMAGES, 6),
    INPUT_8(RequestOption.IMAGES, 7),
    INPUT_9(RequestOption.IMAGES, 8);

    /** The most images {@code images} can give: the most any model takes. */
    public static final int INPUTS = io.jenkins.plugins.dashscope.core.catalog.ModelSpec.MAX_INPUT_IMAGES;

    private static final String INPUT = "input.";

    private final RequestOption option;
    /** Position in {@code images}; -1 for a single-image option. */
    private final int index;

    ImageRole(RequestOption option, int index) {
        this.option = option;
        this.index = index;
    }

    /** The field errors name: {@code baseImage}, or {@code images[2]}. */
    public String field() {
        return index < 0 ? option.field() : option.field() + "[" + (index + 1) + "]";
    }

    /** Whether this is a position of {@code images} (sent as a list, not under a key of its own). */
    public boolean isListed() {
        return index >= 0;
    }

    public RequestOption option() {
        return option;
    }

    /** What the request gives for this role, or null. */
    public String valueIn(GenerationRequest r) {
        if (index < 0) {
            return (String) r.valueOf(option);
        }
        List<String> images = r.images();
        return images != null && index < images.size() ? images.get(index) : null;
    }

    /** The request with this role's value replaced. */
    public GenerationRequest withValue(GenerationRequest r, String value) {
        if (index < 0) {
            return r.toBuilder().set(option, value).build();
        }
        List<String> images = new ArrayList<>(r.images());
        images.set(index, value);
        return r.toBuilder().images(images).build();
    }

    /** The key under {@code input} of a single-image option. */
    public String wireName() {
        if (index >= 0) {
            throw new IllegalStateException(field() + " is sent in a list");
        }
        return option.wireNames().get(0).substring(INPUT.length());
    }
}
