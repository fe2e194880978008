package io.jenkins.plugins.dashscope.core.generation;

import io.jenkins.plugins.dashscope.core.client.DashScopeException;
import io.jenkins.plugins.dashscope.core.client.ErrorKind;
import java.util.concurrent.CompletableFuture;

/**
 * A generation under way. {@link #result()} completes with the saved images, or fails with a
 * {@link DashScopeException} or an {@link io.jenkins.plugins.dashscope.core.request.InvalidRequestException}.
 */
public final class Generation {

    private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();
    private Runnable onCancel = () -> { };
    private boolean terminal;

    public CompletableFuture<GenerationResult> result() {
        return result;
    }

    /** Stops the generation; a task still PENDING is cancelled on the server. */
    public void cancel() {
        fail(DashScopeException.of(ErrorKind.CANCELLED, "the generation was cancelled"));
    }

    void fail(DashScopeException why) {
        Runnable action;
        synchronized (this) {
            if (result.isDone() || terminal) {
                return;
            }
            action = onCancel;
        }
        result.completeExceptionally(why);
        action.run();
    }

    /** Sets what stopping means in the current phase; runs it at once if the generation was already stopped. */
    void whileRunning(Runnable cancelAction) {
        boolean stopped;
        synchronized (this) {
            onCancel = cancelAction;
            stopped = result.isCompletedExceptionally();
        }
        if (stopped) {
            cancelAction.run();
        }
    }

    /** After this the task is over; stopping no longer applies (the results are paid for and saved). */
    synchronized void reachedTerminal() {
        terminal = true;
        onCancel = () -> { };
    }

    boolean stopped() {
        return result.isCompletedExceptionally();
    }

    void completeWith(CompletableFuture<GenerationResult> work) {
        work.whenComplete((r, t) -> {
            if (t != null) {
                Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
                result.completeExceptionally(c);
            } else {
                result.complete(r);
            }
        });
    }
}
