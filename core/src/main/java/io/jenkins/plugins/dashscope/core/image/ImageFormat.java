package io.jenkins.plugins.dashscope.core.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The image formats the product knows, in one place: recognised by their first bytes (downloads, inputs), named as
 * ImageIO names them (the probe), with their file extension and media type (file names, manifests, uploads, derived
 * sizes).
 */
public enum ImageFormat {
    PNG("png", "image/png"),
    JPEG("jpg", "image/jpeg"),
    WEBP("webp", "image/webp"),
    GIF("gif", "image/gif"),
    BMP("bmp", "image/bmp");

    private final String extension;
    private final String mimeType;

    ImageFormat(String extension, String mimeType) {
        this.extension = extension;
        this.mimeType = mimeType;
    }

    public String extension() {
        return extension;
    }

    public String mimeType() {
        return mimeType;
    }

    public static Optional<ImageFormat> detect(byte[] head) {
        if (startsWith(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(head, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (head.length >= 12
                && startsWith(head, 'R', 'I', 'F', 'F')
                && head[8] == 'W'
                && head[9] == 'E'
                && head[10] == 'B'
                && head[11] == 'P') {
            return Optional.of(WEBP);
        }
        if (startsWith(head, 'G', 'I', 'F', '8')) {
            return Optional.of(GIF);
        }
        if (startsWith(head, 'B', 'M')) {
            return Optional.of(BMP);
        }
        return Optional.empty();
    }

    /** The format of a file, from its first bytes. */
    public static Optional<ImageFormat> detect(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return detect(in.readNBytes(16));
        }
    }

    /** The format ImageIO names so ({@code png}, {@code jpeg}, {@code bmp}, ...), if the product knows it. */
    public static Optional<ImageFormat> ofReaderName(String name) {
        for (ImageFormat f : values()) {
            if (f.readerName().equalsIgnoreCase(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** A format DashScope takes as an input image (reference, base, mask): JPG, PNG or BMP. */
    public boolean isInput() {
        return this == PNG || this == JPEG || this == BMP;
    }

    /** How ImageIO names the format. */
    public String readerName() {
        return this == JPEG ? "jpeg" : extension;
    }

    private static boolean startsWith(byte[] head, int... magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
