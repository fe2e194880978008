package io.jenkins.plugins.dashscope.core.request;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Paths a user gives relative to a workspace that may live on another machine (and another OS). */
public final class WorkspacePath {

    private WorkspacePath() {}

    /**
     * Normalises a plain relative path to {@code /} separators and refuses anything else: absolute (on any
     * OS), with a scheme or drive ({@code file:}, {@code C:}), leaving the workspace, or with control characters.
     */
    public static String relative(String field, String text, String expected) {
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException(field, "is empty");
        }
        String slashed = text.trim().replace('\\', '/');
        if (slashed.startsWith("/")
                || slashed.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")
                || slashed.chars().anyMatch(Character::isISOControl)) {
            throw InvalidRequestException.of(field, text, expected);
        }
        Path normalised;
        try {
            normalised = Path.of(slashed).normalize();
        } catch (InvalidPathException e) {
            throw InvalidRequestException.of(field, text, expected);
        }
        if (normalised.isAbsolute()
                || normalised.startsWith("..")
                || normalised.toString().isEmpty()) {
            throw InvalidRequestException.of(field, text, expected);
        }
        return normalised.toString().replace('\\', '/');
    }

    /**
     * Whether {@code path}, inside {@code base} by name, is inside it on disk too: the deepest part of it that
     * exists, symbolic links followed, lies under {@code base}'s real location. A link out of the workspace
     * (or a dangling one) anywhere along the path fails; what does not exist yet is made below a checked folder.
     */
    public static boolean staysInside(Path base, Path path) {
        if (!Files.exists(base)) {
            return true; // all of it is yet to be made, below a base the administrator chose
        }
        Path existing = path;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        try {
            return existing != null && existing.toRealPath().startsWith(base.toRealPath());
        } catch (IOException | InvalidPathException e) {
            return false;
        }
    }
}
