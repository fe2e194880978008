package io.jenkins.plugins.dashscope.core.batch;

import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.generation.PreparedRequest;
import io.jenkins.plugins.dashscope.core.ledger.UsageAccount;
import io.jenkins.plugins.dashscope.core.spec.Variant;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * What a host (the CLI, a Pipeline step, the freestyle builder) supplies to {@link BatchRun}: where an item's input
 * bytes and output folder are, where earlier results come from, the host's own budget, where delivery happens and
 * how state is persisted (in {@link #start}, which tells the host of the task as soon as it exists), and where
 * progress goes. Items are addressed by their index in the batch. Methods may block: a host calls {@link BatchRun}
 * from a thread of its own, never one that others wait on.
 */
public interface BatchHost {

    /** One item checked and ready to send (nothing sent): what it would pay for, and its prepared request. */
    record Staged(String model, int images, PreparedRequest prepared) {

        public static Staged of(PreparedRequest prepared) {
            return new Staged(prepared.request().model(), prepared.request().imageCount(), prepared);
        }
    }

    /**
     * One item's generation under way: its result, how to stop it, when a stop has done all it does (a PENDING
     * task's cancel answered), and whether its task is known to the server yet (a generation stopped before then
     * paid for nothing).
     */
    record Started(
            CompletableFuture<GenerationResult> result,
            Runnable cancel,
            CompletableFuture<?> settled,
            BooleanSupplier submitted) {

        /** A generation that may have reached the server as soon as it started (its host cannot tell). */
        public Started(CompletableFuture<GenerationResult> result, Runnable cancel, CompletableFuture<?> settled) {
            this(result, cancel, settled, () -> true);
        }

        /** A generation that has nothing left to do once its result is in. */
        public Started(CompletableFuture<GenerationResult> result, Runnable cancel) {
            this(result, cancel, result);
        }
    }

    /** Validates an item and stages its local inputs and output folder; sends nothing. */
    Staged stage(int index, Variant item) throws IOException, InterruptedException;

    /**
     * The earlier result with the item's fingerprint, taken into the item's output folder; null when there is none
     * or it could not be taken (the host logs why), and the item is generated. A result taken is reported in
     * {@link #taken}, once the batch runs.
     */
    GenerationResult reuse(int index, Variant item, Staged staged) throws IOException, InterruptedException;

    /** Holds the images the batch pays for in the host's own budget (a build's), before anything is sent. */
    void reserve(int images) throws IOException, InterruptedException;

    /**
     * Where this host's spending is recorded and capped across builds; {@link UsageAccount#NONE} for a host that keeps
     * no ledger (the CLI, a dry run).
     */
    default UsageAccount account() {
        return UsageAccount.NONE;
    }

    /** Item {@code index}'s images are held in the ledger under {@code holdId}: a host that resumes keeps it. */
    default void held(int index, String holdId) {}

    /** Starts an item's generation, delivering where the host delivers. */
    Started start(int index, Variant item, Staged staged, Instant deadline) throws IOException, InterruptedException;

    /**
     * An item staged but not sent, because it took {@code result} from an earlier run: the host says so (this comes
     * after the plan's line, so a log reads cost first, then what was reused) and lets its staged inputs go.
     */
    void taken(int index, Variant item, Staged staged, GenerationResult result);

    /** The batch was refused while planning: undo what staging held for this item ({@code staged} may be null). */
    void abandon(int index, Staged staged, Throwable why);
}
