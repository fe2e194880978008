package io.jenkins.plugins.dashscope.core.finishing;

import java.nio.file.Path;
import java.util.List;

/**
 * A file finishing wrote: a derived image (with the original it came from) or the contact sheet.
 *
 * @param sourceIndex the 1-based index of the original; 0 for the contact sheet
 * @param size        the derived size; null for the contact sheet
 * @param overlays    what was drawn on it, where; empty for none
 */
public record FinishedFile(
        int sourceIndex,
        Path file,
        Path source,
        DerivedSize size,
        int width,
        int height,
        String sha256,
        long bytes,
        String contentType,
        List<OverlayPainter.Placed> overlays) {

    public FinishedFile {
        overlays = overlays == null ? List.of() : List.copyOf(overlays);
    }

    FinishedFile withOverlays(List<OverlayPainter.Placed> placed) {
        return new FinishedFile(sourceIndex, file, source, size, width, height, sha256, bytes, contentType, placed);
    }
}
