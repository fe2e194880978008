package io.jenkins.plugins.dashscope.core.generation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which tasks on the platform belong to a generation of this process, so that a lookup after a lost submit
 * answer never takes another generation's task for its own: the tasks submitted, adopted or resumed here, and how
 * many submits of each model are still waiting for their answer (the task behind one of those is not yet known).
 * Bounded: tasks are kept as long as the platform keeps them (a day), and at most {@link #MAX} of them.
 */
final class TaskClaims {

    static final Duration KEPT = Duration.ofHours(25);
    static final int MAX = 100_000;

    private final Clock clock;
    /** In the order claimed, so the oldest are evicted first. */
    private final LinkedHashMap<String, Instant> claimed = new LinkedHashMap<>();

    private final Map<String, Integer> sending = new HashMap<>();

    TaskClaims(Clock clock) {
        this.clock = clock;
    }

    /** Marks a task as taken; false when it already was. */
    synchronized boolean claim(String taskId) {
        if (taskId == null) {
            return true;
        }
        evict();
        return claimed.putIfAbsent(taskId, clock.instant()) == null;
    }

    synchronized boolean isClaimed(String taskId) {
        return claimed.containsKey(taskId);
    }

    /** A submit of {@code model} was sent; call {@link #answered} when its answer (or failure) came. */
    synchronized void sending(String model) {
        sending.merge(model, 1, Integer::sum);
    }

    synchronized void answered(String model) {
        sending.computeIfPresent(model, (m, n) -> n > 1 ? n - 1 : null);
    }

    /** Submits of {@code model} sent and not yet answered: each may be behind a task no one has claimed yet. */
    synchronized int awaitingAnswer(String model) {
        return sending.getOrDefault(model, 0);
    }

    private void evict() {
        Instant oldest = clock.instant().minus(KEPT);
        Iterator<Map.Entry<String, Instant>> it = claimed.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Instant> e = it.next();
            if (claimed.size() < MAX && !e.getValue().isBefore(oldest)) {
                return;
            }
            it.remove();
        }
    }
}
