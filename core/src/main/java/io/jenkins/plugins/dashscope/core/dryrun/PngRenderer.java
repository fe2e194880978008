package io.jenkins.plugins.dashscope.core.dryrun;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/** Real PNG results of the requested size, cached per size and variant (rendering costs tens of ms). */
public final class PngRenderer {

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public byte[] render(int width, int height, int variant) {
        return cache.computeIfAbsent(width + "x" + height + "#" + (variant % 4), k -> draw(width, height, variant % 4));
    }

    private static byte[] draw(int width, int height, int variant) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        Color[] a = {new Color(0x1f4e79), new Color(0x7a1f4e), new Color(0x1f7a4e), new Color(0x7a5c1f)};
        g.setPaint(new GradientPaint(0, 0, a[variant], width, height, Color.WHITE));
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
