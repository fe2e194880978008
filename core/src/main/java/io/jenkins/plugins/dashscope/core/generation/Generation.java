package io.jenkins.plugins.dashscope.core.generation;

import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.ErrorKind;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A generation under way. {@link #result()} completes with the saved images, or fails with a
 * {@link DashScopeException} or an {@link io.jenkins.plugins.dashscope.core.common.InvalidRequestException}.
 */
public final class Generation {

    private static final Supplier<CompletionStage<?>> NOTHING = () -> CompletableFuture.completedFuture(null);

    private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();
    private final CompletableFuture<Void> settled = new CompletableFuture<>();
    private Supplier<CompletionStage<?>> onCancel = NOTHING;
    private UnaryOperator<DashScopeException> explain = UnaryOperator.identity();
    private boolean terminal;
    private boolean stopRequested;

    public CompletableFuture<GenerationResult> result() {
        return result;
    }

    /**
     * Completes once nothing is left to do on the server: at once when the generation ended by itself, or,
     * after a stop, when the cancel of a PENDING task has been answered. A process that exits after a
     * timeout or a signal waits for it (bounded), so the cancel is not cut off with the connection.
     */
    public CompletableFuture<Void> settled() {
        return settled;
    }

    /** Stops the generation; a task still PENDING is cancelled on the server. */
    public void cancel() {
        fail(DashScopeException.of(ErrorKind.CANCELLED, "the generation was cancelled"));
    }

    void fail(DashScopeException why) {
        Supplier<CompletionStage<?>> action;
        DashScopeException reported;
        synchronized (this) {
            if (result.isDone() || terminal) {
                return;
            }
            action = onCancel;
            reported = explain.apply(why);
            stopRequested = true;
        }
        result.completeExceptionally(reported);
        runStop(action);
    }

    /** Sets what stopping means in the current phase; runs it at once if the generation was already stopped. */
    void whileRunning(Supplier<CompletionStage<?>> cancelAction) {
        boolean stopped;
        synchronized (this) {
            onCancel = cancelAction;
            stopped = result.isCompletedExceptionally();
        }
        if (stopped) {
            runStop(cancelAction);
        }
    }

    /** After this the task is over on the server; nothing is left to stop until {@link #whileDelivering}. */
    synchronized void reachedTerminal() {
        terminal = true;
        onCancel = NOTHING;
    }

    /**
     * The images are paid for and being delivered: stopping (the deadline, an abort) now stops the delivery, and
     * the failure is told as {@code explain} makes it (with the result URLs, still valid for a day).
     */
    void whileDelivering(Supplier<CompletionStage<?>> abort, UnaryOperator<DashScopeException> explain) {
        synchronized (this) {
            terminal = false;
            this.explain = explain;
        }
        whileRunning(abort);
    }

    boolean stopped() {
        return result.isCompletedExceptionally();
    }

    void completeWith(CompletableFuture<GenerationResult> work) {
        work.whenComplete((r, t) -> {
            if (t != null) {
                result.completeExceptionally(DashScopeException.unwrap(t));
            } else {
                result.complete(r);
            }
            synchronized (this) {
                if (!stopRequested) {
                    settled.complete(null);
                }
            }
        });
    }

    private void runStop(Supplier<CompletionStage<?>> action) {
        CompletionStage<?> stop;
        try {
            stop = action.get();
        } catch (RuntimeException e) {
            settled.complete(null);
            throw e;
        }
        stop.whenComplete((x, t) -> settled.complete(null));
    }
}
