package io.jenkins.plugins.dashscope;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.dashscope.core.batch.BatchOutcome;
import io.jenkins.plugins.dashscope.core.batch.BatchPlan;
import io.jenkins.plugins.dashscope.core.batch.BatchRun;
import io.jenkins.plugins.dashscope.core.common.PathNames;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.generation.SubmittedTask;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.spec.AssetSpec;
import io.jenkins.plugins.dashscope.core.spec.SetLimit;
import io.jenkins.plugins.dashscope.core.spec.Variant;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs {@code generateImages} without holding a thread while its tasks wait. Like
 * {@link GenerateImageExecution}, it keeps the step transient and saves what a restart needs: each variant's
 * plan and, as soon as it exists, its submitted task; {@link #onResume()} waits on those tasks and never
 * submits again.
 */
final class GenerateImagesExecution extends GenerationStepExecution {

    private static final long serialVersionUID = 1L;

    /** Only for {@link #start()}. */
    private final transient GenerateImagesStep step;

    private final String specFile;
    private final String outputDir;
    private final boolean archive;
    private final boolean allowPartial;
    private final boolean dryRun;
    private long deadlineMillis;
    /** Filled before the first submit, in the spec's order. */
    private final List<VariantState> variants = new ArrayList<>();

    private transient volatile List<Runnable> cancels;

    /** From {@link #start()} until the batch is planned; false after a restart. */
    private transient volatile boolean planning;

    /** The variants whose task is not saved yet and which have not ended: a restart would lose what they pay for. */
    private transient volatile Set<Integer> sending;

    /** A variant as a restart needs it: where it goes and, once submitted, its task. */
    static final class VariantState implements Serializable {
        private static final long serialVersionUID = 1L;
        final StepPlan plan;
        final LinkedHashMap<String, String> values;
        String taskId;
        String requestId;
        String model;
        String api;
        int requested;
        long submittedAtMillis;
        String requestJson;
        String fingerprint;
        /** The manifest of a variant taken from an earlier build; it has no task, and a restart keeps it as it is. */
        String reusedManifest;

        VariantState(StepPlan plan, Map<String, String> values) {
            this.plan = plan;
            this.values = new LinkedHashMap<>(values);
        }

        Variant variant() {
            return new Variant(plan.variant, plan.asset, values, null, plan.finishing, null);
        }

        SubmittedTask task() {
            return taskId == null
                    ? null
                    : new SubmittedTask(
                            taskId, requestId, model, api, requested, submittedAtMillis, requestJson, fingerprint);
        }
    }

    GenerateImagesExecution(StepContext context, GenerateImagesStep step) {
        super(context);
        this.step = step;
        this.specFile = step.getSpec();
        this.outputDir = step.getOutputDir();
        this.archive = step.isArchive();
        this.allowPartial = step.isAllowPartial();
        this.dryRun = step.isDryRun();
    }

    @Override
    public boolean start() {
        sending = ConcurrentHashMap.newKeySet();
        planning = true;
        deadlineMillis = DashScopeService.get().deadline(step.getTimeout()).toEpochMilli();
        Computer.threadPoolForRemoting.submit(() -> run(false));
        return false;
    }

    @Override
    public void onResume() {
        Computer.threadPoolForRemoting.submit(() -> run(true));
    }

    private void run(boolean resuming) {
        try {
            StepContext ctx = getContext();
            Instant deadline = Instant.ofEpochMilli(deadlineMillis);
            List<WorkspaceGeneration> jobs;
            BatchRun.Running running;
            if (!resuming) {
                WorkspaceBatchHost host = new WorkspaceBatchHost(
                        this::jobFor,
                        new States(),
                        dryRun,
                        DashScopeConfiguration.get().getModel(),
                        new PreviousBuild(ctx.get(Run.class)));
                jobs = host.jobs();
                try {
                    running = startAll(ctx, host, deadline);
                } finally {
                    planning = false;
                }
            } else {
                if (dryRun) {
                    throw new AbortException(Messages.GenerateImageExecution_RestartDuringDryRun());
                }
                jobs = new ArrayList<>();
                running = SetResume.resumeAll(ctx, states(), jobs, deadline);
            }
            cancels = List.of(running.cancel());
            if (stopped) {
                running.cancel().run();
            }
            running.outcomes()
                    .whenCompleteAsync((outcomes, t) -> finish(ctx, jobs, outcomes), Computer.threadPoolForRemoting);
        } catch (Throwable t) {
            Set<Integer> s = sending;
            if (s != null) {
                s.clear(); // nothing more will be sent
            }
            fail(BuildFailure.of(GenerateImagesStep.DescriptorImpl.FUNCTION, t));
        }
    }

    /**
     * Reads and checks the whole spec, then the core's batch plans it (every variant prepared, nothing sent; what the
     * previous successful build made for identical requests taken; the budgets checked) and runs it.
     */
    private BatchRun.Running startAll(StepContext ctx, WorkspaceBatchHost host, Instant deadline) throws Exception {
        DashScopeConfiguration config = DashScopeConfiguration.get();
        String specPath = GenerateImagesStep.checkSpec(specFile);
        String name = PathNames.name(Path.of(specPath));
        AssetSpec spec = AssetSpec.parse(name, ctx.get(FilePath.class).act(new AgentCalls.ReadSpec(specPath)));
        boolean reuse = step.getReuse() != null ? step.getReuse() : config.isReuse();
        BatchPlan plan = BatchRun.plan(
                host,
                name,
                Variant.all(spec),
                SetLimit.of(step.getMaxImages(), config.getMaxImagesPerBuild(), !dryRun),
                reuse && !dryRun);
        ctx.get(TaskListener.class)
                .getLogger()
                .println("[dashscope] " + plan.describe(config.priceTable(), dryRun ? "dry run" : null));
        getContext().saveState();
        return BatchRun.run(host, plan, deadline);
    }

    private void finish(StepContext ctx, List<WorkspaceGeneration> jobs, List<BatchOutcome> outcomes) {
        try {
            succeed(new SetReport(specFile, outputDir, archive, allowPartial, dryRun).finish(ctx, jobs, outcomes));
        } catch (Throwable t) {
            fail(t);
        }
    }

    private synchronized List<VariantState> states() {
        return List.copyOf(variants);
    }

    /** A variant's generation in its folder, recorded in this execution, which program.dat keeps. */
    private WorkspaceGeneration jobFor(int index, Variant item) throws IOException, InterruptedException {
        StepPlan plan = StepPlan.of(step, item);
        synchronized (this) {
            variants.add(new VariantState(plan, item.values()));
        }
        sending.add(index);
        return WorkspaceGeneration.of(getContext(), plan);
    }

    /** How the batch's host records the variants in this execution. */
    private final class States implements WorkspaceBatchHost.States {
        @Override
        public void reused(int index, GenerationResult result) {
            String manifest = new ManifestStore().toJson(result.manifest());
            synchronized (GenerateImagesExecution.this) {
                variants.get(index).reusedManifest = manifest;
            }
            sending.remove(index);
        }

        @Override
        public void ended(int index) {
            sending.remove(index);
        }

        /** Persists the task before anything else can happen to it. */
        @Override
        public void submitted(int index, SubmittedTask task) {
            synchronized (GenerateImagesExecution.this) {
                VariantState v = variants.get(index);
                v.taskId = task.taskId();
                v.requestId = task.requestId();
                v.model = task.model();
                v.api = task.api();
                v.requested = task.requested();
                v.submittedAtMillis = task.submittedAtMillis();
                v.requestJson = task.requestJson();
                v.fingerprint = task.fingerprint();
            }
            getContext().saveState();
            sending.remove(index);
        }
    }

    @Override
    protected boolean sending() {
        Set<Integer> s = sending; // null after a restart: nothing is being sent then
        return planning || (s != null && !s.isEmpty());
    }

    @Override
    protected void cancelRunning() {
        List<Runnable> c = cancels;
        if (c != null) {
            c.forEach(Runnable::run);
        }
    }

    @Override
    public String getStatus() {
        List<VariantState> all = states();
        long submitted = all.stream().filter(v -> v.taskId != null).count();
        return "generating " + all.size() + " variant(s), " + submitted + " submitted";
    }
}
