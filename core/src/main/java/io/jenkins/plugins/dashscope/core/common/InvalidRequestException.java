package io.jenkins.plugins.dashscope.core.common;

/**
 * Bad input, found before anything is sent. The message names the field, the value and what is allowed.
 */
public final class InvalidRequestException extends IllegalArgumentException {

    private final String field;

    public InvalidRequestException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public static InvalidRequestException of(String field, Object value, String allowed) {
        return new InvalidRequestException(
                field, "'" + shorten(String.valueOf(value)) + "' is not allowed; allowed: " + allowed);
    }

    /** The request field at fault, e.g. {@code size}. */
    public String field() {
        return field;
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
