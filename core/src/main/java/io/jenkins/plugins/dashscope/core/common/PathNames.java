package io.jenkins.plugins.dashscope.core.common;

import java.nio.file.Path;

/**
 * The parts of a path that {@link Path} answers with null for a root or an empty path, answered without null: a
 * crafted path (a spec named {@code /}, a manifest found at a root) must end in a clear error, never in a
 * NullPointerException.
 */
public final class PathNames {

    private PathNames() {}

    /** The last name of {@code path}, or the empty string for a root or an empty path, which have none. */
    public static String name(Path path) {
        Path name = path.getFileName();
        return name == null ? "" : name.toString();
    }

    /** The folder that holds {@code path}; refuses a path without one (a root, a bare name). */
    public static Path parent(Path path) {
        Path parent = path.getParent();
        if (parent == null) {
            throw new IllegalArgumentException("'" + path + "' is not inside a folder");
        }
        return parent;
    }
}
