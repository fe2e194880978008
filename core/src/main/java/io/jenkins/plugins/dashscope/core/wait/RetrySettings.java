package io.jenkins.plugins.dashscope.core.wait;

import java.io.Serializable;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Jittered exponential backoff for retryable failures (429 Throttling, 408, 5xx, I/O).
 *
 * @param maxAttempts attempts in a row before the failure is reported (1 = no retry)
 * @param jitter      fraction of each delay that is random, 0..1
 */
public record RetrySettings(int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier, double jitter)
        implements Serializable {

    public RetrySettings {
        if (maxAttempts < 1
                || multiplier < 1
                || jitter < 0
                || jitter > 1
                || initialDelay.isNegative()
                || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("invalid retry settings");
        }
    }

    public static RetrySettings defaults() {
        return new RetrySettings(8, Duration.ofSeconds(1), Duration.ofSeconds(15), 2.0, 0.5);
    }

    /** The pause before retry number {@code attempt} (1-based). */
    public Duration delay(int attempt, DoubleSupplier random) {
        double base = initialDelay.toNanos() * Math.pow(multiplier, Math.max(0, attempt - 1));
        double capped = Math.min(base, maxDelay.toNanos());
        double jittered = capped * (1 - jitter) + capped * jitter * random.getAsDouble();
        return Duration.ofNanos((long) jittered);
    }

    public RetrySettings scaled(double factor) {
        return new RetrySettings(maxAttempts, scale(initialDelay, factor), scale(maxDelay, factor), multiplier, jitter);
    }

    static Duration scale(Duration d, double factor) {
        return Duration.ofNanos((long) (d.toNanos() * factor));
    }

    /** The longer of our back-off and the server's {@code Retry-After}, if it sent one. */
    public static Duration atLeast(Duration backoff, Duration retryAfter) {
        return retryAfter != null && retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
    }
}
