package io.jenkins.plugins.dashscope.core.wait;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * When to query a running task next.
 *
 * <p>The official SDKs query at once and then after 1,1,2,2,2,4,4,4 and every 5 s: about a dozen
 * queries for a 30 s task, most of them certain to find it unfinished, and up to 5 s lost at the end.
 * This schedule differs in two ways. Without history it skips the immediate query (a task just created
 * is PENDING) and ramps 1, 2, 3, 4 s to the SDKs' steady 5 s: fewer queries at the same detection delay.
 * With history for the model it sleeps until the task has run as long as the fastest recent tasks
 * ({@code low}; a task still queued behind another has not started, so it needs at least that long)
 * and then queries at a fraction of the typical duration, at least every nine tenths of {@code steadyInterval}
 * (where the SDKs' own pause is 5 s, ours must be shorter to lose less): a handful of queries per task with a
 * detection delay no longer than the SDKs'. A task that outlives what history
 * expected (its high quantile) backs off as a wait without history does, counting from that moment (1, 2, 3, 4,
 * then every 5 s): an estimate ten times too short costs no more queries than the SDKs' schedule, never a query
 * every half second for the whole wait.
 *
 * @param firstDelay       first query without history
 * @param ramp             the following pauses without history
 * @param steadyInterval   the longest pause between queries
 * @param minInterval      the shortest pause between queries
 * @param intervalFraction pause as a fraction of the typical duration, with history (a quarter: finer asks more
 *                         without finding the task sooner than the SDKs' pauses would)
 */
public record PollSchedule(
        Duration firstDelay,
        List<Duration> ramp,
        Duration steadyInterval,
        Duration minInterval,
        double intervalFraction) {

    public PollSchedule {
        ramp = List.copyOf(ramp);
        if (minInterval.compareTo(steadyInterval) > 0 || intervalFraction <= 0) {
            throw new IllegalArgumentException("invalid poll schedule");
        }
    }

    public static PollSchedule defaults() {
        return new PollSchedule(
                Duration.ofSeconds(1),
                List.of(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(4)),
                Duration.ofSeconds(5),
                Duration.ofMillis(500),
                0.25);
    }

    /** The same schedule with every duration multiplied (simulations with short service times). */
    public PollSchedule scaled(double factor) {
        return new PollSchedule(
                RetrySettings.scale(firstDelay, factor),
                ramp.stream().map(d -> RetrySettings.scale(d, factor)).toList(),
                RetrySettings.scale(steadyInterval, factor),
                RetrySettings.scale(minInterval, factor),
                intervalFraction);
    }

    /**
     * @param polls   queries answered so far
     * @param running how long the task has been running (zero while it is queued)
     */
    public Duration next(int polls, Duration running, Optional<ServiceTimeEstimator.Estimate> estimate) {
        if (estimate.isPresent()) {
            ServiceTimeEstimator.Estimate e = estimate.get();
            Duration untilLow = e.low().minus(running);
            if (untilLow.compareTo(minInterval) > 0) {
                return untilLow;
            }
            Duration overrun = running.minus(e.high());
            if (!overrun.isNegative() && !e.high().isZero()) {
                return rampAfter(overrun);
            }
            Duration interval = RetrySettings.scale(e.median(), intervalFraction);
            Duration cap = RetrySettings.scale(steadyInterval, 0.9);
            return clamp(interval.compareTo(cap) > 0 ? cap : interval);
        }
        if (polls == 0) {
            return firstDelay;
        }
        return polls <= ramp.size() ? ramp.get(polls - 1) : steadyInterval;
    }

    /** The pause of the schedule without history, {@code elapsed} after its start: 1, 2, 3, 4 s, then 5 s. */
    private Duration rampAfter(Duration elapsed) {
        Duration reached = firstDelay;
        if (elapsed.compareTo(reached) < 0) {
            return firstDelay;
        }
        for (Duration pause : ramp) {
            reached = reached.plus(pause);
            if (elapsed.compareTo(reached) < 0) {
                return pause;
            }
        }
        return steadyInterval;
    }

    private Duration clamp(Duration d) {
        if (d.compareTo(minInterval) < 0) {
            return minInterval;
        }
        return d.compareTo(steadyInterval) > 0 ? steadyInterval : d;
    }
}
