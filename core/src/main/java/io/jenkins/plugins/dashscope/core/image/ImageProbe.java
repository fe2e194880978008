package io.jenkins.plugins.dashscope.core.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Reads an image file's format and dimensions from its header, without decoding the pixels. */
public final class ImageProbe {

    /** @param format ImageIO's format name in lower case, {@code jpg} written {@code jpeg} */
    public record Header(String format, int width, int height) {
    }

    private ImageProbe() {
    }

    /** Empty when no installed reader recognises the content. */
    public static Optional<Header> read(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                return Optional.of(new Header(format.equals("jpg") ? "jpeg" : format, reader.getWidth(0), reader.getHeight(0)));
            } finally {
                reader.dispose();
            }
        }
    }
}
