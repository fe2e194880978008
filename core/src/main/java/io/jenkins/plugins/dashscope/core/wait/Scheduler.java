package io.jenkins.plugins.dashscope.core.wait;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task later without holding a thread meanwhile. Production uses a scheduled executor; tests
 * use a virtual-time scheduler so that waits of minutes take milliseconds.
 */
@FunctionalInterface
public interface Scheduler {

    /** A scheduled task that can be called off. */
    interface Scheduled {
        void cancel();
    }

    Scheduled schedule(Runnable task, Duration delay);

    /** Schedules on an executor; tasks must be short (they hand real work elsewhere). */
    static Scheduler of(ScheduledExecutorService executor) {
        return (task, delay) -> {
            ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
    }
}
