package io.jenkins.plugins.dashscope.core.finishing;

import java.nio.file.Path;

/**
 * A file finishing wrote: a derived image (with the original it came from) or the contact sheet.
 *
 * @param sourceIndex the 1-based index of the original; 0 for the contact sheet
 * @param size        the derived size; null for the contact sheet
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
        String contentType) {}
