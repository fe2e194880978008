package io.jenkins.plugins.dashscope.core.dryrun;

import io.jenkins.plugins.dashscope.core.image.Captions;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * Real PNG results of the requested size, labelled so a dry-run gallery can be reviewed like a real one: the
 * file name, the prompt's first words, the size and what made it ({@code dry run} or {@code simulator}).
 * Cached (rendering costs tens of ms), with a bound.
 */
public final class PngRenderer {

    private static final int CACHE_LIMIT = 64;
    private static final int PROMPT_WORDS = 8;

    /** What is written on an image; {@code name} may be null (the simulator does not know the file's name). */
    public record Label(String name, String prompt, String tag) {}

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public byte[] render(int width, int height, int variant, Label label) {
        String key = width + "x" + height + "#" + variant + "#" + label;
        byte[] cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        byte[] png = draw(width, height, variant, label);
        cache.put(key, png);
        return png;
    }

    static String firstWords(String prompt) {
        if (prompt == null || prompt.isBlank()) {
            return "";
        }
        String[] words = prompt.strip().split("\\s+");
        if (words.length == 1 && words[0].codePointCount(0, words[0].length()) > 24) { // CJK: no spaces
            return words[0].substring(0, words[0].offsetByCodePoints(0, 24)) + "…";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(PROMPT_WORDS, words.length); i++) {
            b.append(i == 0 ? "" : " ").append(words[i]);
        }
        return words.length > PROMPT_WORDS ? b + " …" : b.toString();
    }

    private static byte[] draw(int width, int height, int variant, Label label) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        Color[] a = {new Color(0x1f4e79), new Color(0x7a1f4e), new Color(0x1f7a4e), new Color(0x7a5c1f)};
        g.setPaint(new GradientPaint(0, 0, a[Math.floorMod(variant, 4)], width, height, Color.WHITE));
        g.fillRect(0, 0, width, height);
        write(g, width, height, variant, label);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(Graphics2D g, int width, int height, int variant, Label label) {
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int big = Math.max(12, Math.min(width, height) / 14);
            int margin = big;
            String name = label.name() == null ? "image " + variant : label.name();
            String[] lines = {
                name,
                firstWords(label.prompt()),
                width + "x" + height,
                label.tag().toUpperCase(java.util.Locale.ROOT)
            };
            // the block sits in the middle, so a centred crop to a banner or a story keeps it
            int y = Math.max(0, height / 2 - big * 2);
            for (int i = 0; i < lines.length; i++) {
                g.setFont(new Font(
                        Font.SANS_SERIF, i == 0 || i == 3 ? Font.BOLD : Font.PLAIN, i == 0 ? big : big * 2 / 3));
                FontMetrics fm = g.getFontMetrics();
                y += fm.getAscent();
                g.setColor(new Color(0, 0, 0, 110));
                g.drawString(Captions.fit(lines[i], fm, width - 2 * margin), margin + 2, y + 2);
                g.setColor(Color.WHITE);
                g.drawString(Captions.fit(lines[i], fm, width - 2 * margin), margin, y);
                y += fm.getDescent() + fm.getLeading() + big / 4;
            }
        } catch (RuntimeException | LinkageError noFonts) {
            // a machine without fonts: the picture still has the right size and colours
        }
    }
}
