package io.jenkins.plugins.dashscope.core.gate;

import io.jenkins.plugins.dashscope.core.wait.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The local queue in front of one key: callers wait here, without holding a thread, for a task slot
 * and for room in the submit rate, instead of being refused by the server with 429 Throttling.
 * Both queues are first come, first served.
 */
public final class RateGate {

    private final GateSettings settings;
    private final Scheduler scheduler;
    private final Clock clock;

    /**
     * Who waits for a slot, by owner (a build), served in turn: a build's place does not depend on how many
     * requests another build queued first.
     */
    private final Map<Object, Deque<CompletableFuture<Slot>>> slotWaiters = new LinkedHashMap<>();

    private final Deque<CompletableFuture<SubmitPermit>> rateWaiters = new ArrayDeque<>();
    private final Deque<SubmitPermit> recentSubmits = new ArrayDeque<>();
    private int inFlight;
    private boolean rateWakeupScheduled;
    /** Set by {@link #holdSubmits}: no permit before then. */
    private Instant heldUntil = Instant.MIN;
    /** When this gate was last handed out or asked for a slot or a permit. */
    private Instant lastUsed;

    RateGate(GateSettings settings, Scheduler scheduler, Clock clock) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.clock = clock;
        this.lastUsed = clock.instant();
    }

    synchronized void touch() {
        lastUsed = clock.instant();
    }

    /**
     * True when dropping this gate changes nothing a new one would not do the same: no task in flight or
     * queued, no submit waiting or still inside its rate window, no server's hold, and unused since
     * {@code cutoff}.
     */
    synchronized boolean idle(Instant cutoff) {
        Instant now = clock.instant();
        return inFlight == 0
                && slotWaiters.isEmpty()
                && rateWaiters.isEmpty()
                && !heldUntil.isAfter(now)
                && recentSubmits.stream()
                        .allMatch(p -> p.finishedAt != null
                                && !p.finishedAt.plus(settings.window()).isAfter(now))
                && lastUsed.isBefore(cutoff);
    }

    /** A task slot; release it when the task has ended (or was never created). Releasing twice is harmless. */
    public final class Slot {
        private final AtomicBoolean released = new AtomicBoolean();

        public void release() {
            if (released.compareAndSet(false, true)) {
                synchronized (RateGate.this) {
                    inFlight--;
                }
                pumpSlots();
            }
        }
    }

    /** Completes when a task slot is free. Cancelling the future leaves the queue. */
    public CompletableFuture<Slot> acquireSlot() {
        return acquireSlot(new Object()); // an owner of its own: served in turn with every other
    }

    /**
     * As {@link #acquireSlot()}, for {@code owner} (a build): owners waiting are served one slot each in turn,
     * and an owner's own requests in the order it made them.
     */
    public CompletableFuture<Slot> acquireSlot(Object owner) {
        CompletableFuture<Slot> f = new CompletableFuture<>();
        synchronized (this) {
            slotWaiters.computeIfAbsent(owner, o -> new ArrayDeque<>()).addLast(f);
            lastUsed = clock.instant();
        }
        pumpSlots();
        return f;
    }

    /**
     * Room for one submit in the rate window. The server counts a submit when it arrives, which we cannot
     * see; it arrives before its answer does, so a permit's window starts when {@link #sent} reports the
     * request finished. Spacing submits by their answers keeps the server's count within the limit
     * whatever the network's jitter.
     */
    public final class SubmitPermit {
        private Instant finishedAt; // null while the request is under way: it occupies the window

        /** The create call has its answer (or failed); call exactly once per permit. */
        public void sent() {
            synchronized (RateGate.this) {
                if (finishedAt == null) {
                    finishedAt = clock.instant();
                }
            }
            pumpRate();
        }
    }

    /** Completes when one more submit fits in the rate window; each submit attempt takes one. */
    public CompletableFuture<SubmitPermit> submitPermit() {
        CompletableFuture<SubmitPermit> f = new CompletableFuture<>();
        synchronized (this) {
            rateWaiters.addLast(f);
            lastUsed = clock.instant(); // a wait that holds this gate for hours keeps it while it polls
        }
        pumpRate();
        return f;
    }

    /**
     * Gives no permit for {@code pause}: the server said when to come back (a {@code Retry-After}), and that
     * holds for every caller of this gate, not just the one that was refused.
     */
    public void holdSubmits(Duration pause) {
        synchronized (this) {
            Instant until = clock.instant().plus(pause);
            if (until.isAfter(heldUntil)) {
                heldUntil = until;
            }
        }
        pumpRate();
    }

    public GateSettings settings() {
        return settings;
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    public synchronized int queued() {
        return slotWaiters.values().stream().mapToInt(Deque::size).sum();
    }

    private void pumpSlots() {
        while (true) {
            CompletableFuture<Slot> next;
            Slot slot;
            synchronized (this) {
                slotWaiters.values().forEach(q -> q.removeIf(CompletableFuture::isDone));
                slotWaiters.values().removeIf(Deque::isEmpty);
                if (slotWaiters.isEmpty() || inFlight >= settings.maxInFlight()) {
                    return;
                }
                // the owner first in line takes one slot, then goes to the back of the line
                Object owner = slotWaiters.keySet().iterator().next();
                Deque<CompletableFuture<Slot>> theirs = slotWaiters.remove(owner);
                next = theirs.removeFirst();
                if (!theirs.isEmpty()) {
                    slotWaiters.put(owner, theirs);
                }
                inFlight++;
                slot = new Slot();
            }
            // Completed outside the lock: the caller's continuation may come back into the gate.
            if (!next.complete(slot)) {
                slot.release(); // the caller gave up meanwhile
            }
        }
    }

    private void pumpRate() {
        while (true) {
            CompletableFuture<SubmitPermit> next;
            SubmitPermit permit;
            synchronized (this) {
                rateWaiters.removeIf(CompletableFuture::isDone);
                if (rateWaiters.isEmpty()) {
                    return;
                }
                Instant now = clock.instant();
                recentSubmits.removeIf(p -> p.finishedAt != null
                        && !p.finishedAt.plus(settings.window()).isAfter(now));
                boolean held = heldUntil.isAfter(now);
                if (held || recentSubmits.size() >= settings.submitsPerWindow()) {
                    Instant freeAt = held
                            ? heldUntil
                            : recentSubmits.stream()
                                    .filter(p -> p.finishedAt != null)
                                    .map(p -> p.finishedAt.plus(settings.window()))
                                    .min(Instant::compareTo)
                                    .orElse(null);
                    // When every permit is still under way, the next sent() pumps again.
                    if (freeAt != null && !rateWakeupScheduled) {
                        rateWakeupScheduled = true;
                        Duration wait = Duration.between(now, freeAt);
                        scheduler.schedule(
                                () -> {
                                    synchronized (this) {
                                        rateWakeupScheduled = false;
                                    }
                                    pumpRate();
                                },
                                wait);
                    }
                    return;
                }
                next = rateWaiters.removeFirst();
                permit = new SubmitPermit();
                recentSubmits.addLast(permit);
            }
            if (!next.complete(permit)) {
                permit.sent(); // the caller gave up meanwhile: nothing will be sent
            }
        }
    }
}
