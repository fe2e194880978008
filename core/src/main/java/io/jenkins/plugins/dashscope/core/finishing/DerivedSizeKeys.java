package io.jenkins.plugins.dashscope.core.finishing;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.finishing.DerivedSize.Format;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** How an output's keys are read into a {@link DerivedSize}, each error naming {@code outputs[N].key}. */
final class DerivedSizeKeys {

    static final Set<String> KEYS = Set.of("size", "fit", "anchor", "format", "quality", "background", "overlays");
    static final String OVERLAYS = "overlays";
    private static final Pattern SIZE = Pattern.compile("(\\d{1,5})\\s*[x*X×]\\s*(\\d{1,5})");
    private static final Pattern COLOR = Pattern.compile("#([0-9a-fA-F]{6})");

    private DerivedSizeKeys() {}

    /**
     * One output from its keys ({@code size} required; {@code fit}, {@code anchor}, {@code format},
     * {@code quality}, {@code background}); blank values count as unset.
     *
     * @param position 1-based, for error messages
     */
    static DerivedSize of(int position, Map<String, ?> values) {
        String at = DerivedSize.FIELD + "[" + position + "]";
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
        if (width < 1 || height < 1 || width > DerivedSize.MAX_SIDE || height > DerivedSize.MAX_SIDE) {
            throw InvalidRequestException.of(
                    at + ".size", sizeText, "WIDTHxHEIGHT, each 1.." + DerivedSize.MAX_SIDE + " pixels, e.g. 1200x630");
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
            return DerivedSize.DEFAULT_QUALITY;
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

    private static String text(Object v) {
        return v == null || v.toString().isBlank() ? null : v.toString();
    }

    static <E> E choice(String field, Object given, E[] values, java.util.function.Function<E, String> id, E dflt) {
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
