package io.jenkins.plugins.dashscope.core.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** Files written whole or not at all: a hidden part file beside the target, checked, then moved into place. */
public final class AtomicFiles {

    /** Looks at the part file before it takes the target's place; throwing leaves the target untouched. */
    @FunctionalInterface
    public interface Check {
        void accept(Path part) throws IOException;
    }

    private AtomicFiles() {}

    public static Path write(Path target, byte[] bytes) throws IOException {
        return write(target, bytes, part -> {});
    }

    public static Path write(Path target, byte[] bytes, Check check) throws IOException {
        return write(target, part -> Files.write(part, bytes, StandardOpenOption.CREATE_NEW), check);
    }

    /**
     * Copies a stream whole or not at all, refusing it once it passes {@code maxBytes}.
     *
     * @throws IOException when the stream is longer than {@code maxBytes}, or fails, or {@code check} refuses it
     */
    public static Path copy(Path target, InputStream in, long maxBytes, Check check) throws IOException {
        return write(
                target,
                part -> {
                    try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE_NEW)) {
                        byte[] buffer = new byte[64 * 1024];
                        long total = 0;
                        for (int n; (n = in.read(buffer)) >= 0; ) {
                            total += n;
                            if (total > maxBytes) {
                                throw new IOException(target.getFileName() + " is longer than " + maxBytes + " bytes");
                            }
                            out.write(buffer, 0, n);
                        }
                    }
                },
                check);
    }

    private static Path write(Path target, Check fill, Check check) throws IOException {
        // Not createTempFile: its owner-only mode would stay on the renamed file.
        Path part = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            fill.accept(part);
            check.accept(part);
            replace(part, target);
        } finally {
            Files.deleteIfExists(part);
        }
        return target;
    }

    /** Puts a finished file in {@code target}'s place in one step where the file system can (a reader sees either). */
    public static void replace(Path finished, Path target) throws IOException {
        try {
            Files.move(finished, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(finished, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
