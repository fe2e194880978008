package io.jenkins.plugins.dashscope;

import io.jenkins.plugins.dashscope.core.generation.SubmittedTask;
import io.jenkins.plugins.dashscope.step.GenerationExecution;
import io.jenkins.plugins.dashscope.step.GenerationState;
import io.jenkins.plugins.dashscope.step.SavedGeneration;
import io.jenkins.plugins.dashscope.step.SetReport;
import io.jenkins.plugins.dashscope.step.VariantProgress;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * {@code generateImages}' execution as builds saved it before the versioned form ({@link SavedGeneration}): read
 * from their program.dat and turned at once into a {@link GenerationExecution} that resumes the same tasks. Its
 * name and fields (and its nested {@link VariantState}'s) are that stored format.
 */
final class GenerateImagesExecution extends GenerationStepExecution {

    private static final long serialVersionUID = 1L;

    private String specFile;
    private String outputDir;
    private boolean archive;
    private boolean allowPartial;
    private boolean dryRun;
    private long deadlineMillis;
    private List<VariantState> variants;

    /** A variant as those builds saved it. */
    static final class VariantState implements Serializable {
        private static final long serialVersionUID = 1L;
        private StepPlan plan;
        private LinkedHashMap<String, String> values;
        private String taskId;
        private String requestId;
        private String model;
        private String api;
        private int requested;
        private long submittedAtMillis;
        private String requestJson;
        private String fingerprint;
        private String reusedManifest;

        private VariantState() {}

        VariantProgress toProgress() {
            SubmittedTask task =
                    savedTask(taskId, requestId, model, api, requested, submittedAtMillis, requestJson, fingerprint);
            return new VariantProgress(
                    plan.toPlan(), values == null ? new LinkedHashMap<>() : values, task, reusedManifest);
        }
    }

    private GenerateImagesExecution() {}

    private Object readResolve() {
        List<VariantProgress> saved = new ArrayList<>();
        if (variants != null) {
            variants.forEach(v -> saved.add(v.toProgress()));
        }
        GenerationState state = new GenerationState(
                new SetReport(specFile, outputDir, archive, allowPartial, dryRun),
                dryRun,
                deadlineMillis,
                !saved.isEmpty(), // the set was planned before anything was saved
                saved);
        return GenerationExecution.restored(getContext(), state);
    }
}
