package io.jenkins.plugins.dashscope.core.finishing;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Brings an image to a {@link DerivedSize} with Java2D. A single bilinear or bicubic step that shrinks by more
 * than half skips source pixels and aliases; so a large reduction is done in halving steps (each bilinear, which
 * at exactly half averages every pixel) down to less than twice the target, then one bicubic step to the exact
 * size. Enlarging is one bicubic step.
 */
final class Scaler {

    private Scaler() {}

    static BufferedImage derive(BufferedImage source, DerivedSize size) {
        boolean alpha = size.format() == DerivedSize.Format.PNG;
        int w = size.width();
        int h = size.height();
        double scale = size.fit() == Fit.COVER
                ? Math.max((double) w / source.getWidth(), (double) h / source.getHeight())
                : Math.min((double) w / source.getWidth(), (double) h / source.getHeight());
        int scaledW = Math.max(1, (int) Math.round(source.getWidth() * scale));
        int scaledH = Math.max(1, (int) Math.round(source.getHeight() * scale));
        if (size.fit() == Fit.COVER) { // rounding must never leave a gap at the edge
            scaledW = Math.max(scaledW, w);
            scaledH = Math.max(scaledH, h);
        } else {
            scaledW = Math.min(scaledW, w);
            scaledH = Math.min(scaledH, h);
        }
        BufferedImage scaled = resize(source, scaledW, scaledH, alpha);

        BufferedImage out = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            if (size.fit() == Fit.CONTAIN) {
                int background = size.background() != null ? size.background() : alpha ? 0 : 0xffffffff;
                g.setComposite(AlphaComposite.Src);
                g.setColor(new Color(background, true));
                g.fillRect(0, 0, w, h);
                g.setComposite(AlphaComposite.SrcOver);
            } else if (!alpha) {
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, w, h);
            }
            // cover: a negative offset crops; contain: a positive one places the image in the free area
            int x = size.anchor().offset(w - scaledW, true);
            int y = size.anchor().offset(h - scaledH, false);
            g.drawImage(scaled, x, y, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Exactly {@code width x height}, by halving steps then one bicubic step. */
    static BufferedImage resize(BufferedImage source, int width, int height, boolean alpha) {
        BufferedImage current = source;
        int w = source.getWidth();
        int h = source.getHeight();
        while (w / 2 >= width && h / 2 >= height) {
            w /= 2;
            h /= 2;
            current = draw(current, w, h, alpha, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        }
        if (w != width || h != height || current == source) {
            current = draw(current, width, height, alpha, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        }
        return current;
    }

    private static BufferedImage draw(BufferedImage from, int width, int height, boolean alpha, Object interpolation) {
        BufferedImage to =
                new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = to.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            if (!alpha) {
                g.setColor(Color.WHITE); // a transparent source pixel becomes white, not black, in a JPEG
                g.fillRect(0, 0, width, height);
            }
            g.drawImage(from, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return to;
    }
}
