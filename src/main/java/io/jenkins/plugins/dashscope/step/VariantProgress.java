package io.jenkins.plugins.dashscope.step;

import io.jenkins.plugins.dashscope.core.generation.SubmittedTask;
import io.jenkins.plugins.dashscope.core.spec.Variant;
import io.jenkins.plugins.dashscope.workspace.WorkspacePlan;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One generation of a step as a restart needs it: where it goes and, once submitted, its task; or, when it was taken
 * from an earlier build, the manifest it was given, which a restart keeps as it is.
 *
 * @param values         the variant's matrix values (empty for {@code generateImage})
 * @param task           null until submitted
 * @param reusedManifest null unless reused
 * @param hold           its images' hold in the usage ledger, settled when it ends; null when none
 */
public record VariantProgress(
        WorkspacePlan plan, Map<String, String> values, SubmittedTask task, String reusedManifest, String hold) {

    public VariantProgress {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values)); // in the matrix's order
    }

    /** Saved before the usage ledger: nothing held. */
    public VariantProgress(WorkspacePlan plan, Map<String, String> values, SubmittedTask task, String reusedManifest) {
        this(plan, values, task, reusedManifest, null);
    }

    static VariantProgress planned(WorkspacePlan plan, Map<String, String> values) {
        return new VariantProgress(plan, values, null, null, null);
    }

    VariantProgress submitted(SubmittedTask t) {
        return new VariantProgress(plan, values, t, reusedManifest, hold);
    }

    VariantProgress reused(String manifest) {
        return new VariantProgress(plan, values, task, manifest, hold);
    }

    VariantProgress held(String id) {
        return new VariantProgress(plan, values, task, reusedManifest, id);
    }

    /** A task the server holds, to wait on again; a synchronous call in flight leaves a request without one. */
    boolean waitsOnTask() {
        return task != null && task.taskId() != null;
    }

    Variant variant() {
        return new Variant(plan.variant(), plan.asset(), values, null, plan.finishing(), null);
    }
}
