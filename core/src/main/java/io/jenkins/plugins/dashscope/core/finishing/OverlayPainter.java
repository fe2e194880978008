package io.jenkins.plugins.dashscope.core.finishing;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Draws an output's overlays on it, in order, and says where each went. The same checks run first without drawing
 * ({@link #check}), on the output's size alone, so that a glyph the font lacks or words that cannot fit are refused
 * before anything is paid for. Nothing depends on time or chance: the same inputs give the same pixels on one JDK.
 */
public final class OverlayPainter {

    /**
     * Where an overlay went, for the manifest.
     *
     * @param text   the words drawn, or null for a logo
     * @param sha256 the font file's or the logo's SHA-256; null for an installed font
     * @param size   the font size in pixels a text was drawn at (after shrinking), or 0 for a logo
     */
    public record Placed(String text, String source, String sha256, int x, int y, int width, int height, int size) {}

    private OverlayPainter() {}

    /**
     * Checks that every overlay of an output can be drawn on an output of this size; draws nothing.
     *
     * @param at     {@code outputs[N]}
     * @param values the variant's values for placeholders ({@code version}, {@code locale}, {@code asset}...)
     * @throws InvalidRequestException naming the overlay and what is wrong with it
     */
    public static void check(
            String at,
            int width,
            int height,
            List<Overlay> overlays,
            OverlayAssets assets,
            Map<String, String> values) {
        place(at, width, height, overlays, assets, values, null);
    }

    /** Draws the overlays on {@code image} (which must be of an RGB or ARGB type) and says where each went. */
    public static List<Placed> paint(
            String at, BufferedImage image, List<Overlay> overlays, OverlayAssets assets, Map<String, String> values) {
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            return place(at, image.getWidth(), image.getHeight(), overlays, assets, values, g);
        } finally {
            g.dispose();
        }
    }

    private static List<Placed> place(
            String at,
            int width,
            int height,
            List<Overlay> overlays,
            OverlayAssets assets,
            Map<String, String> values,
            Graphics2D g) {
        List<Placed> placed = new ArrayList<>();
        for (int i = 0; i < overlays.size(); i++) {
            String field = at + ".overlays[" + (i + 1) + "]";
            Overlay o = overlays.get(i);
            int margin = o.margin().of(Math.min(width, height));
            placed.add(
                    o instanceof TextOverlay t
                            ? text(field, width, height, margin, t, assets.font(t.font()), values, g)
                            : logo(
                                    field,
                                    width,
                                    height,
                                    margin,
                                    (LogoOverlay) o,
                                    assets.logo(((LogoOverlay) o).image()),
                                    g));
        }
        return placed;
    }

    private static Placed text(
            String field,
            int width,
            int height,
            int margin,
            TextOverlay t,
            OverlayAssets.LoadedFont font,
            Map<String, String> values,
            Graphics2D g) {
        String words = t.textFor(field + ".text", values);
        int missing = font.font().canDisplayUpTo(words);
        if (missing >= 0) {
            throw new InvalidRequestException(
                    field + ".font",
                    "'" + t.font() + "' has no glyph for '" + new String(Character.toChars(words.codePointAt(missing)))
                            + "' in \"" + words + "\"");
        }
        int room = width - 2 * margin;
        int box = t.box() == null ? room : Math.min(room, t.box().of(width));
        TextFit.Laid laid = TextFit.fit(font.font(), words, t.size().of(height), t.minSize(), box, height - 2 * margin);
        if (laid == null) {
            throw new InvalidRequestException(
                    field + ".text",
                    "\"" + words + "\" does not fit a " + box + "-pixel box on this " + width + "x" + height
                            + " output even at " + t.minSize() + " pixels");
        }
        int x = margin + t.anchor().offset(room - laid.width(), true);
        int y = margin + t.anchor().offset(height - 2 * margin - laid.height(), false);
        if (g != null) {
            draw(g, t, laid, x, y);
        }
        return new Placed(
                words,
                t.font(),
                font.sha256(),
                x,
                y,
                laid.width(),
                laid.height(),
                laid.font().getSize());
    }

    /** Each line aligned as the anchor says (left, centre or right), shadow first, then outline, then the glyphs. */
    private static void draw(Graphics2D g, TextOverlay t, TextFit.Laid laid, int x, int y) {
        float size = laid.font().getSize2D();
        for (int i = 0; i < laid.lines().size(); i++) {
            String line = laid.lines().get(i);
            if (line.isEmpty()) {
                continue;
            }
            double lineWidth = TextFit.width(laid.font(), line);
            double lx = x + t.anchor().offset((int) Math.round(laid.width() - lineWidth), true);
            double ly = y + laid.ascent() + i * laid.lineHeight();
            Shape glyphs = new TextLayout(line, laid.font(), TextFit.CONTEXT)
                    .getOutline(AffineTransform.getTranslateInstance(lx, ly));
            if (t.shadow()) {
                double d = Math.max(1, size / 16);
                g.setColor(new Color(0, 0, 0, 128));
                g.fill(AffineTransform.getTranslateInstance(d, d).createTransformedShape(glyphs));
            }
            if (t.outline() != null) {
                g.setColor(new Color(t.outline()));
                g.setStroke(new BasicStroke(Math.max(1, size / 12), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(glyphs);
            }
            g.setColor(new Color(t.color()));
            g.fill(glyphs);
        }
    }

    private static Placed logo(
            String field,
            int width,
            int height,
            int margin,
            LogoOverlay l,
            OverlayAssets.LoadedLogo logo,
            Graphics2D g) {
        int w = l.width().of(width);
        int h = (int)
                Math.round((double) logo.image().getHeight() * w / logo.image().getWidth());
        if (w < 1 || h < 1 || w > width - 2 * margin || h > height - 2 * margin) {
            throw new InvalidRequestException(
                    field + ".width",
                    "a " + w + "-pixel logo does not fit this " + width + "x" + height + " output inside its margin");
        }
        int x = margin + l.anchor().offset(width - 2 * margin - w, true);
        int y = margin + l.anchor().offset(height - 2 * margin - h, false);
        if (g != null) {
            BufferedImage scaled = Scaler.resize(logo.image(), w, h, true);
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) l.opacity()));
            g.drawImage(scaled, x, y, null);
            g.setComposite(AlphaComposite.SrcOver);
        }
        return new Placed(null, l.image(), logo.sha256(), x, y, w, h, 0);
    }
}
