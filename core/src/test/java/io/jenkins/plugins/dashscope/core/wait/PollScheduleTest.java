package io.jenkins.plugins.dashscope.core.wait;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Compares the schedule with the official SDKs' (query at once, then 1,1,2,2,2,4,4,4, then every 5 s)
 * on the same task durations: queries per task and the delay between completion and detection.
 */
class PollScheduleTest {

    private static final long[] SDK_PAUSES_MS = {1000, 1000, 2000, 2000, 2000, 4000, 4000, 4000};

    private record Cost(int queries, long delayMs) {}

    private static Cost sdk(long serviceMs) {
        long t = 0;
        int queries = 0;
        int i = 0;
        while (true) {
            queries++;
            if (t >= serviceMs) {
                return new Cost(queries, t - serviceMs);
            }
            t += i < SDK_PAUSES_MS.length ? SDK_PAUSES_MS[i++] : 5000;
        }
    }

    private static Cost ours(long serviceMs, PollSchedule schedule, ServiceTimeEstimator estimator) {
        long t = 0;
        int polls = 0;
        while (true) {
            t += schedule.next(polls, Duration.ofMillis(t), estimator.estimate("m"))
                    .toMillis();
            polls++;
            if (t >= serviceMs) {
                estimator.record("m", Duration.ofMillis(serviceMs));
                return new Cost(polls, t - serviceMs);
            }
        }
    }

    private static long percentile(List<Long> values, double p) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get((int) Math.ceil(p * sorted.size()) - 1);
    }

    @Test
    void withoutHistoryItQueriesLessAndDetectsNoLater() {
        PollSchedule schedule = PollSchedule.defaults();
        for (long service = 3_000; service <= 120_000; service += 1_500) {
            Cost sdk = sdk(service);
            Cost ours = ours(service, schedule, new ServiceTimeEstimator());
            assertThat(ours.queries()).as("queries at %d ms", service).isLessThanOrEqualTo(sdk.queries());
            if (service > 16_000) { // where both have settled at 5 s
                assertThat(ours.delayMs()).as("delay at %d ms", service).isLessThanOrEqualTo(5_000);
            }
        }
    }

    @Test
    void withHistoryItNeedsAtMostHalfTheQueriesAtNoWorseP95Delay() {
        Random random = new Random(42);
        ServiceTimeEstimator estimator = new ServiceTimeEstimator();
        PollSchedule schedule = PollSchedule.defaults();
        int sdkQueries = 0;
        int ourQueries = 0;
        List<Long> sdkDelays = new ArrayList<>();
        List<Long> ourDelays = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long service = 15_000 + random.nextInt(30_000); // tasks of 15..45 s
            Cost s = sdk(service);
            Cost o = ours(service, schedule, estimator);
            if (i >= 10) { // after a few tasks have taught the estimator
                sdkQueries += s.queries();
                ourQueries += o.queries();
                sdkDelays.add(s.delayMs());
                ourDelays.add(o.delayMs());
            }
        }
        assertThat(ourQueries * 2).isLessThanOrEqualTo(sdkQueries);
        assertThat(percentile(ourDelays, 0.95)).isLessThanOrEqualTo(percentile(sdkDelays, 0.95));
    }

    @Test
    void scalingKeepsTheShape() {
        PollSchedule s = PollSchedule.defaults().scaled(0.01);
        assertThat(s.next(0, Duration.ZERO, Optional.empty())).isEqualTo(Duration.ofMillis(10));
        assertThat(s.next(10, Duration.ofSeconds(1), Optional.empty())).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void jitteredBackoffStaysWithinBounds() {
        RetrySettings r = RetrySettings.defaults();
        assertThat(r.delay(1, () -> 0.0)).isEqualTo(Duration.ofMillis(500));
        assertThat(r.delay(1, () -> 1.0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(r.delay(3, () -> 1.0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(r.delay(20, () -> 1.0)).isEqualTo(Duration.ofSeconds(15));
    }
}
