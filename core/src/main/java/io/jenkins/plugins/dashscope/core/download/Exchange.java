package io.jenkins.plugins.dashscope.core.download;

import java.util.concurrent.CompletableFuture;

/** The exchange of one image under way, which its deadline can abort. */
final class Exchange {
    private volatile boolean expired;
    private volatile CompletableFuture<?> current;

    void started(CompletableFuture<?> stream) {
        current = stream;
        if (expired) {
            stream.cancel(true);
        }
    }

    boolean expired() {
        return expired;
    }

    void expire() {
        expired = true;
        CompletableFuture<?> c = current;
        if (c != null) {
            c.cancel(true); // aborts the HTTP exchange; the sink removes its part file
        }
    }
}
