package io.jenkins.plugins.dashscope.core.finishing;

import io.jenkins.plugins.dashscope.core.common.PathNames;
import io.jenkins.plugins.dashscope.core.download.ImageFailure;
import io.jenkins.plugins.dashscope.core.download.SavedImage;
import io.jenkins.plugins.dashscope.core.image.ImageProbe;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * What is made from the saved images once they are all in: the sizes the assets ship in, beside each original,
 * and a contact sheet. Plain values: it travels to the agent that holds the files.
 */
public record Finishing(List<DerivedSize> outputs, boolean contactSheet) implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final Finishing NONE = new Finishing(List.of(), false);
    public static final String CONTACT_SHEET = ContactSheet.FILE_NAME;
    /** Decoding a picture takes 4 bytes a pixel: a bound that keeps a hostile image from exhausting memory. */
    static final long MAX_SOURCE_PIXELS = 64L * 1024 * 1024;

    private static final int TILE_SIDE = 320;

    public Finishing {
        outputs = DerivedSize.distinct(outputs == null ? List.of() : outputs);
    }

    public boolean isNone() {
        return outputs.isEmpty() && !contactSheet;
    }

    /** What finishing wrote, and what it could not make (named after the original's index). */
    public record Result(List<FinishedFile> derived, FinishedFile contactSheet, List<ImageFailure> failures) {
        public static final Result NONE = new Result(List.of(), null, List.of());
    }

    /**
     * Derives every output from every image, then draws the sheet. An image that cannot be read, or an output
     * that cannot be written, is a failure of its own; the originals are never touched.
     *
     * @param caption what the sheet writes under every image after its size (the seed), or null
     */
    public Result apply(List<SavedImage> images, Path dir, String caption) {
        if (isNone() || images.isEmpty()) {
            return Result.NONE;
        }
        List<FinishedFile> derived = new ArrayList<>();
        List<ImageFailure> failures = new ArrayList<>();
        List<ContactSheet.Tile> tiles = new ArrayList<>();
        for (SavedImage image : images) {
            String name = PathNames.name(image.file());
            BufferedImage source;
            try {
                source = read(image.file());
            } catch (IOException | RuntimeException e) {
                failures.add(new ImageFailure(
                        image.index(), "DerivedSizeFailed", name + " cannot be read: " + e.getMessage()));
                continue;
            }
            for (DerivedSize size : outputs) {
                Path target = dir.resolve(size.fileNameFor(name));
                try {
                    derived.add(ImageWriting.write(
                            Scaler.derive(source, size),
                            size.format(),
                            size.quality(),
                            target,
                            image.index(),
                            image.file(),
                            size));
                } catch (IOException | RuntimeException e) {
                    failures.add(new ImageFailure(
                            image.index(),
                            "DerivedSizeFailed",
                            name + " -> " + target.getFileName() + ": " + e.getMessage()));
                }
            }
            if (contactSheet) {
                double scale = Math.min(
                        1, Math.min((double) TILE_SIDE / source.getWidth(), (double) TILE_SIDE / source.getHeight()));
                BufferedImage tile = Scaler.resize(
                        source,
                        Math.max(1, (int) Math.round(source.getWidth() * scale)),
                        Math.max(1, (int) Math.round(source.getHeight() * scale)),
                        false);
                tiles.add(new ContactSheet.Tile(
                        tile,
                        name,
                        source.getWidth() + "x" + source.getHeight() + (caption == null ? "" : " · " + caption)));
            }
        }
        FinishedFile sheet = null;
        if (contactSheet && !tiles.isEmpty()) {
            try {
                sheet = ImageWriting.write(
                        ContactSheet.render(tiles),
                        DerivedSize.Format.PNG,
                        0,
                        dir.resolve(ContactSheet.FILE_NAME),
                        0,
                        null,
                        null);
            } catch (IOException | RuntimeException e) {
                failures.add(new ImageFailure(0, "ContactSheetFailed", e.getMessage()));
            }
        }
        return new Result(derived, sheet, failures);
    }

    private static BufferedImage read(Path file) throws IOException {
        ImageProbe.Header header =
                ImageProbe.read(file).orElseThrow(() -> new IOException("no reader for this format"));
        if ((long) header.width() * header.height() > MAX_SOURCE_PIXELS) {
            throw new IOException(header.width() + "x" + header.height() + " is too large to derive sizes from");
        }
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException("no reader for this format");
        }
        return image;
    }
}
