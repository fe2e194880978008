package io.jenkins.plugins.dashscope.core.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Reads an image file's format and dimensions from its header, and verifies that its pixel data decodes. */
public final class ImageProbe {

    /** The longest side a verification decodes to: the whole file is read, the picture kept small. */
    private static final int VERIFY_SIDE = 256;

    /** @param format ImageIO's format name in lower case, {@code jpg} written {@code jpeg} */
    public record Header(String format, int width, int height) {}

    /** A file that looks like an image but cannot be read as one (truncated, corrupt). */
    public static final class Malformed extends IOException {
        private static final long serialVersionUID = 1L;

        Malformed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private ImageProbe() {}

    /** Empty when no installed reader recognises the content; {@link Malformed} when its header is broken. */
    public static Optional<Header> read(Path file) throws IOException {
        return withReader(file, reader -> {
            String format = reader.getFormatName().toLowerCase(Locale.ROOT);
            return new Header(format.equals("jpg") ? "jpeg" : format, reader.getWidth(0), reader.getHeight(0));
        });
    }

    /**
     * Decodes every byte of the pixel data (subsampled, so memory stays small), failing with {@link Malformed}
     * on a truncated or corrupt file, or on one the decoder only warns about (a JPEG cut short decodes grey).
     */
    public static void verify(Path file) throws IOException {
        Optional<Boolean> decoded = withReader(file, reader -> {
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            int step = Math.max(1, Math.max(reader.getWidth(0), reader.getHeight(0)) / VERIFY_SIDE);
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceSubsampling(step, step, 0, 0);
            reader.read(0, param);
            if (!warnings.isEmpty()) {
                throw new Malformed("the image data is damaged: " + warnings.get(0), null);
            }
            return true;
        });
        if (decoded.isEmpty()) {
            throw new Malformed("no reader recognises the image", null);
        }
    }

    private interface ReaderUse<T> {
        T apply(ImageReader reader) throws IOException;
    }

    private static <T> Optional<T> withReader(Path file, ReaderUse<T> use) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return Optional.of(use.apply(reader));
            } catch (Malformed e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                // the JDK's readers throw IndexOutOfBounds and the like on hostile headers
                throw new Malformed(
                        "the image cannot be read: " + e.getClass().getSimpleName()
                                + (e.getMessage() == null ? "" : " " + e.getMessage()),
                        e);
            } finally {
                reader.dispose();
            }
        }
    }
}
