package io.jenkins.plugins.dashscope.core.finishing;

import java.util.Locale;

/** Which part of an image a crop keeps ({@link Fit#COVER}) or where a contained image sits ({@link Fit#CONTAIN}). */
public enum Anchor {
    CENTER(0.5, 0.5),
    TOP(0.5, 0),
    BOTTOM(0.5, 1),
    LEFT(0, 0.5),
    RIGHT(1, 0.5),
    TOP_LEFT(0, 0),
    TOP_RIGHT(1, 0),
    BOTTOM_LEFT(0, 1),
    BOTTOM_RIGHT(1, 1);

    private final double x;
    private final double y;

    Anchor(double x, double y) {
        this.x = x;
        this.y = y;
    }

    /** {@code top-left} for {@link #TOP_LEFT}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Where the spare room goes: 0 keeps the left (top) edge, 1 the right (bottom) edge. */
    int offset(int spare, boolean horizontal) {
        return (int) Math.round(spare * (horizontal ? x : y));
    }
}
