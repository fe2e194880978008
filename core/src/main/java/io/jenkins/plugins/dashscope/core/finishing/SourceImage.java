package io.jenkins.plugins.dashscope.core.finishing;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Semaphore;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * A saved image decoded for finishing, no larger than what the outputs need and within a memory budget. A small
 * file can decode to a huge picture (a 522 KB PNG of 8192x8192 16-bit RGBA is 512 MiB decoded), so the size is
 * worked out from the header, with the format's real bytes a pixel, before anything is decoded; a source far
 * larger than its outputs is decoded subsampled.
 *
 * @param image  the decoded picture, perhaps subsampled
 * @param width  the source's own width, as the contact sheet reports it
 * @param height the source's own height
 * @param lease  its share of the JVM's decode budget, returned on {@link #close()}
 */
record SourceImage(BufferedImage image, int width, int height, DecodeBudget.Lease lease) implements AutoCloseable {

    /** The most one decoded picture may take, after subsampling. */
    static final long MAX_DECODED_BYTES = 256L * 1024 * 1024;

    /** Decoded pictures of this JVM at once: an agent finishing many sets in parallel stays within this. */
    private static final DecodeBudget BUDGET = new DecodeBudget(
            Math.max(MAX_DECODED_BYTES, Math.min(Runtime.getRuntime().maxMemory() / 4, 1024L * 1024 * 1024)));

    /**
     * Decodes {@code file} for outputs of at most {@code needWidth} x {@code needHeight}: whole when that fits
     * {@link #MAX_DECODED_BYTES}, else subsampled just enough, never below twice the outputs on a side (so
     * scaling down keeps its quality); a source that does not fit even so is refused.
     */
    static SourceImage read(Path file, int needWidth, int needHeight) throws IOException, InterruptedException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IOException("no reader for this format");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                long perPixel = bytesPerPixel(reader) + 4; // decoded, and the ARGB copy scaling may make
                int step = step(width, height, perPixel, needWidth, needHeight);
                long bytes = (long) ceilDiv(width, step) * ceilDiv(height, step) * perPixel;
                if (bytes > MAX_DECODED_BYTES) {
                    throw new IOException(width + "x" + height + " decodes to " + bytes / (1024 * 1024)
                            + " MiB, more than the " + MAX_DECODED_BYTES / (1024 * 1024) + " MiB finishing allows");
                }
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(step, step, 0, 0);
                DecodeBudget.Lease lease = BUDGET.take(bytes);
                try {
                    return new SourceImage(reader.read(0, param), width, height, lease);
                } catch (IOException | RuntimeException | Error e) {
                    lease.close();
                    throw e;
                }
            } finally {
                reader.dispose();
            }
        }
    }

    /** Gives the picture's share of the decode budget back; it is not to be used after. */
    @Override
    public void close() {
        lease.close();
    }

    /** The least subsampling step that fits the cap, unless it would leave less than twice what is needed. */
    private static int step(int width, int height, long perPixel, int needWidth, int needHeight) {
        int most = Math.max(1, Math.min(width / Math.max(1, 2 * needWidth), height / Math.max(1, 2 * needHeight)));
        int step = 1;
        while (step < most && (long) ceilDiv(width, step) * ceilDiv(height, step) * perPixel > MAX_DECODED_BYTES) {
            step++;
        }
        return step;
    }

    /** Bytes a decoded pixel takes in the format's own layout (16-bit RGBA: 8); 8 when the reader does not say. */
    private static long bytesPerPixel(ImageReader reader) throws IOException {
        ImageTypeSpecifier raw = reader.getRawImageType(0);
        if (raw == null) {
            return 8;
        }
        SampleModel model = raw.getSampleModel(1, 1);
        long bits = (long) model.getNumBands() * DataBuffer.getDataTypeSize(model.getDataType());
        return Math.max(1, (bits + 7) / 8);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Bytes of decoded pictures that may exist at once in this JVM; a decode waits for its share. */
    static final class DecodeBudget {
        private static final int UNIT = 1024 * 1024;
        private final Semaphore megabytes;
        private final int total;

        DecodeBudget(long bytes) {
            this.total = (int) Math.max(1, bytes / UNIT);
            this.megabytes = new Semaphore(total, true);
        }

        Lease take(long bytes) throws InterruptedException {
            int units = (int) Math.min(total, Math.max(1, (bytes + UNIT - 1) / UNIT));
            megabytes.acquire(units);
            return () -> megabytes.release(units);
        }

        /** Returns its share when closed. */
        interface Lease extends AutoCloseable {
            @Override
            void close();
        }
    }
}
