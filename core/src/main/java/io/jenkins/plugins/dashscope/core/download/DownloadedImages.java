package io.jenkins.plugins.dashscope.core.download;

import io.jenkins.plugins.dashscope.core.common.AtomicFiles;
import io.jenkins.plugins.dashscope.core.image.ImageFormat;
import io.jenkins.plugins.dashscope.core.image.ImageProbe;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** A downloaded body, proven an image by its bytes and moved under its final name in one step. */
final class DownloadedImages {

    private DownloadedImages() {}

    static SavedImage place(FileSink.Body body, Path dir, String prefix, int index, URI source) {
        try {
            ImageFormat type = ImageFormat.detect(body.file())
                    .orElseThrow(() -> new DownloadFailure(
                            "NotAnImage",
                            "image " + index + ": the body is not a PNG, JPEG, WebP, GIF or BMP image",
                            false,
                            null));
            var header = ImageProbe.read(body.file()); // empty for WebP: no reader in the JDK
            Path target = dir.resolve(OutputNames.fileName(prefix, index, type));
            AtomicFiles.replace(body.file(), target);
            return new SavedImage(
                    index,
                    target,
                    body.sha256(),
                    body.bytes(),
                    header.map(ImageProbe.Header::width).orElse(null),
                    header.map(ImageProbe.Header::height).orElse(null),
                    type.mimeType(),
                    ImageDownloader.withoutQuery(source));
        } catch (DownloadFailure f) {
            deleteQuietly(body.file());
            throw f;
        } catch (ImageProbe.Malformed e) {
            deleteQuietly(body.file()); // the same bytes would come again: not retried
            throw new DownloadFailure("NotAnImage", "image " + index + ": " + e.getMessage(), false, e);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(body.file());
            throw new DownloadFailure(
                    "DownloadFailed", "image " + index + ": cannot save: " + e.getMessage(), false, e);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: a hidden .part file
        }
    }
}
