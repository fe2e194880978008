package io.jenkins.plugins.dashscope.core.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A DashScope API key. It prints as a mask, so it cannot reach a log or exception by accident; only
 * the HTTP layer reads the value, to build the Authorization header.
 */
public final class ApiKey {

    private final String value;
    private final String digest;

    private ApiKey(String value) {
        this.value = value;
        this.digest = sha256(value);
    }

    public static ApiKey of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the API key is empty");
        }
        String v = value.strip();
        if (!v.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            // Never echo the value: it is a secret even when malformed.
            throw new IllegalArgumentException("the API key contains spaces or non-ASCII characters");
        }
        return new ApiKey(v);
    }

    /** SHA-256 of the key, hex: identifies the key (for the per-key gate) without revealing it. */
    public String digest() {
        return digest;
    }

    String authorizationHeader() {
        return "Bearer " + value;
    }

    /** {@code text} with every occurrence of this key replaced by a mask (server text may echo it). */
    String redact(String text) {
        return text.contains(value) ? text.replace(value, "****") : text;
    }

    /** For the embedded simulator only, which must compare keys. */
    public boolean matches(String candidate) {
        return candidate != null
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ApiKey[sha256:" + digest.substring(0, 8) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiKey k && k.digest.equals(digest);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
