package io.jenkins.plugins.dashscope.core.finishing;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.image.ImageFormat;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One size an asset ships in, made from each generated image: {@code image-1_1200x630.png} beside
 * {@code image-1.png}. Checked whole before anything is sent; errors name {@code outputs[N].key}.
 */
public final class DerivedSize implements Serializable {

    // A class, not a record: builds started by earlier releases keep these in program.dat, written by River, which
    // reads a record by its present components and so cannot read one that has gained a component since. A class is
    // read by the names its stream gives; a field added later (overlays) comes back null and readResolve fills it.
    private static final long serialVersionUID = 1L;

    public static final String FIELD = "outputs";
    /** Larger than any shipping asset (8K); a bound on the memory one derived image may take. */
    public static final int MAX_SIDE = 8192;

    public static final int DEFAULT_QUALITY = 90;
    private static final String OVERLAYS = DerivedSizeKeys.OVERLAYS;

    private final int width;
    private final int height;
    private final Fit fit;
    private final Anchor anchor;
    private final Format format;
    private final int quality;
    private final Integer background;
    private final List<Overlay> overlays;

    public DerivedSize(
            int width,
            int height,
            Fit fit,
            Anchor anchor,
            Format format,
            int quality,
            Integer background,
            List<Overlay> overlays) {
        this.width = width;
        this.height = height;
        this.fit = fit;
        this.anchor = anchor;
        this.format = format;
        this.quality = quality;
        this.background = background;
        this.overlays = overlays == null ? List.of() : List.copyOf(overlays);
    }

    private Object readResolve() {
        return new DerivedSize(width, height, fit, anchor, format, quality, background, overlays);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public Fit fit() {
        return fit;
    }

    public Anchor anchor() {
        return anchor;
    }

    public Format format() {
        return format;
    }

    public int quality() {
        return quality;
    }

    /** ARGB for the free area of {@link Fit#CONTAIN}; null for the default (transparent in PNG, white in JPEG). */
    public Integer background() {
        return background;
    }

    /** Drawn on it once it is brought to size, in order ({@link Overlay}); empty for none. */
    public List<Overlay> overlays() {
        return overlays;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DerivedSize d
                && width == d.width
                && height == d.height
                && quality == d.quality
                && fit == d.fit
                && anchor == d.anchor
                && format == d.format
                && Objects.equals(background, d.background)
                && overlays.equals(d.overlays);
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, fit, anchor, format, quality, background, overlays);
    }

    @Override
    public String toString() {
        return "DerivedSize[" + toText() + "]";
    }

    /**
     * The file types a derived image is written in: those of the {@link ImageFormat}s that ImageIO writes everywhere.
     * Kept as its own enum because running builds saved it by this name.
     */
    public enum Format {
        PNG(ImageFormat.PNG),
        JPEG(ImageFormat.JPEG);

        private final ImageFormat format;

        Format(ImageFormat format) {
            this.format = format;
        }

        public String extension() {
            return format.extension();
        }

        public String contentType() {
            return format.mimeType();
        }
    }

    /**
     * One output from its keys ({@code size} required; {@code fit}, {@code anchor}, {@code format},
     * {@code quality}, {@code background}, {@code overlays}); blank values count as unset.
     *
     * @param position 1-based, for error messages
     */
    public static DerivedSize of(int position, Map<String, ?> values) {
        return DerivedSizeKeys.of(position, values);
    }

    /**
     * The command line's form: {@code 1200x630} followed by {@code ,key=value} pairs, e.g.
     * {@code 1080x1920,fit=contain,background=#ffffff}.
     */
    public static DerivedSize parse(int position, String text) {
        String[] parts = text == null ? new String[] {""} : text.split(",");
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("size", parts[0]);
        for (String pair : Arrays.asList(parts).subList(1, parts.length)) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw InvalidRequestException.of(
                        FIELD + "[" + position + "]", pair, "key=value pairs after the size, e.g. 1200x630,fit=cover");
            }
            String key = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            values.put(
                    key,
                    key.equals(OVERLAYS) ? OverlayForm.read(FIELD + "[" + position + "]." + OVERLAYS, value) : value);
        }
        return of(position, values);
    }

    /** Every output of a list; two that would write the same file are refused. */
    public static List<DerivedSize> all(List<? extends Map<String, ?>> outputs) {
        List<DerivedSize> sizes = new ArrayList<>();
        for (Map<String, ?> values : outputs) {
            sizes.add(of(sizes.size() + 1, values));
        }
        return distinct(sizes);
    }

    /** The list, refused when two outputs would write the same file. */
    public static List<DerivedSize> distinct(List<DerivedSize> sizes) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < sizes.size(); i++) {
            if (!names.add(sizes.get(i).suffix())) {
                throw new InvalidRequestException(
                        FIELD + "[" + (i + 1) + "]",
                        "writes " + sizes.get(i).suffix() + " like an earlier output; give each size and format once");
            }
        }
        return List.copyOf(sizes);
    }

    /**
     * This output in the command line's form, every key spelled out, which {@link #parse} reads back to an equal
     * output: how a running build saves its finishing as plain text. Overlays are one key, {@code overlays=}, their
     * list as base64url JSON ({@link OverlayForm}), which has no comma.
     */
    public String toText() {
        StringBuilder s = new StringBuilder()
                .append(width)
                .append('x')
                .append(height)
                .append(",fit=")
                .append(fit.id())
                .append(",anchor=")
                .append(anchor.id())
                .append(",format=")
                .append(format.name().toLowerCase(Locale.ROOT));
        if (format == Format.JPEG) {
            s.append(",quality=").append(quality);
        }
        if (background != null) {
            s.append(",background=")
                    .append(
                            background == 0
                                    ? "transparent"
                                    : String.format(Locale.ROOT, "#%06x", background & 0xffffff));
        }
        if (!overlays.isEmpty()) {
            s.append(",").append(OVERLAYS).append("=").append(OverlayForm.write(overlays));
        }
        return s.toString();
    }

    /** {@code _1200x630.png}: what follows the original's name. */
    public String suffix() {
        return "_" + width + "x" + height + "." + format.extension();
    }

    /** {@code image-1_1200x630.png} for {@code image-1.png}. */
    public String fileNameFor(String original) {
        int dot = original.lastIndexOf('.');
        return (dot < 0 ? original : original.substring(0, dot)) + suffix();
    }

    public String describe() {
        return width + "x" + height + " " + fit.id()
                + (fit == Fit.COVER && anchor != Anchor.CENTER ? " " + anchor.id() : "") + " "
                + format.name().toLowerCase(Locale.ROOT)
                + (overlays.isEmpty() ? "" : " + " + overlays.size() + " overlay(s)");
    }
}
