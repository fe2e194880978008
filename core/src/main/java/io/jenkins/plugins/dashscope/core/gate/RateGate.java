package io.jenkins.plugins.dashscope.core.gate;

import io.jenkins.plugins.dashscope.core.wait.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
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

    private final Deque<CompletableFuture<Slot>> slotWaiters = new ArrayDeque<>();
    private final Deque<CompletableFuture<Void>> rateWaiters = new ArrayDeque<>();
    private final Deque<Instant> recentSubmits = new ArrayDeque<>();
    private int inFlight;
    private boolean rateWakeupScheduled;

    RateGate(GateSettings settings, Scheduler scheduler, Clock clock) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.clock = clock;
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
        CompletableFuture<Slot> f = new CompletableFuture<>();
        synchronized (this) {
            slotWaiters.addLast(f);
        }
        pumpSlots();
        return f;
    }

    /** Completes when one more submit fits in the rate window; each submit attempt takes one. */
    public CompletableFuture<Void> submitPermit() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (this) {
            rateWaiters.addLast(f);
        }
        pumpRate();
        return f;
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    public synchronized int queued() {
        return slotWaiters.size();
    }

    private void pumpSlots() {
        while (true) {
            CompletableFuture<Slot> next;
            Slot slot;
            synchronized (this) {
                slotWaiters.removeIf(CompletableFuture::isDone);
                if (slotWaiters.isEmpty() || inFlight >= settings.maxInFlight()) {
                    return;
                }
                next = slotWaiters.removeFirst();
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
            CompletableFuture<Void> next;
            synchronized (this) {
                rateWaiters.removeIf(CompletableFuture::isDone);
                if (rateWaiters.isEmpty()) {
                    return;
                }
                Instant now = clock.instant();
                while (!recentSubmits.isEmpty() && !recentSubmits.peekFirst().plus(settings.window()).isAfter(now)) {
                    recentSubmits.removeFirst();
                }
                if (recentSubmits.size() >= settings.submitsPerWindow()) {
                    if (!rateWakeupScheduled) {
                        rateWakeupScheduled = true;
                        Duration wait = Duration.between(now, recentSubmits.peekFirst().plus(settings.window()));
                        scheduler.schedule(() -> {
                            synchronized (this) {
                                rateWakeupScheduled = false;
                            }
                            pumpRate();
                        }, wait);
                    }
                    return;
                }
                next = rateWaiters.removeFirst();
                recentSubmits.addLast(now);
            }
            next.complete(null);
        }
    }
}
