package io.jenkins.plugins.dashscope.core.finishing;

import java.util.Locale;

/** How an image is brought to a size of another shape. */
public enum Fit {
    /** Scaled to fill the size, the overflow cropped at the anchor. */
    COVER,
    /** Scaled to fit inside the size, the rest filled with the background. */
    CONTAIN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
