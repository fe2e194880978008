package io.jenkins.plugins.dashscope.core.request;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Where the local image paths of a request resolve. The command line takes any path of its user's machine;
 * a build takes only plain relative paths, resolved inside the folder its workspace files were staged in and
 * kept there, so a Pipeline cannot name a file of the controller ({@code /var/lib/jenkins/secrets/x.png},
 * {@code file:/...}, {@code ../x.png}, or a link pointing out).
 */
public sealed interface LocalFiles {

    /** The file {@code text} names, or an {@link InvalidRequestException} naming {@code field}. */
    Path resolve(String field, String text);

    /** Any path: absolute, {@code file:} URI, or relative to {@code base} (the working directory when null). */
    static LocalFiles anywhere(Path base) {
        return new Anywhere(base);
    }

    /** Only a plain relative path that stays inside {@code folder}. */
    static LocalFiles within(Path folder) {
        return new Within(folder.toAbsolutePath().normalize());
    }

    record Anywhere(Path base) implements LocalFiles {
        @Override
        public Path resolve(String field, String text) {
            Path p;
            try {
                p = text.regionMatches(true, 0, "file:", 0, 5) ? Path.of(URI.create(text)) : Path.of(text);
            } catch (RuntimeException e) {
                throw InvalidRequestException.of(
                        field, text, "an http(s):// or oss:// URL, a data: URI, or a local file path");
            }
            return base == null ? p : base.resolve(p).normalize();
        }
    }

    record Within(Path folder) implements LocalFiles {
        @Override
        public Path resolve(String field, String text) {
            String relative = WorkspacePath.relative(
                    field, text, "a URL, or a file path relative to the workspace that stays inside it");
            Path p = folder.resolve(relative).normalize();
            if (!p.startsWith(folder) || !WorkspacePath.staysInside(folder, p)) {
                throw InvalidRequestException.of(
                        field, text, "a file path relative to the workspace that stays inside it");
            }
            return p;
        }
    }
}
