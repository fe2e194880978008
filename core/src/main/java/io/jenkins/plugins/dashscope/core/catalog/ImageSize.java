package io.jenkins.plugins.dashscope.core.catalog;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Width and height in pixels, written {@code W*H} on the wire. */
public record ImageSize(int width, int height) {

    private static final Pattern FORMAT = Pattern.compile("\\s*(\\d{1,5})\\s*[*xX×]\\s*(\\d{1,5})\\s*");

    public ImageSize {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("width and height must be positive");
        }
    }

    /** Parses {@code 1024*1024} or {@code 1024x1024}; empty when the text is not of that form. */
    public static Optional<ImageSize> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        int w = Integer.parseInt(m.group(1));
        int h = Integer.parseInt(m.group(2));
        return w > 0 && h > 0 ? Optional.of(new ImageSize(w, h)) : Optional.empty();
    }

    public long pixels() {
        return (long) width * height;
    }

    /** The wire form, {@code W*H}. */
    @Override
    public String toString() {
        return width + "*" + height;
    }
}
