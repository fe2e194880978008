package io.jenkins.plugins.dashscope.core.output;

import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.ErrorKind;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.image.ImageFormat;
import io.jenkins.plugins.dashscope.core.request.WorkspacePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Output names are ours: a checked prefix and an index, never anything from the server. */
public final class OutputNames {

    private static final Pattern PREFIX =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}|[A-Za-z0-9][A-Za-z0-9._-]{0,62}[A-Za-z0-9_-]");

    private static final Pattern SAVED =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}-\\d{1,4}\\.(png|jpg|webp|gif|bmp)");

    private static final Pattern DERIVED =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}-\\d{1,4}_\\d{1,5}x\\d{1,5}\\.(png|jpg)");

    private OutputNames() {}

    /** Rejects prefixes that could leave the folder or hide a file ({@code ..}, slashes, leading dots). */
    public static String checkPrefix(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches() || prefix.contains("..")) {
            throw InvalidRequestException.of(
                    "name",
                    prefix,
                    "1..64 letters, digits, '.', '_' or '-', starting with a letter or digit, without '..'");
        }
        return prefix;
    }

    /**
     * Resolves a folder relative to a base (the workspace) and refuses one that leaves it, by name or on disk
     * (a symbolic link out of the workspace along the path).
     */
    public static Path resolveWithin(Path base, String relative) {
        if (relative == null || relative.isBlank()) {
            throw new InvalidRequestException("outputDir", "is empty");
        }
        Path rel = Path.of(relative.trim());
        Path resolved = base.resolve(rel).normalize();
        if (rel.isAbsolute() || !resolved.startsWith(base.normalize()) || !WorkspacePath.staysInside(base, resolved)) {
            throw InvalidRequestException.of("outputDir", relative, "a folder inside the workspace");
        }
        return resolved;
    }

    /**
     * Checks a workspace-relative output folder before any workspace is at hand (the Jenkins step checks it
     * on the controller; the agent resolves it later).
     *
     * @return the folder with {@code /} separators, normalised
     */
    public static String checkFolder(String relative) {
        return WorkspacePath.relative("outputDir", relative, "a folder inside the workspace");
    }

    /**
     * True for a name this product writes: {@code PREFIX-INDEX.EXT}, a plain file name with an image
     * extension. A manifest from elsewhere (an agent) is checked with it before its names become archive
     * keys or links.
     */
    public static boolean isSavedImageName(String name) {
        return name != null && SAVED.matcher(name).matches() && !name.contains("..");
    }

    /** True for a derived size's name, {@code PREFIX-INDEX_WxH.EXT}. */
    public static boolean isDerivedImageName(String name) {
        return name != null && DERIVED.matcher(name).matches() && !name.contains("..");
    }

    /**
     * Makes {@code dir} and proves it writable with a probe file, before a task is paid for; an error names
     * {@code field}.
     */
    public static void checkWritable(String field, Path dir) {
        try {
            probe(dir);
        } catch (IOException | RuntimeException e) {
            throw new InvalidRequestException(
                    field,
                    "cannot write to '" + dir + "': " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    /** Makes {@code dir} and writes and removes a probe file in it. */
    public static void probe(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.delete(Files.createTempFile(dir, ".dashscope-probe-", ".tmp"));
    }

    public static String fileName(String prefix, int index, ImageFormat type) {
        return prefix + "-" + index + "." + type.extension();
    }

    /** The failure of writing {@code what} into an output folder: nothing was lost that a retry would bring back. */
    public static DashScopeException notWritable(String what, IOException e) {
        return new DashScopeException(
                ErrorKind.DOWNLOAD,
                "OutputNotWritable",
                "cannot write " + what + ": " + e.getMessage(),
                null,
                0,
                false,
                e);
    }
}
