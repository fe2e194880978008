package io.jenkins.plugins.dashscope.core.request;

import java.nio.file.Path;

/** Paths a user gives relative to a workspace that may live on another machine (and another OS). */
public final class WorkspacePath {

    private WorkspacePath() {
    }

    /**
     * Normalises a relative path to {@code /} separators and refuses one that is absolute (on any OS)
     * or leaves the workspace.
     */
    public static String relative(String field, String text, String expected) {
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException(field, "is empty");
        }
        String slashed = text.trim().replace('\\', '/');
        Path normalised = Path.of(slashed).normalize();
        if (slashed.startsWith("/") || slashed.matches("^[A-Za-z]:.*") || normalised.isAbsolute()
                || normalised.startsWith("..") || normalised.toString().isEmpty()) {
            throw InvalidRequestException.of(field, text, expected);
        }
        return normalised.toString().replace('\\', '/');
    }
}
