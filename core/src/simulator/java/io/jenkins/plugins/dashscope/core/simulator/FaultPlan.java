package io.jenkins.plugins.dashscope.core.simulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;

/** Faults queued per request kind; each request of that kind takes the next one. Thread-safe. */
public final class FaultPlan {

    private final Map<RequestKind, Deque<Fault>> queued = new EnumMap<>(RequestKind.class);

    /** The next {@code times} requests of {@code kind} show {@code fault}. */
    public synchronized FaultPlan inject(RequestKind kind, Fault fault, int times) {
        Deque<Fault> q = queued.computeIfAbsent(kind, k -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            q.addLast(fault);
        }
        return this;
    }

    synchronized Fault next(RequestKind kind) {
        Deque<Fault> q = queued.get(kind);
        return q == null ? null : q.pollFirst();
    }

    public synchronized void clear() {
        queued.clear();
    }
}
