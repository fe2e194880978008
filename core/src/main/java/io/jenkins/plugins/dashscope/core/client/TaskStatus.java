package io.jenkins.plugins.dashscope.core.client;

import java.util.Locale;

/** Task states as the vendor reports them. */
public enum TaskStatus {
    PENDING,
    RUNNING,
    SUSPENDED,
    SUCCEEDED,
    FAILED,
    CANCELED,
    UNKNOWN;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELED || this == UNKNOWN;
    }

    /** Unrecognised states read as UNKNOWN rather than failing the parse. */
    public static TaskStatus parse(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
