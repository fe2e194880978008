package io.jenkins.plugins.dashscope.core.simulator;

import io.jenkins.plugins.dashscope.core.catalog.ApiFamily;
import io.jenkins.plugins.dashscope.core.catalog.ModelLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The simulated task queue. Time is evaluated lazily: whenever someone looks, tasks of each key start
 * in creation order as soon as one of the key's running slots is free, and end after their service
 * time. This is exact without timers.
 */
final class TaskBook {

    private final SimulatorSettings settings;
    private final Map<String, SimTask> tasks = new LinkedHashMap<>();
    private final Map<String, KeyState> keys = new HashMap<>();
    private int created;

    /** One key's queue and limits; per model of the key when the settings give models their own limits. */
    private static final class KeyState {
        final String keyDigest;
        final List<SimTask> queue = new ArrayList<>();
        final Instant[] slotFreeAt;
        final Deque<Instant> recentSubmits = new ArrayDeque<>();
        final int submits;
        final Duration window;

        KeyState(String keyDigest, int slots, int submits, Duration window) {
            this.keyDigest = keyDigest;
            this.submits = submits;
            this.window = window;
            slotFreeAt = new Instant[slots];
            Arrays.fill(slotFreeAt, Instant.EPOCH);
        }
    }

    private final Map<String, Deque<Instant>> recentQueries = new HashMap<>();

    TaskBook(SimulatorSettings settings) {
        this.settings = settings;
    }

    /** Records a submit attempt against the rate limit; false when it exceeds the limit. */
    synchronized boolean admitSubmit(String keyDigest, String model, Instant now) {
        KeyState k = key(keyDigest, model);
        return admit(k.recentSubmits, k.submits, k.window, now);
    }

    /** Records a task query against the key's query limit; false when it exceeds it. */
    synchronized boolean admitQuery(String keyDigest, Instant now) {
        return admit(
                recentQueries.computeIfAbsent(keyDigest, d -> new ArrayDeque<>()),
                settings.queriesPerWindow(),
                settings.queryWindow(),
                now);
    }

    private static boolean admit(Deque<Instant> recent, int limit, Duration window, Instant now) {
        while (!recent.isEmpty() && !recent.peekFirst().plus(window).isAfter(now)) {
            recent.removeFirst();
        }
        if (recent.size() >= limit) {
            return false;
        }
        recent.addLast(now);
        return true;
    }

    synchronized SimTask create(
            String keyDigest,
            String model,
            ApiFamily family,
            ApiFamily.Output shape,
            int images,
            int width,
            int height,
            SimTask.Behaviour behaviour,
            String prompt,
            Instant now) {
        Duration service = settings.serviceTime().apply(created++);
        SimTask t = new SimTask(
                UUID.randomUUID().toString(),
                keyDigest,
                model,
                family,
                shape,
                UUID.randomUUID().toString(),
                images,
                width,
                height,
                now,
                service,
                behaviour,
                prompt);
        tasks.put(t.id, t);
        key(keyDigest, model).queue.add(t);
        advance(now);
        return t;
    }

    synchronized Optional<SimTask> find(String id, String keyDigest, Instant now) {
        advance(now);
        SimTask t = tasks.get(id);
        return t != null && t.keyDigest.equals(keyDigest) ? Optional.of(t) : Optional.empty();
    }

    /** Cancels a PENDING task; false when it is not PENDING. */
    synchronized boolean cancel(SimTask t, Instant now) {
        advance(now);
        if (t.started != null || t.canceled) {
            return false;
        }
        t.canceled = true;
        return true;
    }

    synchronized List<SimTask> list(String keyDigest, Instant now) {
        advance(now);
        return tasks.values().stream()
                .filter(t -> t.keyDigest.equals(keyDigest))
                .toList();
    }

    /** Counts a query of {@code t}; the first one that reports its end marks when a client detected it. */
    synchronized void noteQuery(SimTask t, Instant now) {
        t.queries++;
        if (t.detected == null && t.status(now).isTerminal()) {
            t.detected = now;
        }
    }

    synchronized List<DashScopeSimulator.TaskTimeline> timeline() {
        return tasks.values().stream()
                .map(t -> new DashScopeSimulator.TaskTimeline(
                        t.id,
                        t.created,
                        t.started,
                        t.canceled ? null : t.ended,
                        t.detected,
                        t.queries,
                        t.model,
                        t.serviceTime))
                .toList();
    }

    synchronized int taskCount() {
        return tasks.size();
    }

    /** Snapshot view under the lock: status and times of a task. */
    synchronized <T> T read(java.util.function.Supplier<T> reader) {
        return reader.get();
    }

    private KeyState key(String digest, String model) {
        if (settings.modelLimits() == null) {
            return keys.computeIfAbsent(
                    digest,
                    d -> new KeyState(
                            digest, settings.maxRunningPerKey(), settings.submitsPerWindow(), settings.rateWindow()));
        }
        return keys.computeIfAbsent(digest + " " + model, d -> {
            ModelLimits l = settings.modelLimits().apply(model);
            return new KeyState(digest, l.concurrency(), l.submits(), l.window());
        });
    }

    private void advance(Instant now) {
        for (KeyState k : keys.values()) {
            for (SimTask t : k.queue) {
                if (t.started != null || t.canceled) {
                    continue;
                }
                int slot = 0;
                for (int i = 1; i < k.slotFreeAt.length; i++) {
                    if (k.slotFreeAt[i].isBefore(k.slotFreeAt[slot])) {
                        slot = i;
                    }
                }
                Instant start = t.created.isAfter(k.slotFreeAt[slot]) ? t.created : k.slotFreeAt[slot];
                if (start.isAfter(now)) {
                    break; // first come, first served: later tasks wait too
                }
                t.started = start;
                t.ended = start.plus(t.serviceTime);
                k.slotFreeAt[slot] = t.ended;
            }
        }
    }
}
