package io.jenkins.plugins.dashscope.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Waits for something another thread does (a request reaching the simulator, a part file removed) without
 * guessing how long it takes: the assertion is retried until it holds, within a bound no loaded machine reaches.
 * The bound is a safety net, never what a test checks.
 */
public final class Eventually {

    /** Generous on purpose: on a busy machine a few milliseconds of work can take seconds. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);

    /** An assertion that may throw. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    private Eventually() {}

    /** Runs {@code check} until it passes; after {@link #PATIENCE}, throws its last failure. */
    public static void holds(Check check) throws Exception {
        long until = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError | Exception e) {
                if (System.nanoTime() > until) {
                    throw e;
                }
                Thread.sleep(10);
            }
        }
    }

    /** The typed failure {@code future} ends with, once it has (within {@link #PATIENCE}); fails if it succeeds. */
    public static DashScopeException failure(CompletableFuture<?> future) {
        assertThat(future).failsWithin(PATIENCE);
        return DashScopeException.from(future.handle((r, t) -> t).join());
    }
}
