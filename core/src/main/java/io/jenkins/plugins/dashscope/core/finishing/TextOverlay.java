package io.jenkins.plugins.dashscope.core.finishing;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.common.Placeholders;
import io.jenkins.plugins.dashscope.core.request.WorkspacePath;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exact words on a derived size: the text (one for all, or one per {@code locale}), with {@code ${name}} placeholders
 * filled from the variant's values; a font file of the workspace ({@code .ttf}, {@code .otf}) or a font installed on
 * the machine by family name ({@code .ttc}: the collection's first font); its size in pixels or as a share of the output's height, shrunk to fit the box down to
 * {@code minSize}; colour, anchor and margin; an optional outline and shadow for legibility.
 *
 * @param texts   the text by locale; the key {@code ""} serves every locale
 * @param box     the widest a line may be (pixels or a share of the output's width); null: the width inside the
 *                margins
 * @param outline RGB of an outline around each glyph, or null
 */
public record TextOverlay(
        Map<String, String> texts,
        String font,
        Length size,
        int color,
        Anchor anchor,
        Length margin,
        Length box,
        int minSize,
        Integer outline,
        boolean shadow)
        implements Overlay {

    private static final long serialVersionUID = 1L;

    static final Set<String> KEYS =
            Set.of("text", "font", "size", "color", "anchor", "margin", "box", "minSize", "outline", "shadow");
    static final int MAX_TEXT = 500;
    static final int MAX_PIXELS = 2048;
    private static final Pattern COLOR = Pattern.compile("#([0-9a-fA-F]{6})");

    public TextOverlay {
        texts = Map.copyOf(texts);
    }

    static TextOverlay of(String at, Map<?, ?> m) {
        Overlays.checkKeys(at, m, KEYS);
        Map<String, String> texts = texts(at + ".text", m.get("text"));
        Object fontGiven = m.get("font");
        if (fontGiven == null || fontGiven.toString().isBlank()) {
            throw new InvalidRequestException(
                    at + ".font", "is required: a .ttf, .otf or .ttc file, or an installed font");
        }
        String font = isFontFile(fontGiven.toString())
                ? WorkspacePath.relative(at + ".font", fontGiven.toString().trim(), "a font file inside the workspace")
                : fontGiven.toString().trim();
        Length size = Overlays.length(at + ".size", m.get("size"), "5%", MAX_PIXELS);
        int minSize = Overlays.whole(at + ".minSize", m.get("minSize"), 10, 1, MAX_PIXELS);
        return new TextOverlay(
                texts,
                font,
                size,
                color(at + ".color", m.get("color"), 0xffffff),
                Overlays.anchor(at + ".anchor", m.get("anchor"), Anchor.BOTTOM),
                Overlays.length(at + ".margin", m.get("margin"), "4%", MAX_PIXELS),
                m.get("box") == null ? null : Length.parse(at + ".box", m.get("box"), DerivedSize.MAX_SIDE),
                minSize,
                m.get("outline") == null ? null : color(at + ".outline", m.get("outline"), 0),
                Overlays.flag(at + ".shadow", m.get("shadow")));
    }

    /** Whether the font is a file of the workspace rather than an installed font's name. */
    public boolean fontIsFile() {
        return isFontFile(font);
    }

    static boolean isFontFile(String font) {
        String f = font.trim().toLowerCase(Locale.ROOT);
        return f.endsWith(".ttf") || f.endsWith(".otf") || f.endsWith(".ttc");
    }

    /**
     * The words for a variant: its locale's text (or the one for all), placeholders filled from {@code values}.
     *
     * @param field what an error names ({@code outputs[1].overlays[2].text})
     */
    public String textFor(String field, Map<String, String> values) {
        String locale = values.get("locale");
        String template = locale != null && texts.containsKey(locale) ? texts.get(locale) : texts.get("");
        if (template == null) {
            throw new InvalidRequestException(
                    field, "has no text for locale '" + locale + "' and none for all; give one of " + texts.keySet());
        }
        String text = Placeholders.fill(
                template,
                values,
                name -> new InvalidRequestException(
                        field, "uses ${" + name + "}, which this variant does not define " + values.keySet()));
        if (text.isBlank() || text.length() > MAX_TEXT) {
            throw new InvalidRequestException(field, "must be 1.." + MAX_TEXT + " characters once filled in");
        }
        return text;
    }

    private static Map<String, String> texts(String field, Object given) {
        Map<String, String> out = new LinkedHashMap<>();
        if (given instanceof Map<?, ?> byLocale) {
            byLocale.forEach((k, v) -> out.put(String.valueOf(k), line(field + "." + k, v)));
        } else {
            out.put("", line(field, given));
        }
        if (out.isEmpty()) {
            throw new InvalidRequestException(field, "is empty");
        }
        return out;
    }

    private static String line(String field, Object v) {
        String s = v == null ? "" : v.toString();
        if (s.isBlank() || s.length() > MAX_TEXT || s.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw InvalidRequestException.of(field, v, "1.." + MAX_TEXT + " characters (line breaks allowed)");
        }
        return s;
    }

    static int color(String field, Object given, int dflt) {
        if (given == null || given.toString().isBlank()) {
            return dflt;
        }
        Matcher c = COLOR.matcher(given.toString().trim());
        if (!c.matches()) {
            throw InvalidRequestException.of(field, given, "#rrggbb");
        }
        return Integer.parseInt(c.group(1), 16);
    }
}
