package io.jenkins.plugins.dashscope.core.batch;

import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.ErrorKind;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.ledger.UsageAccount;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

/**
 * A batch's holds in the usage ledger: one per item it pays for, taken before anything is sent, each settled when its
 * item ends with what it paid for. An item that ended without a result is settled as paid in full unless its failure
 * proves nothing was charged, so a lost answer never lets a quota be passed.
 */
public final class Reservation {

    /** Failures after which the provider charged nothing: refused before a task existed, or a task that failed. */
    private static final Set<ErrorKind> UNCHARGED = EnumSet.of(
            ErrorKind.AUTHENTICATION,
            ErrorKind.INVALID_PARAMETER,
            ErrorKind.MODERATION,
            ErrorKind.QUOTA_EXHAUSTED,
            ErrorKind.THROTTLED,
            ErrorKind.TASK_FAILED);

    private final UsageAccount account;
    /** Per item, its hold's id; null for an item reused or not recorded. */
    private final List<String> ids;

    private Reservation(UsageAccount account, List<String> ids) {
        this.account = account;
        this.ids = Collections.unmodifiableList(new ArrayList<>(ids));
    }

    /** Holds the images of every item not reused ({@code reused} null at its index). */
    static Reservation hold(UsageAccount account, List<BatchHost.Staged> staged, List<GenerationResult> reused) {
        List<UsageAccount.Charge> charges = new ArrayList<>();
        for (int i = 0; i < staged.size(); i++) {
            if (reused.get(i) == null) {
                charges.add(new UsageAccount.Charge(
                        staged.get(i).model(), staged.get(i).images()));
            }
        }
        List<String> held = charges.isEmpty() ? List.of() : account.hold(charges); // all reused: nothing to check
        List<String> ids = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < staged.size(); i++) {
            ids.add(reused.get(i) == null ? held.get(next++) : null);
        }
        return new Reservation(account, ids);
    }

    /** The holds of a batch started before a restart, by the ids its host kept (null where none). */
    public static Reservation resumed(UsageAccount account, List<String> ids) {
        return new Reservation(account, ids);
    }

    /** The hold of item {@code index}, for its host to keep; null when none. */
    public String id(int index) {
        return ids.get(index);
    }

    /** Gives every hold back: the batch was refused before anything was sent. */
    void release() {
        ids.forEach(id -> account.settle(id, 0, 0, 0, false));
    }

    /** Item {@code index} sent nothing: its hold is given back. */
    void unsent(int index) {
        account.settle(ids.get(index), 0, 0, 0, false);
    }

    /** Records an item that took an earlier result. */
    void taken(GenerationResult result) {
        if (account == UsageAccount.NONE) {
            return; // nothing is recorded, and a host's test double may give no manifest
        }
        account.reused(result.manifest().model(), result.images().size());
    }

    /**
     * Settles item {@code index}'s hold once its outcome is in; the outcome passes on unchanged.
     *
     * @param submitted whether the item's task is known to the server by then: one stopped before is not charged
     */
    public CompletableFuture<BatchOutcome> settleWhenDone(
            int index, CompletableFuture<BatchOutcome> outcome, BooleanSupplier submitted) {
        String id = ids.get(index);
        if (id == null) {
            return outcome;
        }
        // the outcome passes on once its settlement is written, so whoever reads the ledger after a batch sees it
        return outcome.handleAsync(
                (o, t) -> {
                    settle(id, o, submitted);
                    if (t != null) {
                        throw new CompletionException(t);
                    }
                    return o;
                },
                account.writes());
    }

    private void settle(String id, BatchOutcome o, BooleanSupplier submitted) {
        if (o != null && o.result() == null && stopped(o.failure()) && !submitted.getAsBoolean()) {
            account.settle(id, 0, 0, 0, false); // stopped in the queue: nothing was sent
        } else if (o != null && o.result() != null) {
            Manifest m = o.result().manifest();
            int reused = m.reusedFrom() == null ? 0 : m.images().size();
            account.settle(id, m.paidImages(), reused, m.failures().size(), false);
        } else if (o != null && charged(o.failure())) {
            account.settle(id, 0, 0, 0, true);
        } else {
            account.settle(id, 0, 0, 0, false);
        }
    }

    private static boolean stopped(Throwable failure) {
        return failure instanceof DashScopeException d && d.kind() == ErrorKind.CANCELLED;
    }

    /** Whether the provider may have charged for a generation that ended with {@code failure} and no result. */
    private static boolean charged(Throwable failure) {
        if (failure instanceof InvalidRequestException) {
            return false;
        }
        if (failure instanceof DashScopeException d) {
            return !d.provablyNotApplied() && !UNCHARGED.contains(d.kind());
        }
        return true;
    }
}
