package io.jenkins.plugins.dashscope.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void secondsOrAnHttpDateCappedSoAServerCannotParkUs() {
        assertThat(RetryAfter.parse("3", clock)).isEqualTo(Duration.ofSeconds(3));
        assertThat(RetryAfter.parse("Sun, 22 Nov 2026 10:00:07 GMT", clock)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("86400", clock)).isEqualTo(RetryAfter.MAX);
        assertThat(RetryAfter.parse("0", clock)).isNull();
        assertThat(RetryAfter.parse("Sun, 22 Nov 2026 09:00:00 GMT", clock)).isNull();
        assertThat(RetryAfter.parse("soon", clock)).isNull();
        assertThat(RetryAfter.parse(null, clock)).isNull();
    }
}
