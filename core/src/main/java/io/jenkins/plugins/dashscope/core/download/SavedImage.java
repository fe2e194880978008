package io.jenkins.plugins.dashscope.core.download;

import java.nio.file.Path;

/**
 * A result image on disk.
 *
 * @param index     1-based position in the task's results
 * @param sourceUrl the URL it came from, without its query string (the signature)
 * @param width     null when the format cannot be measured here (WebP)
 */
public record SavedImage(
        int index,
        Path file,
        String sha256,
        long bytes,
        Integer width,
        Integer height,
        String contentType,
        String sourceUrl) {}
