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
import java.util.Map;

/**
 * What is made from the saved images once they are all in: the sizes the assets ship in, beside each original,
 * with their overlays, and a contact sheet. Plain values: it travels to the agent that holds the files.
 */
public final class Finishing implements Serializable {

    // A class, not a record, as DerivedSize is: earlier releases' program.dat holds it, and River reads a record only
    // as its present components, so a component added since (values) would misread the stream.
    private static final long serialVersionUID = 1L;

    public static final Finishing NONE = new Finishing(List.of(), false);
    public static final String CONTACT_SHEET = ContactSheet.FILE_NAME;
    private static final int TILE_SIDE = 320;

    private final List<DerivedSize> outputs;
    private final boolean contactSheet;
    private final Map<String, String> values;

    public Finishing(List<DerivedSize> outputs, boolean contactSheet, Map<String, String> values) {
        this.outputs = DerivedSize.distinct(outputs == null ? List.of() : outputs);
        this.contactSheet = contactSheet;
        this.values = values == null ? Map.of() : Map.copyOf(values);
    }

    private Object readResolve() {
        return new Finishing(outputs, contactSheet, values);
    }

    public List<DerivedSize> outputs() {
        return outputs;
    }

    public boolean contactSheet() {
        return contactSheet;
    }

    /**
     * What overlay texts may name as {@code ${name}}, and the {@code locale} that picks a text: the variant's matrix
     * values, its asset, and what the Pipeline or command line passed.
     */
    public Map<String, String> values() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Finishing f
                && contactSheet == f.contactSheet
                && outputs.equals(f.outputs)
                && values.equals(f.values);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(outputs, contactSheet, values);
    }

    @Override
    public String toString() {
        return "Finishing[outputs=" + outputs + ", contactSheet=" + contactSheet + ", values=" + values + "]";
    }

    public Finishing(List<DerivedSize> outputs, boolean contactSheet) {
        this(outputs, contactSheet, Map.of());
    }

    /** This finishing with {@code more} values for the overlays' placeholders (theirs win over these). */
    public Finishing withValues(Map<String, String> more) {
        Map<String, String> all = new java.util.LinkedHashMap<>(more);
        all.putAll(values);
        return new Finishing(outputs, contactSheet, all);
    }

    /** Whether some output draws overlays, which read files of the workspace. */
    public boolean hasOverlays() {
        return outputs.stream().anyMatch(o -> !o.overlays().isEmpty());
    }

    /**
     * Checks, before anything is paid for, that every overlay can be drawn: its font and logo files are there and
     * sound, the font has every glyph of the words, and the words fit each output at the least size.
     *
     * @param workspace where the overlays' files are
     * @throws io.jenkins.plugins.dashscope.core.common.InvalidRequestException naming the output and overlay
     */
    public void check(Path workspace) throws IOException {
        if (!hasOverlays()) {
            return;
        }
        OverlayAssets assets = OverlayAssets.load(
                workspace, outputs.stream().map(DerivedSize::overlays).toList());
        for (int i = 0; i < outputs.size(); i++) {
            DerivedSize o = outputs.get(i);
            OverlayPainter.check(
                    DerivedSize.FIELD + "[" + (i + 1) + "]", o.width(), o.height(), o.overlays(), assets, values);
        }
    }

    public boolean isNone() {
        return outputs.isEmpty() && !contactSheet;
    }

    /** What finishing wrote, and what it could not make (named after the original's index). */
    public record Result(List<FinishedFile> derived, FinishedFile contactSheet, List<ImageFailure> failures) {
        public static final Result NONE = new Result(List.of(), null, List.of());
    }

    /** {@link #apply(List, Path, String, Path)} for finishing without overlays. */
    public Result apply(List<SavedImage> images, Path dir, String caption) {
        return apply(images, dir, caption, null);
    }

    /**
     * Derives every output from every image, draws its overlays, then draws the sheet. An image that cannot be
     * read, or an output that cannot be written, is a failure of its own; the originals are never touched.
     *
     * @param caption   what the sheet writes under every image after its size (the seed), or null
     * @param workspace where the overlays' fonts and logos are read; null when there is none to read
     */
    public Result apply(List<SavedImage> images, Path dir, String caption, Path workspace) {
        if (isNone() || images.isEmpty()) {
            return Result.NONE;
        }
        List<FinishedFile> derived = new ArrayList<>();
        List<ImageFailure> failures = new ArrayList<>();
        OverlayAssets assets;
        try {
            assets = assets(workspace);
        } catch (IOException | RuntimeException e) {
            images.forEach(i -> failures.add(new ImageFailure(i.index(), "OverlayFailed", e.getMessage())));
            return new Result(derived, null, failures);
        }
        List<ContactSheet.Tile> tiles = new ArrayList<>();
        for (SavedImage image : images) {
            String name = PathNames.name(image.file());
            try (SourceImage source = SourceImage.read(image.file(), needWidth(), needHeight())) {
                derive(image, name, source.image(), dir, assets, derived, failures);
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

    private OverlayAssets assets(Path workspace) throws IOException {
        if (!hasOverlays()) {
            return null;
        }
        if (workspace == null) {
            throw new IOException("overlays need a workspace to read their fonts and logos from");
        }
        return OverlayAssets.load(
                workspace, outputs.stream().map(DerivedSize::overlays).toList());
    }

    private void derive(
            SavedImage image,
            String name,
            BufferedImage source,
            Path dir,
            OverlayAssets assets,
            List<FinishedFile> derived,
            List<ImageFailure> failures) {
        for (int i = 0; i < outputs.size(); i++) {
            DerivedSize size = outputs.get(i);
            Path target = dir.resolve(size.fileNameFor(name));
            try {
                BufferedImage sized = Scaler.derive(source, size);
                List<OverlayPainter.Placed> placed = List.of();
                if (!size.overlays().isEmpty()) {
                    sized = drawable(sized);
                    placed = OverlayPainter.paint(
                            DerivedSize.FIELD + "[" + (i + 1) + "]", sized, size.overlays(), assets, values);
                }
                derived.add(ImageWriting.write(
                                sized, size.format(), size.quality(), target, image.index(), image.file(), size)
                        .withOverlays(placed));
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                failures.add(new ImageFailure(
                        image.index(),
                        "DerivedSizeFailed",
                        name + " -> " + target.getFileName() + ": " + e.getMessage()));
            }
        }
    }

    /** The picture in a type Java2D draws colours on exactly: RGB, or ARGB when it has alpha. */
    private static BufferedImage drawable(BufferedImage image) {
        int type = image.getType();
        if (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB) {
            return image;
        }
        BufferedImage copy = new BufferedImage(
                image.getWidth(),
                image.getHeight(),
                image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = copy.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return copy;
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
