package io.jenkins.plugins.dashscope.core.common;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A typed failure with the vendor's code, message and request id where there are any. Messages never
 * contain the API key: they are built from the vendor's answer and our own words only.
 */
public final class DashScopeException extends RuntimeException {

    private final ErrorKind kind;
    private final String code;
    private final String requestId;
    private final int httpStatus;
    private final boolean provablyNotApplied;
    private final String detail;
    /** How long the server asked us to wait ({@code Retry-After}); null when it did not say. */
    private final Duration retryAfter;

    /**
     * @param provablyNotApplied the server certainly did not act on the request (refused connection, an
     *                           error envelope below 500): only then may a submit be sent again
     */
    public DashScopeException(
            ErrorKind kind,
            String code,
            String message,
            String requestId,
            int httpStatus,
            boolean provablyNotApplied,
            Throwable cause) {
        this(kind, code, message, requestId, httpStatus, provablyNotApplied, cause, null);
    }

    /** @param retryAfter how long the server asked us to wait before trying again; null when it did not say */
    public DashScopeException(
            ErrorKind kind,
            String code,
            String message,
            String requestId,
            int httpStatus,
            boolean provablyNotApplied,
            Throwable cause,
            Duration retryAfter) {
        super(describe(kind, code, message, requestId, httpStatus), cause);
        this.retryAfter = retryAfter;
        this.detail = message;
        this.kind = kind;
        this.code = code;
        this.requestId = requestId;
        this.httpStatus = httpStatus;
        this.provablyNotApplied = provablyNotApplied;
    }

    public static DashScopeException of(ErrorKind kind, String message) {
        return new DashScopeException(kind, null, message, null, 0, false, null);
    }

    /** The failure inside the wrappers that futures add ({@link CompletionException}, {@link ExecutionException}). */
    public static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** The typed failure behind whatever a future failed with: a cancellation is CANCELLED, anything untyped NETWORK. */
    public static DashScopeException from(Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof DashScopeException d) {
            return d;
        }
        if (c instanceof CancellationException) {
            return new DashScopeException(ErrorKind.CANCELLED, null, "cancelled", null, 0, false, c);
        }
        return new DashScopeException(
                ErrorKind.NETWORK, null, c.getClass().getSimpleName() + ": " + c.getMessage(), null, 0, false, c);
    }

    /**
     * The same failure with what was learnt about it afterwards (whether a lost submit created a task) added to its
     * message.
     */
    public DashScopeException explained(String note, boolean notApplied) {
        return new DashScopeException(
                kind,
                code,
                (detail == null ? "" : detail + "; ") + note,
                requestId,
                httpStatus,
                notApplied,
                getCause(),
                retryAfter);
    }

    public ErrorKind kind() {
        return kind;
    }

    /** The vendor's code, e.g. {@code Throttling.RateQuota}; null for transport failures. */
    public String code() {
        return code;
    }

    /** The message alone, without kind, code, status and request id. */
    public String detail() {
        return detail;
    }

    public String requestId() {
        return requestId;
    }

    /** 0 when there was no HTTP answer. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public boolean provablyNotApplied() {
        return provablyNotApplied;
    }

    private static String describe(ErrorKind kind, String code, String message, String requestId, int status) {
        StringBuilder b = new StringBuilder(kind.name());
        if (code != null) {
            b.append(' ').append(code);
        }
        if (status > 0) {
            b.append(" (HTTP ").append(status).append(')');
        }
        if (message != null && !message.isBlank()) {
            b.append(": ").append(message);
        }
        if (requestId != null) {
            b.append(" [request ").append(requestId).append(']');
        }
        return b.toString();
    }
}
