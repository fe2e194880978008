package io.jenkins.plugins.dashscope.core.batch;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.spec.SetLimit;
import io.jenkins.plugins.dashscope.core.spec.Variant;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The one plan-and-run of a batch of generations, whatever hosts it: every item is validated and staged, takes an
 * earlier result where it may, and the budget is checked, all before the first is sent; then all run at once, each
 * under the key's gates like any generation, one failing without stopping the others. What differs between hosts
 * comes through {@link BatchHost}.
 */
public final class BatchRun {

    /**
     * The batch under way: every item's outcome when all have ended, how to stop them, and when a stop has done all
     * it does (for a process about to exit).
     */
    public record Running(
            CompletableFuture<List<BatchOutcome>> outcomes, Runnable cancel, CompletableFuture<?> settled) {

        /**
         * The items' outcomes as one batch, stopped by {@code stops}; settled when every one of {@code settled} is
         * (at once when it is empty).
         */
        public static Running of(
                List<CompletableFuture<BatchOutcome>> each, List<Runnable> stops, List<CompletableFuture<?>> settled) {
            return new Running(
                    CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                            .thenApply(x ->
                                    each.stream().map(CompletableFuture::join).toList()),
                    () -> stops.forEach(Runnable::run),
                    CompletableFuture.allOf(settled.toArray(CompletableFuture[]::new)));
        }
    }

    private BatchRun() {}

    /**
     * Stages every item, takes earlier results and checks the budget; sends nothing. When anything is refused,
     * every item staged so far is abandoned and the refusal thrown.
     *
     * @param reuse whether items reuse earlier results when they do not say
     */
    public static BatchPlan plan(BatchHost host, String label, List<Variant> items, SetLimit limit, boolean reuse)
            throws IOException, InterruptedException {
        List<BatchHost.Staged> staged = new ArrayList<>();
        List<GenerationResult> reused = new ArrayList<>();
        int images = 0;
        Reservation reservation = null;
        try {
            for (int i = 0; i < items.size(); i++) {
                staged.add(stage(host, label, i, items.get(i)));
            }
            for (int i = 0; i < items.size(); i++) {
                Variant item = items.get(i);
                boolean wanted = item.reuse() != null ? item.reuse() : reuse;
                GenerationResult r = wanted ? host.reuse(i, item, staged.get(i)) : null;
                reused.add(r);
                images += r == null ? staged.get(i).images() : 0;
            }
            limit.check(label, images, items.size());
            reservation = Reservation.hold(host.account(), staged, reused); // the month's quotas, across builds
            host.reserve(images); // the build's own budget
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            if (reservation != null) {
                reservation.release();
            }
            for (int i = 0; i <= Math.min(staged.size(), items.size() - 1); i++) {
                host.abandon(i, i < staged.size() ? staged.get(i) : null, e);
            }
            throw e;
        }
        for (int i = 0; i < items.size(); i++) {
            if (reservation.id(i) != null) {
                host.held(i, reservation.id(i));
            }
        }
        return new BatchPlan(label, items, staged, reused, images, limit.images(), reservation);
    }

    private static BatchHost.Staged stage(BatchHost host, String label, int index, Variant item)
            throws IOException, InterruptedException {
        try {
            return host.stage(index, item);
        } catch (InvalidRequestException e) {
            if (item.name() == null) {
                throw e;
            }
            // one variant among many: say which, under the field that names the whole batch
            throw new InvalidRequestException("spec", label + ": " + item.name() + ": " + e.getMessage());
        }
    }

    /** Starts every item the plan generates; the reused ones are done already. */
    public static Running run(BatchHost host, BatchPlan plan, Instant deadline) {
        List<CompletableFuture<BatchOutcome>> all = new ArrayList<>();
        List<Runnable> stops = new ArrayList<>();
        List<CompletableFuture<?>> settled = new ArrayList<>();
        for (int i = 0; i < plan.items().size(); i++) {
            Variant item = plan.items().get(i);
            GenerationResult reused = plan.reused().get(i);
            if (reused != null) {
                host.taken(i, item, plan.staged().get(i), reused);
                plan.reservation().taken(reused);
                all.add(CompletableFuture.completedFuture(new BatchOutcome(item, reused, null)));
                continue;
            }
            try {
                BatchHost.Started started = host.start(i, item, plan.staged().get(i), deadline);
                stops.add(started.cancel());
                settled.add(started.settled().handle((x, t) -> null));
                all.add(plan.reservation()
                        .settleWhenDone(i, BatchOutcome.when(item, started.result()), started.submitted()));
            } catch (IOException | InterruptedException | RuntimeException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                plan.reservation().unsent(i); // the generation never started: nothing was sent
                all.add(CompletableFuture.completedFuture(new BatchOutcome(item, null, e)));
            }
        }
        return Running.of(all, stops, settled);
    }
}
