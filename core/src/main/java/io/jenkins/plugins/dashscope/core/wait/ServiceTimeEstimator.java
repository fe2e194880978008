package io.jenkins.plugins.dashscope.core.wait;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers how long recent tasks of each model took, so a wait can skip queries that could not find
 * the task finished. Shared by all waits of one engine; thread-safe.
 */
public final class ServiceTimeEstimator {

    private static final int WINDOW = 32;

    private final Map<String, Deque<Long>> samples = new HashMap<>();

    /** Typical durations from submit to completion: a low quantile and the median. */
    public record Estimate(Duration low, Duration median, int samples) {}

    public synchronized void record(String model, Duration duration) {
        if (duration.isNegative()) {
            return;
        }
        Deque<Long> d = samples.computeIfAbsent(model, m -> new ArrayDeque<>());
        d.addLast(duration.toNanos());
        while (d.size() > WINDOW) {
            d.removeFirst();
        }
    }

    public synchronized Optional<Estimate> estimate(String model) {
        Deque<Long> d = samples.get(model);
        if (d == null || d.isEmpty()) {
            return Optional.empty();
        }
        long[] sorted = d.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        long low = sorted[(int) Math.floor((sorted.length - 1) * 0.1)];
        long median = sorted[(sorted.length - 1) / 2];
        return Optional.of(new Estimate(Duration.ofNanos(low), Duration.ofNanos(median), sorted.length));
    }
}
