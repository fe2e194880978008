package io.jenkins.plugins.dashscope.core.upload;

import io.jenkins.plugins.dashscope.core.catalog.InputLimits;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.image.ImageFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads a local input image where it lives (a Jenkins agent's workspace) before it is copied to the uploader:
 * only a regular file (not a device, a FIFO or a folder), of at most {@link InputLimits#LARGEST_BYTES} (the most any model takes), that
 * starts like a JPG, PNG or BMP, read with a byte cap. So a link to {@code /dev/zero} or a sparse 100 GB file
 * cannot fill the controller's disk, and a FIFO cannot block a thread.
 */
public final class InputFiles {

    private InputFiles() {}

    /** The file's bytes; empty when it does not exist (the later check names the field and the path). */
    public static Optional<byte[]> read(String field, Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String name = String.valueOf(file.getFileName());
        if (!Files.isRegularFile(file)) {
            throw new InvalidRequestException(field, "'" + name + "' is not a regular file");
        }
        try {
            long size = Files.size(file);
            if (size > InputLimits.LARGEST_BYTES) {
                throw tooLarge(field, name, size);
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) InputLimits.LARGEST_BYTES + 1); // it may grow while being read
            }
            if (bytes.length > InputLimits.LARGEST_BYTES) {
                throw tooLarge(field, name, bytes.length);
            }
            if (ImageFormat.detect(Arrays.copyOf(bytes, Math.min(bytes.length, 16)))
                    .filter(ImageFormat::isInput)
                    .isEmpty()) {
                throw new InvalidRequestException(field, "'" + name + "' is not a JPG, PNG or BMP image");
            }
            return Optional.of(bytes);
        } catch (IOException e) {
            throw new InvalidRequestException(
                    field, "cannot read '" + name + "': " + e.getClass().getSimpleName());
        }
    }

    private static InvalidRequestException tooLarge(String field, String name, long size) {
        return new InvalidRequestException(
                field,
                "'" + name + "' has " + size + " bytes; at most " + InputLimits.LARGEST_BYTES
                        + " (20 MB, the most any model takes) are allowed");
    }
}
