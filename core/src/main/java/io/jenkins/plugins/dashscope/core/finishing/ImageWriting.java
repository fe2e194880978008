package io.jenkins.plugins.dashscope.core.finishing;

import io.jenkins.plugins.dashscope.core.common.AtomicFiles;
import io.jenkins.plugins.dashscope.core.image.ImageProbe;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes a picture as downloads are written: encoded, put in a hidden part file, read back and checked to be
 * the size it must be, then moved into place in one step. A file is either whole and right, or absent.
 */
final class ImageWriting {

    private ImageWriting() {}

    static FinishedFile write(
            BufferedImage image,
            DerivedSize.Format format,
            int quality,
            Path target,
            int sourceIndex,
            Path source,
            DerivedSize size)
            throws IOException {
        byte[] bytes = encode(image, format, quality);
        AtomicFiles.write(target, bytes, part -> {
            ImageProbe.Header header = ImageProbe.read(part)
                    .orElseThrow(() -> new IOException("the written " + format + " cannot be read back"));
            if (header.width() != image.getWidth() || header.height() != image.getHeight()) {
                throw new IOException("read back as " + header.width() + "x" + header.height() + ", not "
                        + image.getWidth() + "x" + image.getHeight());
            }
        });
        return new FinishedFile(
                sourceIndex,
                target,
                source,
                size,
                image.getWidth(),
                image.getHeight(),
                sha256(bytes),
                bytes.length,
                format.contentType(),
                List.of());
    }

    private static byte[] encode(BufferedImage image, DerivedSize.Format format, int quality) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (format == DerivedSize.Format.PNG) {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer");
            }
            return out.toByteArray();
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
