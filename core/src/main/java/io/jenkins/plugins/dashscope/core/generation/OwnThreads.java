package io.jenkins.plugins.dashscope.core.generation;

import io.jenkins.plugins.dashscope.core.wait.Scheduler;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * A timer and a small worker pool of daemon threads for one self-contained job in a JVM that has no
 * engine of its own (a delivery or dry run on an agent); closing stops both.
 */
public final class OwnThreads implements AutoCloseable {

    private final ScheduledExecutorService timer;
    private final ExecutorService worker;

    public OwnThreads(String name) {
        timer = Executors.newSingleThreadScheduledExecutor(daemon(name + "-timer"));
        worker = Executors.newFixedThreadPool(2, daemon(name));
    }

    public Scheduler scheduler() {
        return Scheduler.of(timer);
    }

    public ExecutorService worker() {
        return worker;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
        worker.shutdownNow();
    }
}
