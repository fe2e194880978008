package io.jenkins.plugins.dashscope.core.common;

import java.io.IOException;
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

    private AtomicFiles() {
    }

    public static Path write(Path target, byte[] bytes) throws IOException {
        return write(target, bytes, part -> { });
    }

    public static Path write(Path target, byte[] bytes, Check check) throws IOException {
        // Not createTempFile: its owner-only mode would stay on the renamed file.
        Path part = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            Files.write(part, bytes, StandardOpenOption.CREATE_NEW);
            check.accept(part);
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(part);
        }
        return target;
    }
}
