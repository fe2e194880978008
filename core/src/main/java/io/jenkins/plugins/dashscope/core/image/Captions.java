package io.jenkins.plugins.dashscope.core.image;

import java.awt.FontMetrics;

/** Text written on pictures (dry-run placeholders, the contact sheet), cut to the room it has. */
public final class Captions {

    private Captions() {}

    /** {@code text}, or as much of it as fits in {@code width} pixels followed by an ellipsis. */
    public static String fit(String text, FontMetrics fm, int width) {
        if (fm.stringWidth(text) <= width) {
            return text;
        }
        String s = text;
        while (!s.isEmpty() && fm.stringWidth(s + "…") > width) {
            s = s.substring(0, s.length() - 1);
        }
        return s + "…";
    }
}
