package io.jenkins.plugins.dashscope.core.finishing;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.font.LineMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays words out in a box: wrapped at spaces (and between any two CJK characters, which have none), at the largest
 * size from the one asked down to the least that fits the box's width and the room's height. Pure arithmetic on the
 * font's metrics, the same on every machine with the same JDK, and known before anything is paid for.
 */
final class TextFit {

    /** Antialiased, fractional metrics: as the text is drawn. */
    static final FontRenderContext CONTEXT = new FontRenderContext(null, true, true);

    /**
     * The words laid out.
     *
     * @param lines  each line's text
     * @param width  the widest line, in pixels
     * @param height the block's height: lines times the line height
     */
    record Laid(Font font, List<String> lines, int width, int height, float lineHeight, float ascent) {}

    private TextFit() {}

    /**
     * @return the layout at the largest size that fits, or null when even {@code minPx} does not (a word wider than
     *     the box, or more lines than the room holds)
     */
    static Laid fit(Font base, String text, int startPx, int minPx, int boxWidth, int maxHeight) {
        for (int px = Math.max(startPx, minPx); px >= minPx; px--) {
            Laid laid = layout(base.deriveFont((float) px), text, boxWidth);
            if (laid != null && laid.height() <= maxHeight) {
                return laid;
            }
        }
        return null;
    }

    /** The text wrapped at this size; null when a word alone is wider than the box. */
    static Laid layout(Font font, String text, int boxWidth) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (String token : tokens(paragraph)) {
                String candidate = line.isEmpty() ? token.stripLeading() : line + token;
                if (width(font, candidate) <= boxWidth) {
                    line.setLength(0);
                    line.append(candidate);
                } else if (line.isEmpty() || width(font, token.strip()) > boxWidth) {
                    return null;
                } else {
                    lines.add(line.toString().stripTrailing());
                    line.setLength(0);
                    line.append(token.stripLeading());
                }
            }
            lines.add(line.toString().stripTrailing());
        }
        LineMetrics m = font.getLineMetrics("Hg", CONTEXT);
        float lineHeight = m.getAscent() + m.getDescent() + m.getLeading();
        int widest = 0;
        for (String l : lines) {
            widest = Math.max(widest, (int) Math.ceil(width(font, l)));
        }
        return new Laid(font, lines, widest, (int) Math.ceil(lineHeight * lines.size()), lineHeight, m.getAscent());
    }

    /** Words with the spaces before them; each CJK character a word of its own. */
    static List<String> tokens(String paragraph) {
        List<String> out = new ArrayList<>();
        StringBuilder t = new StringBuilder();
        paragraph.codePoints().forEach(cp -> {
            boolean cjk = isCjk(cp);
            if ((cp == ' ' || cjk) && !t.toString().isBlank()) {
                out.add(t.toString());
                t.setLength(0);
            }
            t.appendCodePoint(cp);
            if (cjk) {
                out.add(t.toString());
                t.setLength(0);
            }
        });
        if (!t.isEmpty()) {
            out.add(t.toString());
        }
        return out;
    }

    private static boolean isCjk(int cp) {
        Character.UnicodeScript s = Character.UnicodeScript.of(cp);
        return s == Character.UnicodeScript.HAN
                || s == Character.UnicodeScript.HIRAGANA
                || s == Character.UnicodeScript.KATAKANA
                || s == Character.UnicodeScript.HANGUL
                || Character.UnicodeBlock.of(cp) == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                || Character.UnicodeBlock.of(cp) == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS;
    }

    static double width(Font font, String s) {
        return s.isEmpty() ? 0 : font.getStringBounds(s, CONTEXT).getWidth();
    }
}
