package io.jenkins.plugins.dashscope.core.finishing;

import io.jenkins.plugins.dashscope.core.common.PathNames;
import io.jenkins.plugins.dashscope.core.download.ImageFailure;
import io.jenkins.plugins.dashscope.core.download.SavedImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What is made from the saved images once they are all in: the sizes the assets ship in, beside each original,
 * and a contact sheet. Plain values: it travels to the agent that holds the files.
 */
public record Finishing(List<DerivedSize> outputs, boolean contactSheet) implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final Finishing NONE = new Finishing(List.of(), false);
    public static final String CONTACT_SHEET = ContactSheet.FILE_NAME;
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
            try (SourceImage source = SourceImage.read(image.file(), needWidth(), needHeight())) {
                derive(image, name, source.image(), dir, derived, failures);
                if (contactSheet) {
                    tiles.add(tile(source, name, caption));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(new ImageFailure(image.index(), "DerivedSizeFailed", name + ": interrupted"));
                break;
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                // an Error here is finishing's own failure: the original is saved, and paid for, all the same
                failures.add(new ImageFailure(
                        image.index(), "DerivedSizeFailed", name + " cannot be read: " + e.getMessage()));
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
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                failures.add(new ImageFailure(0, "ContactSheetFailed", e.getMessage()));
            }
        }
        return new Result(derived, sheet, failures);
    }

    /** The widest any output (or the sheet's tile) is: what a source must be decoded at, at least. */
    private int needWidth() {
        return Math.max(
                contactSheet ? TILE_SIDE : 1,
                outputs.stream().mapToInt(DerivedSize::width).max().orElse(1));
    }

    private int needHeight() {
        return Math.max(
                contactSheet ? TILE_SIDE : 1,
                outputs.stream().mapToInt(DerivedSize::height).max().orElse(1));
    }

    private void derive(
            SavedImage image,
            String name,
            BufferedImage source,
            Path dir,
            List<FinishedFile> derived,
            List<ImageFailure> failures) {
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
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                failures.add(new ImageFailure(
                        image.index(),
                        "DerivedSizeFailed",
                        name + " -> " + target.getFileName() + ": " + e.getMessage()));
            }
        }
    }

    private static ContactSheet.Tile tile(SourceImage source, String name, String caption) {
        BufferedImage image = source.image();
        double scale =
                Math.min(1, Math.min((double) TILE_SIDE / image.getWidth(), (double) TILE_SIDE / image.getHeight()));
        BufferedImage tile = Scaler.resize(
                image,
                Math.max(1, (int) Math.round(image.getWidth() * scale)),
                Math.max(1, (int) Math.round(image.getHeight() * scale)),
                false);
        // the source's own size, not the subsampled one it was decoded at
        return new ContactSheet.Tile(
                tile, name, source.width() + "x" + source.height() + (caption == null ? "" : " · " + caption));
    }
}
