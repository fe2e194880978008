package io.jenkins.plugins.dashscope.core.batch;

import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.spec.Variant;
import java.util.concurrent.CompletableFuture;

/**
 * What became of one item: its result, or why it has none, or both when the host could not finish what came (an
 * archive that failed).
 */
public record BatchOutcome(Variant item, GenerationResult result, Throwable failure) {

    /** The outcome of an item once its generation has ended, whichever way. */
    public static CompletableFuture<BatchOutcome> when(Variant item, CompletableFuture<GenerationResult> result) {
        return result.handle((r, t) -> new BatchOutcome(item, r, t == null ? null : DashScopeException.unwrap(t)));
    }

    public boolean complete() {
        return failure == null && result != null && result.failures().isEmpty();
    }

    /** Why it is not complete, for the log and the step's failure; null when it is. */
    public String incompleteReason() {
        if (complete()) {
            return null;
        }
        return failure == null && result != null
                ? item.name() + " (" + result.failures().size() + " image(s) failed)"
                : item.name() + ": " + (failure == null ? "unknown" : failure.getMessage());
    }
}
