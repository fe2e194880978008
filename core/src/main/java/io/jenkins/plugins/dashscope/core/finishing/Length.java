package io.jenkins.plugins.dashscope.core.finishing;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.io.Serializable;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A length on a derived size: pixels ({@code 24}) or a share of one of its sides ({@code 6%}), so that one overlay
 * reads the same on a banner and on a story.
 */
public record Length(double value, boolean share) implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Pattern FORM = Pattern.compile("(\\d{1,5}(?:\\.\\d{1,3})?)\\s*(%|px)?");

    /** @throws InvalidRequestException naming {@code field} unless 0..{@code maxPixels} pixels or 0..100 % */
    static Length parse(String field, Object given, int maxPixels) {
        Matcher m = FORM.matcher(given == null ? "" : given.toString().trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            double v = Double.parseDouble(m.group(1));
            boolean share = "%".equals(m.group(2));
            if (share ? v <= 100 : v <= maxPixels && v == Math.rint(v)) {
                return new Length(v, share);
            }
        }
        throw InvalidRequestException.of(field, given, "pixels (0.." + maxPixels + ", e.g. 24) or a share (e.g. 6%)");
    }

    /** In pixels on a side of {@code side} pixels. */
    int of(int side) {
        return share ? (int) Math.round(side * value / 100) : (int) value;
    }

    String toText() {
        return share ? stripped(value) + "%" : Integer.toString((int) value);
    }

    private static String stripped(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
