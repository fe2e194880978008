package io.jenkins.plugins.dashscope;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.Endpoint;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.common.PathNames;
import io.jenkins.plugins.dashscope.core.download.ImageFailure;
import io.jenkins.plugins.dashscope.core.download.OutputNames;
import io.jenkins.plugins.dashscope.core.download.SavedImage;
import io.jenkins.plugins.dashscope.core.dryrun.DryRun;
import io.jenkins.plugins.dashscope.core.generation.Generation;
import io.jenkins.plugins.dashscope.core.generation.GenerationEngine;
import io.jenkins.plugins.dashscope.core.generation.GenerationEvent;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.generation.PreparedRequest;
import io.jenkins.plugins.dashscope.core.generation.SubmittedTask;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.request.LocalFiles;
import io.jenkins.plugins.dashscope.core.request.LocalInputs;
import io.jenkins.plugins.dashscope.core.reuse.EarlierResult;
import io.jenkins.plugins.dashscope.core.usage.PriceTable;
import io.jenkins.plugins.dashscope.core.usage.UsageSummary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import jenkins.util.BuildListenerAdapter;

/**
 * One {@code generateImage} in its build: finds the key, copies local inputs from the workspace to the
 * controller for upload, starts the core engine with delivery on the agent, then archives, records the
 * generation on the build page and builds the step's return value. Blocking methods run on
 * {@link Computer#threadPoolForRemoting}, never on the CPS VM thread.
 */
final class WorkspaceGeneration {

    private static final Duration DRY_RUN_SERVICE_TIME = Duration.ofMillis(300);

    /** A generation under way: its result and how to stop it. */
    record Running(CompletableFuture<GenerationResult> result, Runnable cancel) {}

    private final Run<?, ?> run;
    private final AgentDelivery.WorkspaceSource workspace;
    private final EnvVars env;
    private final Launcher launcher;
    private final TaskListener listener;
    private final StepPlan plan;
    private final ExecutorService pool = Computer.threadPoolForRemoting;
    /** The output folder this generation holds in the build, released if it fails. */
    private volatile String claimed;

    WorkspaceGeneration(
            Run<?, ?> run,
            AgentDelivery.WorkspaceSource workspace,
            EnvVars env,
            Launcher launcher,
            TaskListener listener,
            StepPlan plan) {
        this.run = run;
        this.workspace = workspace;
        this.env = env;
        this.launcher = launcher;
        this.listener = listener;
        this.plan = plan;
    }

    /**
     * Validates, claims the output folder in this build and starts; blocking (file copies, validation).
     *
     * @param formParameters the freestyle form's extra parameters, added to the step's own
     * @param onSubmitted    told of the task as soon as it exists, to persist it
     */
    Running start(
            GenerateImageStep step,
            Map<String, Object> formParameters,
            Instant deadline,
            Consumer<SubmittedTask> onSubmitted)
            throws Exception {
        DashScopeConfiguration config = DashScopeConfiguration.get();
        GenerationRequest request = step.toRequest(config.getModel(), formParameters);
        Integer asked = step.getTimeout();
        if (asked != null && asked > config.getMaxTimeoutSeconds()) {
            log(Messages.WorkspaceGeneration_TimeoutCapped(
                    String.valueOf(asked), String.valueOf(config.getMaxTimeoutSeconds())));
        }
        if (plan.dryRun) {
            return startDryRun(request, deadline);
        }
        Prepared p = prepare(request);
        try {
            boolean reuse = step.getReuse() != null ? step.getReuse() : config.isReuse();
            GenerationResult reused = reuse ? reuseEarlier(p, new PreviousBuild(run)) : null;
            if (reused != null) {
                discard(p);
                return new Running(CompletableFuture.completedFuture(reused), () -> {});
            }
            reserve(p.request().request().imageCount());
        } catch (Exception | Error e) {
            discard(p);
            throw e;
        }
        return launch(p, deadline, onSubmitted);
    }

    /** Holds {@code images} of the build's budget before anything is sent; refuses naming the limit. */
    void reserve(int images) throws IOException {
        ImageBudget.of(run).reserve(images, DashScopeConfiguration.get().getMaxImagesPerBuild());
    }

    /**
     * Takes the previous successful build's result for the same request fingerprint, if there is a complete one:
     * its archived images are copied to the agent and checked there (SHA-256), sizes made again. Blocking; sends
     * nothing to DashScope. Null when there is nothing to reuse or the copy failed (logged): then generate.
     */
    GenerationResult reuseEarlier(Prepared p, PreviousBuild earlier) {
        EarlierResult from = earlier.find(p.request().fingerprint()).orElse(null);
        if (from == null) {
            return null;
        }
        String stage = ".reuse-" + UUID.randomUUID();
        FilePath staged = null;
        try {
            FilePath ws = workspace.get();
            staged = ws.child(plan.outputDir).child(stage);
            for (Manifest.ImageRecord i : from.manifest().images()) {
                if (!OutputNames.isSavedImageName(i.file())) {
                    throw new IOException("its manifest names '" + i.file() + "'");
                }
                try (InputStream in = from.files().open(i.file())) {
                    staged.child(i.file()).copyFrom(in); // size and SHA-256 are checked on the agent
                }
            }
            String json = ws.act(new AgentCalls.Adopt(
                    new ManifestStore().toJson(from.manifest()),
                    from.label(),
                    plan.outputDir,
                    plan.prefix,
                    plan.finishing,
                    stage));
            GenerationResult result = resultOf(json, plan.outputDir);
            log(new GenerationEvent.Reused(from.label(), result.images().size()));
            return result;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log(new GenerationEvent.NotReused(
                    from.label(), DashScopeException.unwrap(e).getMessage()));
            return null;
        } finally {
            if (staged != null) {
                try {
                    staged.deleteRecursive();
                } catch (IOException | InterruptedException e) {
                    // a hidden folder of copies; the next reuse uses a new one
                }
            }
        }
    }

    /**
     * A real generation checked and ready to send: validated, its local inputs copied from the workspace, the
     * output folder claimed in this build and proven writable. Nothing is sent; {@link #discard} undoes it.
     */
    record Prepared(PreparedRequest request, Path staged, ApiKey key, GenerationEngine engine) {}

    Prepared prepare(GenerationRequest request) throws Exception {
        claim();
        ApiKey key = key();
        GenerationEngine engine = engine();
        LocalInputs inputs = LocalInputs.of(request);
        checkWritable(plan.outputDir);
        Path staged = Files.createTempDirectory("dashscope-inputs");
        try {
            for (var input : inputs.files().entrySet()) {
                // checked and capped on the agent; a missing file is reported by the core's check, naming the field
                byte[] bytes = workspace
                        .get()
                        .act(new AgentCalls.ReadInput(input.getKey().field(), input.getValue()));
                if (bytes != null) {
                    Path target = staged.resolve(input.getValue());
                    Files.createDirectories(PathNames.parent(target));
                    Files.write(target, bytes);
                }
            }
            return new Prepared(engine.prepare(inputs.request(), LocalFiles.within(staged)), staged, key, engine);
        } catch (Exception | Error e) {
            deleteQuietly(staged);
            throw e;
        }
    }

    Running launch(Prepared p, Instant deadline, Consumer<SubmittedTask> onSubmitted) {
        try {
            Generation g = p.engine()
                    .generate(
                            p.key(),
                            p.request(),
                            deadline,
                            this::log,
                            delivery(plan.outputDir),
                            onSubmitted,
                            run.getExternalizableId()); // builds take turns at a model's slots
            g.result().whenComplete((r, t) -> deleteQuietly(p.staged()));
            return new Running(g.result(), g::cancel);
        } catch (RuntimeException | Error e) {
            deleteQuietly(p.staged());
            throw e;
        }
    }

    /** Gives up a prepared generation that will not be sent. */
    static void discard(Prepared p) {
        deleteQuietly(p.staged());
    }

    /** Holds the output folder in this build: two generations writing one manifest would mix their files. */
    private void claim() throws Exception {
        if (!OutputClaims.of(run).claim(plan.outputDir)) {
            throw new AbortException(Messages.WorkspaceGeneration_OutputInUse(plan.outputDir));
        }
        claimed = plan.outputDir;
    }

    Running startDryRun(GenerationRequest request, Instant deadline) throws Exception {
        claim();
        log(Messages.WorkspaceGeneration_DryRun());
        Duration left = Duration.between(DashScopeService.get().clock().instant(), deadline);
        DryRun dryRun = new DryRun(request, plan.outputDir, plan.prefix, plan.finishing, DRY_RUN_SERVICE_TIME, left);
        CompletableFuture<GenerationResult> result = AgentDelivery.onAgent(
                workspace,
                new AgentCalls.SimulatedRun(dryRun),
                plan.outputDir,
                pool,
                () -> Messages.WorkspaceGeneration_NoAgent());
        return new Running(result, () -> result.cancel(true));
    }

    /** Proves the output folder inside the workspace and writable, on the agent, before anything is paid for. */
    private void checkWritable(String outputDir) throws Exception {
        try {
            workspace.get().act(new AgentCalls.CheckOutput(outputDir));
        } catch (IOException e) {
            throw new AbortException(Messages.WorkspaceGeneration_OutputNotWritable(outputDir, e.getMessage()));
        }
    }

    /** Re-attaches to a task submitted before a controller restart; never submits. */
    Running resume(SubmittedTask task, Instant deadline) throws Exception {
        log(Messages.WorkspaceGeneration_Resuming(task.taskId()));
        holdSavedClaim();
        ApiKey key = key();
        GenerationEngine engine = engine();
        Generation g = engine.resume(key, task, deadline, this::log, delivery(plan.outputDir));
        return new Running(g.result(), g::cancel);
    }

    /** After a restart: the output folder this generation claimed was saved with the build. */
    void holdSavedClaim() {
        claimed = plan.outputDir;
    }

    /**
     * Archives, records the generation on the build page and returns what the script gets. Fails after
     * archiving when some images failed and partial results are not allowed.
     */
    Map<String, Object> finish(GenerationResult result) throws Exception {
        String outputDir = plan.outputDir;
        List<String> files = new ArrayList<>();
        for (SavedImage image : result.images()) {
            files.add(slashed(image.file()));
        }
        List<String> finished = new ArrayList<>();
        for (Path file : result.finishedFiles()) {
            finished.add(slashed(file));
        }
        String manifest = slashed(result.manifestFile());
        List<String> artifacts = new ArrayList<>();
        if (plan.archive) {
            Map<String, String> toArchive = new LinkedHashMap<>();
            files.forEach(f -> toArchive.put(f, f));
            finished.forEach(f -> toArchive.put(f, f));
            toArchive.put(manifest, manifest);
            run.pickArtifactManager()
                    .archive(workspace.get(), launcher, BuildListenerAdapter.wrap(listener), toArchive);
            artifacts.addAll(toArchive.keySet());
            log(Messages.WorkspaceGeneration_Archived(toArchive.size()));
        }
        PriceTable prices = DashScopeConfiguration.get().priceTable();
        GeneratedImagesAction.of(run)
                .record(new GeneratedImagesAction.Entry(
                        result.manifest(), outputDir, plan.archive, plan.asset, plan.variant, prices, plan.dryRun));
        if (plan.variant == null && !plan.dryRun) { // a spec reports its usage once, for the whole set
            log(Messages.WorkspaceGeneration_Usage(
                    UsageSummary.of(List.of(result.manifest())).describe(prices)));
        }
        if (!result.failures().isEmpty() && !plan.allowPartial) {
            throw new AbortException(Messages.WorkspaceGeneration_Partial(
                    result.failures().size(),
                    result.images().size() + result.failures().size(),
                    describe(result.failures())));
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("files", files);
        value.put("artifacts", artifacts);
        value.put("manifest", manifest);
        value.put(
                "derived",
                result.manifest().derivedFiles().stream()
                        .map(d -> outputDir + "/" + d.file())
                        .toList());
        value.put(
                "contactSheet",
                result.manifest().contactSheet() == null
                        ? null
                        : outputDir + "/" + result.manifest().contactSheet().file());
        value.put("taskId", result.manifest().taskId());
        value.put("requestId", result.manifest().requestId());
        value.put("imageCount", result.images().size());
        List<Map<String, Object>> failures = new ArrayList<>();
        for (ImageFailure f : result.failures()) {
            Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("index", f.index());
            failure.put("code", f.code());
            failure.put("message", f.message());
            failures.add(failure);
        }
        value.put("failures", failures);
        return value;
    }

    /** What the build reports when the generation fails: a plain message, without a stack trace, for known errors. */
    Throwable failure(Throwable t) {
        Throwable c = DashScopeException.unwrap(t);
        String folder = claimed;
        if (folder != null) {
            try {
                OutputClaims.of(run).release(folder);
            } catch (IOException e) {
                c.addSuppressed(e);
            }
        }
        if (c instanceof InvalidRequestException || c instanceof DashScopeException) {
            return new AbortException("generateImage: " + c.getMessage());
        }
        return c;
    }

    /** A result rebuilt from the manifest an agent wrote in {@code outputDir}. */
    static GenerationResult resultOf(String manifestJson, String outputDir) throws IOException {
        return GenerationResult.of(new ManifestStore().fromJson(manifestJson), Path.of(outputDir));
    }

    private GenerationEngine engine() {
        return DashScopeService.get().engine(endpoint());
    }

    private Endpoint endpoint() {
        return DashScopeConfiguration.get().endpointFor(plan.region, plan.endpoint);
    }

    /**
     * The step's key. The administrator's default credential goes only to the configured endpoint: a step
     * that names another endpoint or region must name its own credential (or bind DASHSCOPE_API_KEY).
     */
    private ApiKey key() throws Exception {
        DashScopeConfiguration config = DashScopeConfiguration.get();
        Endpoint target = endpoint();
        if (plan.credentialsId == null
                && config.getCredentialsId() != null
                && !target.equals(config.configuredEndpoint())) {
            throw new AbortException(Messages.WorkspaceGeneration_DefaultKeyElsewhere(target.toString()));
        }
        return ApiKeys.forRun(run, plan.credentialsId, env);
    }

    private AgentDelivery delivery(String outputDir) {
        return new AgentDelivery(workspace, outputDir, plan.prefix, plan.finishing, pool);
    }

    private void log(GenerationEvent event) {
        log(event.describe());
    }

    private void log(String line) {
        listener.getLogger().println("[dashscope] " + line);
    }

    private static String describe(List<ImageFailure> failures) {
        StringBuilder b = new StringBuilder();
        for (ImageFailure f : failures) {
            b.append(b.length() == 0 ? "" : "; ")
                    .append('#')
                    .append(f.index())
                    .append(' ')
                    .append(f.code());
        }
        return b.toString();
    }

    private static String slashed(Path p) {
        return p.toString().replace('\\', '/');
    }

    private static void deleteQuietly(Path dir) {
        try {
            new FilePath(dir.toFile()).deleteRecursive();
        } catch (IOException | InterruptedException e) {
            // a temporary copy of inputs; the OS cleans its temp folder eventually
        }
    }
}
