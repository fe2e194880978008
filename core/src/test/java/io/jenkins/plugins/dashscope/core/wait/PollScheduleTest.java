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

    /**
     * From a model's second task on, whatever its typical run time: the first teaches one sample, whose least is a
     * poor floor (the next task is shorter with even chance), so the floor is shrunk while samples are few. Without
     * the shrinking this fails at 13, 22 and 30 s.
     */
    @Test
    void fromTheSecondTaskOnItNeedsAtMostHalfTheQueriesAtNoWorseP95Delay() {
        // the task lengths, each varying by a quarter either way
        for (long typical : new long[] {5_000, 13_000, 22_000, 30_000, 47_000, 90_000}) {
            long[] range = {typical * 3 / 4, typical * 5 / 4};
            Random random = new Random(7);
            ServiceTimeEstimator estimator = new ServiceTimeEstimator();
            int sdkQueries = 0;
            int ourQueries = 0;
            List<Long> sdkDelays = new ArrayList<>();
            List<Long> ourDelays = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                long service = range[0] + (long) (random.nextDouble() * (range[1] - range[0]));
                Cost s = sdk(service);
                Cost o = ours(service, PollSchedule.defaults(), estimator);
                if (i >= 1) {
                    sdkQueries += s.queries();
                    ourQueries += o.queries();
                    sdkDelays.add(s.delayMs());
                    ourDelays.add(o.delayMs());
                }
            }
            String r = range[0] / 1000 + "-" + range[1] / 1000 + " s";
            assertThat(ourQueries * 2)
                    .as("queries, %s: ours %d, SDK %d", r, ourQueries, sdkQueries)
                    .isLessThanOrEqualTo(sdkQueries);
            assertThat(percentile(ourDelays, 0.95))
                    .as("p95 delay, %s", r)
                    .isLessThanOrEqualTo(percentile(sdkDelays, 0.95));
        }
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

    /**
     * History that is ten times too short (tasks of 0.5 to 9 s learned, then 5 to 90 s ones): once a task outlives
     * what was expected the wait backs off as one without history does, so it asks no more than the SDKs' schedule.
     */
    @Test
    void anEstimateTenTimesTooShortCostsNoMoreThanTheSdk() {
        PollSchedule schedule = PollSchedule.defaults();
        for (long service : new long[] {5_000, 13_000, 22_000, 30_000, 47_000, 90_000}) {
            ServiceTimeEstimator tooShort = new ServiceTimeEstimator();
            for (int i = 0; i < 10; i++) {
                tooShort.record("m", Duration.ofMillis(service / 10 + i * 10L));
            }
            Optional<ServiceTimeEstimator.Estimate> wrong = tooShort.estimate("m");
            long t = 0;
            int polls = 0;
            while (t < service) {
                t += schedule.next(polls++, Duration.ofMillis(t), wrong).toMillis();
            }
            Cost ours = new Cost(polls, t - service);
            Cost sdk = sdk(service);
            assertThat(ours.queries()).as("queries at %d ms", service).isLessThanOrEqualTo(sdk.queries());
            assertThat(ours.delayMs()).as("delay at %d ms", service).isLessThanOrEqualTo(5_000);
        }
    }

    @Test
    void pastItsHighQuantileATaskIsQueriedAsAWaitWithoutHistoryIs() {
        PollSchedule schedule = PollSchedule.defaults();
        ServiceTimeEstimator.Estimate e = new ServiceTimeEstimator.Estimate(
                Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(6), 10);
        // within the estimate: a quarter of the median, at least the shortest pause, at most 4.5 s
        assertThat(schedule.next(3, Duration.ofMillis(5_500), Optional.of(e))).isEqualTo(Duration.ofMillis(1_250));
        ServiceTimeEstimator.Estimate slow = new ServiceTimeEstimator.Estimate(
                Duration.ofSeconds(60), Duration.ofSeconds(80), Duration.ofSeconds(100), 10);
        assertThat(schedule.next(3, Duration.ofSeconds(70), Optional.of(slow))).isEqualTo(Duration.ofMillis(4_500));
        // past the high quantile: 1, 2, 3, 4, then 5 s, counted from the moment it was passed
        assertThat(schedule.next(4, Duration.ofMillis(6_000), Optional.of(e))).isEqualTo(Duration.ofSeconds(1));
        assertThat(schedule.next(5, Duration.ofMillis(7_000), Optional.of(e))).isEqualTo(Duration.ofSeconds(2));
        assertThat(schedule.next(6, Duration.ofMillis(9_000), Optional.of(e))).isEqualTo(Duration.ofSeconds(3));
        assertThat(schedule.next(7, Duration.ofMillis(12_000), Optional.of(e))).isEqualTo(Duration.ofSeconds(4));
        assertThat(schedule.next(8, Duration.ofMillis(16_000), Optional.of(e))).isEqualTo(Duration.ofSeconds(5));
        assertThat(schedule.next(9, Duration.ofSeconds(60), Optional.of(e))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aServerRunTimeTheClientCouldNotHaveSeenIsNotLearned() {
        ServiceTimeEstimator estimator = new ServiceTimeEstimator();

        // eight hours: a server clock in another time zone; negative: fields swapped
        assertThat(estimator.recordChecked("m", Duration.ofHours(8).plusSeconds(20), Duration.ofSeconds(25)))
                .isFalse();
        assertThat(estimator.recordChecked("m", Duration.ofSeconds(-3), Duration.ofSeconds(25)))
                .isFalse();
        assertThat(estimator.estimate("m")).isEmpty();
        // a run time within what the client saw (queueing and the last pause make the client's longer) is learned
        assertThat(estimator.recordChecked("m", Duration.ofSeconds(20), Duration.ofSeconds(25)))
                .isTrue();
        assertThat(estimator.recordChecked("m", Duration.ofMillis(25_900), Duration.ofSeconds(25)))
                .isTrue();
        assertThat(estimator.estimate("m"))
                .map(ServiceTimeEstimator.Estimate::samples)
                .contains(2);
    }
}
