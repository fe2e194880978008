package io.jenkins.plugins.dashscope.core.client;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.core5.concurrent.FutureCallback;

/** The requests of one {@link HttpTransport}, handed to HttpClient at most {@code maxInFlight} at a time. */
final class SendQueue {

    private final int maxInFlight;
    private final Deque<Start> waiting = new ArrayDeque<>();
    private int inFlight;
    private boolean draining;

    SendQueue(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    /** A request waiting to be handed to HttpClient, and whom to tell if HttpClient refuses it. */
    record Start(Runnable send, FutureCallback<?> callback) {}

    /*
     * At most maxInFlight requests are handed to HttpClient at once; the rest wait here. HttpClient's
     * own pool queue recurses once per queued request when connections fail in a row (a server gone
     * under load), which overflows the stack of its I/O thread. The loop below is a trampoline:
     * a request that completes synchronously does not start the next one from inside its callback.
     */
    void enqueue(Start start) {
        synchronized (this) {
            waiting.addLast(start);
        }
        drain();
    }

    private void drain() {
        synchronized (this) {
            if (draining) {
                return;
            }
            draining = true;
        }
        while (true) {
            Start next;
            synchronized (this) {
                if (waiting.isEmpty() || inFlight >= maxInFlight) {
                    draining = false;
                    return;
                }
                next = waiting.pollFirst();
                inFlight++;
            }
            try {
                next.send().run();
            } catch (RuntimeException e) {
                next.callback().failed(e); // HttpClient refused it (closed): fail the call, free its place
            }
        }
    }

    <T> FutureCallback<T> releasing(FutureCallback<T> callback) {
        AtomicBoolean done = new AtomicBoolean();
        Runnable release = () -> {
            if (done.compareAndSet(false, true)) {
                synchronized (this) {
                    inFlight--;
                }
                drain();
            }
        };
        return new FutureCallback<>() {
            @Override
            public void completed(T result) {
                release.run();
                callback.completed(result);
            }

            @Override
            public void failed(Exception ex) {
                release.run();
                callback.failed(ex);
            }

            @Override
            public void cancelled() {
                release.run();
                callback.cancelled();
            }
        };
    }
}
