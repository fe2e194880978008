package io.jenkins.plugins.dashscope.step;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.dashscope.core.generation.SubmittedTask;
import java.util.ArrayList;
import java.util.List;

/**
 * What a generation step has done so far, as a restart needs it: its deadline, how it reports, and each generation's
 * progress, updated as generations are planned, reused and submitted. Plain values only; {@link StateForm} writes
 * it for program.dat. Thread-safe: the engine reports from its own threads.
 */
public final class GenerationState {

    private final SetReport set;
    private final boolean dryRun;
    private long deadlineMillis;
    private boolean planned;
    private final List<VariantProgress> variants = new ArrayList<>();

    /** @param set how {@code generateImages} reports; null for {@code generateImage} */
    public GenerationState(@CheckForNull SetReport set, boolean dryRun) {
        this.set = set;
        this.dryRun = dryRun;
    }

    /** Rebuilt from its saved form. */
    public GenerationState(
            @CheckForNull SetReport set,
            boolean dryRun,
            long deadlineMillis,
            boolean planned,
            List<VariantProgress> variants) {
        this(set, dryRun);
        this.deadlineMillis = deadlineMillis;
        this.planned = planned;
        this.variants.addAll(variants);
    }

    @CheckForNull
    SetReport set() {
        return set;
    }

    synchronized long deadlineMillis() {
        return deadlineMillis;
    }

    synchronized void deadlineMillis(long millis) {
        deadlineMillis = millis;
    }

    /** Whether every generation of the step is known: a restart before then cannot tell what the step was to do. */
    synchronized boolean planned() {
        return planned;
    }

    synchronized void planningDone() {
        planned = true;
    }

    synchronized void add(int index, VariantProgress v) {
        if (index != variants.size()) {
            throw new IllegalStateException("generation " + index + " planned out of order");
        }
        variants.add(v);
    }

    synchronized void reused(int index, String manifestJson) {
        variants.set(index, variants.get(index).reused(manifestJson));
    }

    synchronized void submitted(int index, SubmittedTask task) {
        variants.set(index, variants.get(index).submitted(task));
    }

    synchronized void held(int index, String holdId) {
        variants.set(index, variants.get(index).held(holdId));
    }

    synchronized List<VariantProgress> variants() {
        return List.copyOf(variants);
    }

    boolean dryRun() {
        return dryRun;
    }

    String status() {
        List<VariantProgress> all = variants();
        long submitted = all.stream().filter(VariantProgress::waitsOnTask).count();
        if (set == null) {
            return submitted == 0
                    ? "preparing, queued for the key or submitting"
                    : "waiting for DashScope task " + all.get(0).task().taskId();
        }
        return "generating " + all.size() + " variant(s), " + submitted + " submitted";
    }
}
