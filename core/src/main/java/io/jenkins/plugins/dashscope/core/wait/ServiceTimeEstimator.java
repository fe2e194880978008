package io.jenkins.plugins.dashscope.core.wait;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers how long recent tasks of each model took (keyed by endpoint and model), so a wait can skip queries that
 * could not find the task finished. Shared by all waits of one runtime; thread-safe. Bounded: the last
 * {@value #WINDOW} run times of at most {@value #MAX_KEYS} endpoint-model pairs, the least recently taught dropped
 * first. {@link #snapshot()} and {@link #restore} carry it across runs ({@link RunTimeHistory}).
 */
public final class ServiceTimeEstimator {

    static final int WINDOW = 32;
    static final int MAX_KEYS = 256;
    /** A run time beyond this is not a run time (DashScope keeps tasks 24 hours). */
    static final Duration LONGEST = Duration.ofDays(1);

    private final Map<String, Deque<Long>> samples = new LinkedHashMap<>(16, 0.75f, true);
    private long changes;

    /**
     * Typical run times: a low quantile (shrunk while samples are few), the median and a high one (the 90th percentile), past which a task has
     * outlived what history expected of it.
     */
    public record Estimate(Duration low, Duration median, Duration high, int samples) {}

    /** How far the server's run time may exceed what the client saw pass: the server's clock ticks in seconds. */
    static final Duration SLACK = Duration.ofSeconds(1);

    /**
     * Learns the server's run time of a task only when the client's own observation agrees: a task cannot have run
     * longer than the client saw pass from its submit to the answer that found it done. A server clock, time zone or
     * field that is off would otherwise teach every later wait a wrong schedule.
     *
     * @return whether the figure was learned
     */
    public boolean recordChecked(String model, Duration serverRunTime, Duration clientObserved) {
        if (serverRunTime.isNegative() || serverRunTime.compareTo(clientObserved.plus(SLACK)) > 0) {
            return false;
        }
        record(model, serverRunTime);
        return true;
    }

    public synchronized void record(String model, Duration duration) {
        if (duration.isNegative() || duration.compareTo(LONGEST) > 0) {
            return;
        }
        Deque<Long> d = samples.computeIfAbsent(model, m -> new ArrayDeque<>());
        d.addLast(duration.toNanos());
        while (d.size() > WINDOW) {
            d.removeFirst();
        }
        for (var it = samples.keySet().iterator(); samples.size() > MAX_KEYS && it.hasNext(); ) {
            it.next();
            it.remove();
        }
        changes++;
    }

    /** How many run times were learned so far: a host saves the history when this moved. */
    public synchronized long changes() {
        return changes;
    }

    /** Every key's run times in milliseconds, oldest first, the least recently taught key first. */
    public synchronized Map<String, List<Long>> snapshot() {
        Map<String, List<Long>> copy = new LinkedHashMap<>();
        samples.forEach(
                (key, d) -> copy.put(key, d.stream().map(n -> n / 1_000_000).toList()));
        return copy;
    }

    /** Learns saved run times (milliseconds), within this estimator's bounds; what it already knows stays newer. */
    public synchronized void restore(Map<String, List<Long>> saved) {
        Map<String, Deque<Long>> known = new LinkedHashMap<>(samples);
        samples.clear();
        saved.forEach((key, millis) -> millis.forEach(ms -> record(key, Duration.ofMillis(ms))));
        known.forEach((key, d) -> d.forEach(n -> record(key, Duration.ofNanos(n))));
    }

    public synchronized Optional<Estimate> estimate(String model) {
        Deque<Long> d = samples.get(model);
        if (d == null || d.isEmpty()) {
            return Optional.empty();
        }
        long[] sorted = d.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        // few samples make a poor floor: the next task is shorter than the least of n with chance 1/(n+1), so the
        // floor a wait sleeps to is shrunk by n/(n+1) (half of a single sample, barely anything at 32)
        long low = sorted[(int) Math.floor((sorted.length - 1) * 0.1)] / (sorted.length + 1) * sorted.length;
        long median = sorted[(sorted.length - 1) / 2];
        long high = sorted[(int) Math.ceil((sorted.length - 1) * 0.9)];
        return Optional.of(
                new Estimate(Duration.ofNanos(low), Duration.ofNanos(median), Duration.ofNanos(high), sorted.length));
    }
}
