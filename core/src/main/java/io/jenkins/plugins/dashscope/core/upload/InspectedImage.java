package io.jenkins.plugins.dashscope.core.upload;

import java.nio.file.Path;

/** A local image input that passed the vendor's input rules. */
public record InspectedImage(
        Path path, String format, String mimeType, int width, int height, long bytes, String sha256) {}
