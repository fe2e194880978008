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
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One size an asset ships in, made from each generated image: {@code image-1_1200x630.png} beside
 * {@code image-1.png}. Checked whole before anything is sent; errors name {@code outputs[N].key}.
 *
 * @param background ARGB for the free area of {@link Fit#CONTAIN}; null for the default (transparent in
 *                   PNG, white in JPEG)
 * @param quality    JPEG quality 1..100
 * @param overlays   drawn on it once it is brought to size, in order ({@link Overlay}); empty for none
 */
public record DerivedSize(
        int width,
        int height,
        Fit fit,
        Anchor anchor,
        Format format,
        int quality,
        Integer background,
        List<Overlay> overlays)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String FIELD = "outputs";
    /** Larger than any shipping asset (8K); a bound on the memory one derived image may take. */
    public static final int MAX_SIDE = 8192;

    public static final int DEFAULT_QUALITY = 90;
    static final Set<String> KEYS = Set.of("size", "fit", "anchor", "format", "quality", "background", "overlays");
    private static final String OVERLAYS = "overlays";
    private static final Pattern SIZE = Pattern.compile("(\\d{1,5})\\s*[x*X×]\\s*(\\d{1,5})");
    private static final Pattern COLOR = Pattern.compile("#([0-9a-fA-F]{6})");

    public DerivedSize {
        overlays = overlays == null ? List.of() : List.copyOf(overlays);
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
     * {@code quality}, {@code background}); blank values count as unset.
     *
     * @param position 1-based, for error messages
     */
    public static DerivedSize of(int position, Map<String, ?> values) {
        String at = FIELD + "[" + position + "]";
        for (String key : values.keySet()) {
            if (!KEYS.contains(key)) {
                throw InvalidRequestException.of(at, key, "keys " + String.join(", ", new java.util.TreeSet<>(KEYS)));
            }
        }
        String sizeText = text(values.get("size"));
        if (sizeText == null) {
            throw new InvalidRequestException(at + ".size", "is required, e.g. 1200x630");
        }
        Matcher m = SIZE.matcher(sizeText.trim());
        int width = m.matches() ? Integer.parseInt(m.group(1)) : -1;
        int height = m.matches() ? Integer.parseInt(m.group(2)) : -1;
        if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
            throw InvalidRequestException.of(
                    at + ".size", sizeText, "WIDTHxHEIGHT, each 1.." + MAX_SIDE + " pixels, e.g. 1200x630");
        }
        Fit fit = choice(at + ".fit", values.get("fit"), Fit.values(), Fit::id, Fit.COVER);
        Anchor anchor = choice(at + ".anchor", values.get("anchor"), Anchor.values(), Anchor::id, Anchor.CENTER);
        Format format = format(at, text(values.get("format")));
        int quality = quality(at, values.get("quality"), format);
        Integer background = background(at, text(values.get("background")), fit, format);
        return new DerivedSize(
                width,
                height,
                fit,
                anchor,
                format,
                quality,
                background,
                Overlay.all(at + "." + OVERLAYS, values.get(OVERLAYS)));
    }

    private static Format format(String at, String formatText) {
        return formatText == null
                ? Format.PNG
                : switch (formatText.trim().toLowerCase(Locale.ROOT)) {
                    case "png" -> Format.PNG;
                    case "jpeg", "jpg" -> Format.JPEG;
                    default -> throw InvalidRequestException.of(at + ".format", formatText, "png, jpeg");
                };
    }

    /** JPEG quality 1..100, for JPEG only; the default when not given. */
    private static int quality(String at, Object q, Format format) {
        if (q == null || q instanceof String s && s.isBlank()) {
            return DEFAULT_QUALITY;
        }
        if (format != Format.JPEG) {
            throw new InvalidRequestException(at + ".quality", "applies to format jpeg only");
        }
        int quality = -1;
        try {
            quality = q instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                    ? n.intValue()
                    : Integer.parseInt(q.toString().trim());
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        if (quality < 1 || quality > 100) {
            throw InvalidRequestException.of(at + ".quality", q, "1..100");
        }
        return quality;
    }

    /** The free area's ARGB for {@link Fit#CONTAIN}: a colour, 0 for transparent, null for the default. */
    private static Integer background(String at, String backgroundText, Fit fit, Format format) {
        if (backgroundText == null) {
            return null;
        }
        if (fit != Fit.CONTAIN) {
            throw new InvalidRequestException(at + ".background", "applies to fit contain only");
        }
        Matcher c = COLOR.matcher(backgroundText.trim());
        if (c.matches()) {
            return 0xff000000 | Integer.parseInt(c.group(1), 16);
        }
        if (!"transparent".equalsIgnoreCase(backgroundText.trim())) {
            throw InvalidRequestException.of(at + ".background", backgroundText, "#rrggbb or transparent");
        }
        if (format == Format.JPEG) {
            throw new InvalidRequestException(at + ".background", "transparent needs format png");
        }
        return 0;
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

    private static String text(Object v) {
        return v == null || v.toString().isBlank() ? null : v.toString();
    }

    private static <E> E choice(
            String field, Object given, E[] values, java.util.function.Function<E, String> id, E dflt) {
        String text = text(given);
        if (text == null) {
            return dflt;
        }
        String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values)
                .filter(v -> id.apply(v).equals(wanted))
                .findFirst()
                .orElseThrow(() -> InvalidRequestException.of(
                        field, text, Arrays.stream(values).map(id).collect(Collectors.joining(", "))));
    }
}
