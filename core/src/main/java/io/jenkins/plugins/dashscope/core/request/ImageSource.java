package io.jenkins.plugins.dashscope.core.request;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.nio.file.Path;
import java.util.Locale;

/** A reference, base or mask image: a URL passed through as it is, or a local file to upload. */
public sealed interface ImageSource {

    record Remote(String url) implements ImageSource {}

    record Local(Path path) implements ImageSource {}

    /**
     * Reads what a user wrote: {@code http(s)://}, {@code oss://} and {@code data:} are URLs, anything
     * else a local file that {@code files} resolves (null: only tell URL from file, resolve nothing).
     */
    static ImageSource parse(String field, String text, LocalFiles files) {
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException(field, "is empty");
        }
        String t = text.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("oss://")) {
            // The vendor cannot fetch URLs with non-ASCII characters; say so before sending.
            if (!t.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new InvalidRequestException(
                        field, "URL '" + t + "' must be ASCII without spaces (percent-encode it)");
            }
            return new Remote(t);
        }
        if (lower.startsWith("data:")) {
            return new Remote(t);
        }
        if (lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
            throw InvalidRequestException.of(
                    field, t, "an http(s):// or oss:// URL, a data: URI, or a local file path");
        }
        return new Local(files == null ? null : files.resolve(field, t));
    }
}
