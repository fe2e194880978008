package io.jenkins.plugins.dashscope.core.upload;

import io.jenkins.plugins.dashscope.core.catalog.InputLimits;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.image.ImageFormat;
import io.jenkins.plugins.dashscope.core.image.ImageProbe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Checks a local image against the vendor's input rules before upload: JPG, PNG or BMP by content
 * (not by name), within the model's size and side limits ({@link InputLimits}: mostly 10 MB and 256..4096
 * pixels a side), and pixel data that decodes to the end.
 */
public final class ImageInspector {

    /** The standard limit; {@link InputLimits} gives each model's. */
    public static final long MAX_BYTES = InputLimits.STANDARD.maxBytes();

    /** With the standard limits. @param field the request field, named in every error */
    public InspectedImage inspect(String field, Path path) {
        return inspect(field, path, InputLimits.STANDARD, null);
    }

    /**
     * @param field  the request field, named in every error
     * @param limits the model's
     * @param model  named in errors of a model's own limits; null for the standard ones
     */
    public InspectedImage inspect(String field, Path path, InputLimits limits, String model) {
        String forModel = model == null ? "" : " for " + model;
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw new InvalidRequestException(field, "cannot read '" + path + "': " + e.getMessage());
        }
        if (size > limits.maxBytes()) {
            throw new InvalidRequestException(
                    field,
                    "'" + path.getFileName() + "' has " + size + " bytes; at most " + limits.describeBytes()
                            + " are allowed" + forModel);
        }
        ImageProbe.Header header;
        try { // the header first: cheap, and it refuses what is not an image at all
            header = ImageProbe.read(path)
                    .orElseThrow(() -> new InvalidRequestException(
                            field, "'" + path.getFileName() + "' is not an image; allowed: JPG, PNG, BMP"));
        } catch (IOException e) {
            throw new InvalidRequestException(
                    field, "'" + path.getFileName() + "' cannot be read as an image: " + e.getMessage());
        }
        ImageFormat format = ImageFormat.ofReaderName(header.format())
                .filter(ImageFormat::isInput)
                .orElseThrow(() -> new InvalidRequestException(
                        field,
                        "'" + path.getFileName() + "' is " + header.format().toUpperCase(Locale.ROOT)
                                + "; allowed: JPG, PNG, BMP"));
        int width = header.width();
        int height = header.height();
        if (width < limits.minSide()
                || height < limits.minSide()
                || width > limits.maxSide()
                || height > limits.maxSide()) {
            throw new InvalidRequestException(
                    field,
                    "'" + path.getFileName() + "' is " + width + "x" + height + "; each side must be "
                            + limits.minSide() + ".." + limits.maxSide() + " pixels" + forModel);
        }
        try {
            ImageProbe.verify(path); // a truncated file would be uploaded and paid for, then refused
        } catch (IOException e) {
            throw new InvalidRequestException(field, "'" + path.getFileName() + "' is damaged: " + e.getMessage());
        }
        return new InspectedImage(path, format.readerName(), format.mimeType(), width, height, size, sha256(path));
    }

    /** The base and mask must have the same resolution. */
    public void checkSameSize(InspectedImage base, InspectedImage mask) {
        if (base.width() != mask.width() || base.height() != mask.height()) {
            throw new InvalidRequestException(
                    "maskImage",
                    "is " + mask.width() + "x" + mask.height() + " but baseImage is " + base.width() + "x"
                            + base.height() + "; they must be the same size");
        }
    }

    static String sha256(Path path) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of()
                    .formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash " + path, e);
        }
    }
}
