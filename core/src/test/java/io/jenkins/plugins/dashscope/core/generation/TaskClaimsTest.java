package io.jenkins.plugins.dashscope.core.generation;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dashscope.core.testing.VirtualScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TaskClaimsTest {

    private final VirtualScheduler time = new VirtualScheduler();
    private final TaskClaims claims = new TaskClaims(time.clock);

    @Test
    void aTaskIsClaimedOnce() {
        assertThat(claims.claim("t1")).isTrue();
        assertThat(claims.claim("t1")).as("a second generation cannot take it").isFalse();
        assertThat(claims.isClaimed("t1")).isTrue();
        assertThat(claims.isClaimed("t2")).isFalse();
    }

    @Test
    void claimsAreForgottenOnceThePlatformHasForgottenTheTask() {
        claims.claim("old");
        time.advance(TaskClaims.KEPT.plus(Duration.ofMinutes(1)));
        claims.claim("new");
        assertThat(claims.isClaimed("old")).isFalse();
        assertThat(claims.isClaimed("new")).isTrue();
    }

    @Test
    void atMostMaxClaimsAreKept() {
        for (int i = 0; i <= TaskClaims.MAX; i++) {
            claims.claim("t" + i);
        }
        assertThat(claims.isClaimed("t0")).as("the oldest goes first").isFalse();
        assertThat(claims.isClaimed("t1")).isTrue();
        assertThat(claims.isClaimed("t" + TaskClaims.MAX)).isTrue();
    }

    @Test
    void submitsAwaitingTheirAnswerAreCountedPerModel() {
        claims.sending("wanx-v1");
        claims.sending("wanx-v1");
        claims.sending("qwen-image");
        claims.answered("wanx-v1");
        assertThat(claims.awaitingAnswer("wanx-v1")).isEqualTo(1);
        assertThat(claims.awaitingAnswer("qwen-image")).isEqualTo(1);
        claims.answered("wanx-v1");
        claims.answered("wanx-v1"); // an extra answer never goes below zero
        assertThat(claims.awaitingAnswer("wanx-v1")).isZero();
    }
}
