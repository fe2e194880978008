package io.jenkins.plugins.dashscope.core.client;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A {@code Retry-After} header: seconds, or an HTTP date. No DashScope answer is documented to carry one; if a
 * 429 ever does, it is honoured. Capped, so a hostile server cannot park a build on it.
 */
final class RetryAfter {

    static final Duration MAX = Duration.ofSeconds(60);

    private RetryAfter() {}

    /** The wait asked for, at most {@link #MAX}; null for no header or one that says nothing usable. */
    static Duration parse(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        Duration d;
        if (v.matches("\\d{1,9}")) {
            d = Duration.ofSeconds(Long.parseLong(v));
        } else {
            try {
                d = Duration.between(
                        clock.instant(),
                        ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant());
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (d.isNegative() || d.isZero()) {
            return null;
        }
        return d.compareTo(MAX) > 0 ? MAX : d;
    }
}
