package io.jenkins.plugins.dashscope;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.common.PathNames;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.generation.SubmittedTask;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.spec.AssetSpec;
import io.jenkins.plugins.dashscope.core.spec.SetLimit;
import io.jenkins.plugins.dashscope.core.spec.SpecRun;
import io.jenkins.plugins.dashscope.core.spec.Variant;
import io.jenkins.plugins.dashscope.core.usage.PriceTable;
import io.jenkins.plugins.dashscope.core.usage.UsageSummary;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
        deadlineMillis = DashScopeService.get().deadline(step.getTimeout()).toEpochMilli();
        Computer.threadPoolForRemoting.submit(() -> run(false));
        return false;
    }

    @Override
    public void onResume() {
        Computer.threadPoolForRemoting.submit(() -> run(true));
    }

    private WorkspaceGeneration job(StepContext ctx, StepPlan plan) throws Exception {
        return new WorkspaceGeneration(
                ctx.get(Run.class),
                () -> ctx.get(FilePath.class),
                ctx.get(EnvVars.class),
                ctx.get(Launcher.class),
                ctx.get(TaskListener.class),
                plan);
    }

    private void run(boolean resuming) {
        try {
            StepContext ctx = getContext();
            Instant deadline = Instant.ofEpochMilli(deadlineMillis);
            List<WorkspaceGeneration> jobs = new ArrayList<>();
            List<CompletableFuture<GenerationResult>> results = new ArrayList<>();
            List<Runnable> stoppers = new ArrayList<>();
            if (!resuming) {
                startAll(ctx, deadline, jobs, results, stoppers);
            } else {
                if (dryRun) {
                    throw new AbortException(Messages.GenerateImageExecution_RestartDuringDryRun());
                }
                for (VariantState v : states()) {
                    WorkspaceGeneration job = job(ctx, v.plan);
                    jobs.add(job);
                    SubmittedTask task = v.task();
                    if (v.reusedManifest != null) {
                        job.holdSavedClaim();
                        results.add(CompletableFuture.completedFuture(
                                WorkspaceGeneration.resultOf(v.reusedManifest, v.plan.outputDir)));
                    } else if (task == null) {
                        job.holdSavedClaim();
                        results.add(CompletableFuture.failedFuture(
                                new AbortException(Messages.GenerateImageExecution_RestartBeforeSubmit())));
                    } else {
                        WorkspaceGeneration.Running running = job.resume(task, deadline);
                        results.add(running.result());
                        stoppers.add(running.cancel());
                    }
                }
            }
            cancels = stoppers;
            if (stopped) {
                stoppers.forEach(Runnable::run);
            }
            CompletableFuture.allOf(
                            results.stream().map(r -> r.handle((x, t) -> null)).toArray(CompletableFuture[]::new))
                    .whenCompleteAsync((x, t) -> finish(ctx, jobs, results), Computer.threadPoolForRemoting);
        } catch (Throwable t) {
            fail(
                    t instanceof InvalidRequestException e
                            ? GenerationStep.refusal(GenerateImagesStep.DescriptorImpl.FUNCTION, e)
                            : t);
        }
    }

    /**
     * Reads and checks the whole spec, prepares every variant (nothing sent), takes what the previous successful
     * build already made for identical requests, checks the budgets against the rest, then starts them all.
     */
    private void startAll(
            StepContext ctx,
            Instant deadline,
            List<WorkspaceGeneration> jobs,
            List<CompletableFuture<GenerationResult>> results,
            List<Runnable> stoppers)
            throws Exception {
        FilePath workspace = ctx.get(FilePath.class);
        DashScopeConfiguration config = DashScopeConfiguration.get();
        String specPath = GenerateImagesStep.checkSpec(specFile);
        String name = PathNames.name(Path.of(specPath));
        AssetSpec spec = AssetSpec.parse(name, workspace.act(new AgentCalls.ReadSpec(specPath)));
        List<Variant> all = Variant.all(spec);
        // the administrator's default model applies to a spec as to a single generateImage
        List<GenerationRequest> requests = all.stream()
                .map(v -> v.request().model() == null && config.getModel() != null
                        ? v.request().toBuilder().model(config.getModel()).build()
                        : v.request())
                .toList();
        List<WorkspaceGeneration.Prepared> prepared = new ArrayList<>();
        List<GenerationResult> reused = new ArrayList<>();
        Map<String, Integer> toPay = new java.util.TreeMap<>();
        int images = 0;
        try {
            for (int i = 0; i < all.size(); i++) {
                Variant v = all.get(i);
                StepPlan plan = StepPlan.of(step, v);
                WorkspaceGeneration job = job(ctx, plan);
                jobs.add(job);
                synchronized (this) {
                    variants.add(new VariantState(plan, v.values()));
                }
                try {
                    if (!dryRun) {
                        prepared.add(job.prepare(requests.get(i)));
                    }
                } catch (InvalidRequestException e) {
                    throw new InvalidRequestException("spec", name + ": " + v.name() + ": " + e.getMessage());
                }
            }
            PreviousBuild earlier = new PreviousBuild(ctx.get(Run.class));
            for (int i = 0; i < all.size(); i++) {
                Variant v = all.get(i);
                boolean reuse =
                        v.reuse() != null ? v.reuse() : step.getReuse() != null ? step.getReuse() : config.isReuse();
                GenerationResult r = !dryRun && reuse ? jobs.get(i).reuseEarlier(prepared.get(i), earlier) : null;
                reused.add(r);
                if (r != null) {
                    synchronized (this) {
                        variants.get(i).reusedManifest = new ManifestStore().toJson(r.manifest());
                    }
                }
                if (r == null) {
                    GenerationRequest asked = requests.get(i);
                    int n = dryRun
                            ? (asked.n() == null ? 1 : asked.n())
                            : prepared.get(i).request().request().imageCount();
                    String model = dryRun
                            ? (asked.model() == null ? GenerationRequest.DEFAULT_MODEL : asked.model())
                            : prepared.get(i).request().request().model();
                    images += n;
                    toPay.merge(model, n, Integer::sum);
                }
            }
            SetLimit.of(step.getMaxImages(), config.getMaxImagesPerBuild(), !dryRun)
                    .check(name, images, all.size());
            if (!dryRun) {
                jobs.get(0).reserve(images);
            }
        } catch (Exception | Error e) {
            prepared.forEach(WorkspaceGeneration::discard);
            jobs.forEach(j -> j.failure(e)); // gives the output folders back
            throw e;
        }
        PriceTable prices = config.priceTable();
        long reusedCount = reused.stream().filter(java.util.Objects::nonNull).count();
        ctx.get(TaskListener.class)
                .getLogger()
                .println("[dashscope] " + name + ": " + all.size() + " variant(s), "
                        + images + " image(s) to pay for, " + reusedCount + " reused"
                        + (prices.isEmpty()
                                ? ""
                                : "; estimate "
                                        + UsageSummary.planned(toPay)
                                                .estimate(prices)
                                                .describe())
                        + (dryRun ? " (dry run: nothing is paid)" : ""));
        getContext().saveState();
        for (int i = 0; i < all.size(); i++) {
            int index = i;
            if (reused.get(i) != null) {
                WorkspaceGeneration.discard(prepared.get(i));
                results.add(CompletableFuture.completedFuture(reused.get(i)));
                continue;
            }
            WorkspaceGeneration.Running running = dryRun
                    ? jobs.get(i).startDryRun(requests.get(i), deadline)
                    : jobs.get(i).launch(prepared.get(i), deadline, task -> submitted(index, task));
            results.add(running.result());
            stoppers.add(running.cancel());
        }
    }

    /** Archives each variant in the spec's order, writes and archives {@code assets.json}, then reports. */
    private void finish(
            StepContext ctx, List<WorkspaceGeneration> jobs, List<CompletableFuture<GenerationResult>> results) {
        try {
            List<VariantState> states = states();
            Map<String, Object> value = new LinkedHashMap<>();
            List<SpecRun.Outcome> outcomes = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            for (int i = 0; i < states.size(); i++) {
                Variant v = states.get(i).variant();
                GenerationResult result = null;
                Throwable failure = null;
                try {
                    result = results.get(i).join();
                    value.put(v.name(), jobs.get(i).finish(result));
                    if (!result.failures().isEmpty()) {
                        failed.add(v.name() + " (" + result.failures().size() + " image(s) failed)");
                    }
                } catch (Throwable t) {
                    failure = jobs.get(i)
                            .failure(t instanceof java.util.concurrent.CompletionException ? t.getCause() : t);
                    failed.add(v.name() + ": " + failure.getMessage());
                }
                outcomes.add(new SpecRun.Outcome(v, result, failure));
            }
            String index = writeIndex(ctx, outcomes);
            TaskListener listener = ctx.get(TaskListener.class);
            if (!failed.isEmpty() && !allowPartial) {
                throw new AbortException(Messages.GenerateImagesExecution_Failed(
                        failed.size(), states.size(), String.join("; ", failed)));
            }
            failed.forEach(f -> listener.getLogger().println("[dashscope] not complete: " + f));
            if (!dryRun) { // the first line priced what a real run would pay; the simulator's images cost nothing
                listener.getLogger()
                        .println("[dashscope] "
                                + Messages.WorkspaceGeneration_Usage(UsageSummary.of(outcomes.stream()
                                                .filter(o -> o.result() != null)
                                                .map(o -> o.result().manifest())
                                                .toList())
                                        .describe(DashScopeConfiguration.get().priceTable())));
            }
            listener.getLogger().println("[dashscope] " + states.size() + " variant(s) indexed in " + index);
            succeed(value);
        } catch (Throwable t) {
            fail(t);
        }
    }

    private String writeIndex(StepContext ctx, List<SpecRun.Outcome> outcomes) throws Exception {
        String file = PathNames.name(Path.of(GenerateImagesStep.checkSpec(specFile)));
        String path = outputDir + "/" + SpecRun.INDEX;
        FilePath workspace = ctx.get(FilePath.class);
        workspace.act(new AgentCalls.WriteIndex(outputDir, SpecRun.index(file, outcomes)));
        if (archive) {
            ctx.get(Run.class)
                    .pickArtifactManager()
                    .archive(
                            workspace,
                            ctx.get(Launcher.class),
                            jenkins.util.BuildListenerAdapter.wrap(ctx.get(TaskListener.class)),
                            Map.of(path, path));
        }
        return path;
    }

    private synchronized List<VariantState> states() {
        return List.copyOf(variants);
    }

    /** Persists the task before anything else can happen to it. */
    private void submitted(int index, SubmittedTask task) {
        synchronized (this) {
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
