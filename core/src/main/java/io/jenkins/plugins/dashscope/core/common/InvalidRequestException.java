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
                field, "'" + printable(shorten(String.valueOf(value))) + "' is not allowed; allowed: " + allowed);
    }

    /**
     * The value as a message may show it: control characters written as {@code \\uXXXX}. A NUL in a message
     * cannot be saved in a build's XML (Jenkins then prints a stack trace instead), and a newline would let a
     * value fake log lines.
     */
    private static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.chars().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.append((char) c);
            }
        });
        return out.toString();
    }

    /** The request field at fault, e.g. {@code size}. */
    public String field() {
        return field;
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
