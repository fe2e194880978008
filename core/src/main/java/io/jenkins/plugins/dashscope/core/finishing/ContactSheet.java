package io.jenkins.plugins.dashscope.core.finishing;

import io.jenkins.plugins.dashscope.core.image.Captions;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One picture of every image of a generation, each with its file name and a caption (size, seed), for a
 * reviewer to take in at a glance.
 */
final class ContactSheet {

    static final String FILE_NAME = "contact-sheet.png";
    private static final int TILE = 320;
    private static final int GAP = 16;
    private static final int CAPTION = 44;
    private static final int COLUMNS = 4;

    /** An image of the sheet with what is written under it. */
    record Tile(BufferedImage image, String name, String caption) {}

    private ContactSheet() {}

    static BufferedImage render(List<Tile> tiles) {
        int columns = Math.min(COLUMNS, Math.max(1, tiles.size()));
        int rows = Math.max(1, (tiles.size() + columns - 1) / columns);
        int width = GAP + columns * (TILE + GAP);
        int height = GAP + rows * (TILE + CAPTION + GAP);
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(new Color(0xf4f5f7));
            g.fillRect(0, 0, width, height);
            for (int i = 0; i < tiles.size(); i++) {
                Tile t = tiles.get(i);
                int x = GAP + (i % columns) * (TILE + GAP);
                int y = GAP + (i / columns) * (TILE + CAPTION + GAP);
                g.setColor(Color.WHITE);
                g.fillRect(x, y, TILE, TILE);
                double scale = Math.min(
                        (double) TILE / t.image().getWidth(),
                        (double) TILE / t.image().getHeight());
                int w = Math.max(1, (int) Math.round(t.image().getWidth() * scale));
                int h = Math.max(1, (int) Math.round(t.image().getHeight() * scale));
                g.drawImage(Scaler.resize(t.image(), w, h, false), x + (TILE - w) / 2, y + (TILE - h) / 2, null);
                Labels.draw(g, x, y + TILE, TILE, new String[] {t.name(), t.caption()}, new Color(0x1f2328));
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    /** Text on pictures; a machine without fonts gets the pictures without it rather than no file. */
    static final class Labels {

        private Labels() {}

        static void draw(Graphics2D g, int x, int top, int width, String[] lines, Color color) {
            try {
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setColor(color);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
                FontMetrics fm = g.getFontMetrics();
                int y = top + 4 + fm.getAscent();
                for (String line : lines) {
                    if (line != null) {
                        g.drawString(Captions.fit(line, fm, width), x, y);
                    }
                    y += fm.getHeight();
                }
            } catch (RuntimeException | LinkageError noFonts) {
                // headless machines without any font: the sheet stays useful without captions
            }
        }
    }
}
