package io.jenkins.plugins.dashscope.core.download;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;

/**
 * Streams a response body into a temporary file as it arrives, hashing it on the way and stopping at
 * the size cap: memory does not grow with the image.
 */
final class FileSink extends AbstractBinResponseConsumer<FileSink.Fetched> {

    sealed interface Fetched {}

    record Body(Path file, long bytes, String sha256) implements Fetched {}

    record Redirect(int status, String location) implements Fetched {}

    record Refused(int status) implements Fetched {}

    /** The body is larger than allowed. */
    static final class TooLarge extends IOException {
        TooLarge(String message) {
            super(message);
        }
    }

    private final Path file;
    private final long maxBytes;
    private FileChannel channel;
    private MessageDigest digest;
    private long count;
    private int status;
    private String location;
    private boolean kept;

    FileSink(Path file, long maxBytes) {
        this.file = file;
        this.maxBytes = maxBytes;
    }

    @Override
    protected void start(HttpResponse response, ContentType contentType) throws IOException {
        status = response.getCode();
        if (status == 200) {
            Header length = response.getFirstHeader("Content-Length");
            if (length != null && parseLong(length.getValue()) > maxBytes) {
                throw new TooLarge("announced " + length.getValue() + " bytes, more than the cap of " + maxBytes);
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        } else if (status >= 300 && status < 400) {
            Header l = response.getFirstHeader("Location");
            location = l == null ? null : l.getValue();
        }
    }

    @Override
    protected int capacityIncrement() {
        return 1024 * 1024; // read ahead up to 1 MB before the file write catches up
    }

    @Override
    protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
        if (channel == null) {
            src.position(src.limit()); // not a body we keep
            return;
        }
        count += src.remaining();
        if (count > maxBytes) {
            throw new TooLarge("more than the cap of " + maxBytes + " bytes");
        }
        digest.update(src.duplicate());
        while (src.hasRemaining()) {
            channel.write(src);
        }
    }

    @Override
    protected Fetched buildResult() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                deleteQuietly();
                return new Refused(-1);
            }
            kept = true;
            return new Body(file, count, HexFormat.of().formatHex(digest.digest()));
        }
        if (location != null) {
            return new Redirect(status, location);
        }
        return new Refused(status);
    }

    @Override
    public void failed(Exception cause) {
        super.failed(cause);
        releaseResources();
        deleteQuietly();
    }

    /** Also when the exchange was cancelled or cut off: a body not handed on is never left behind. */
    @Override
    public void releaseResources() {
        if (channel != null && channel.isOpen()) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a file we are discarding
            }
        }
        if (channel != null && !kept) {
            deleteQuietly();
        }
    }

    void deleteQuietly() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temporary file is hidden and named as such
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
