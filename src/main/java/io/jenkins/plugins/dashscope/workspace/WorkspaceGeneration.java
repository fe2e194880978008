package io.jenkins.plugins.dashscope.workspace;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.agent.AgentCalls;
import io.jenkins.plugins.dashscope.agent.AgentDelivery;
import io.jenkins.plugins.dashscope.build.BuildLog;
import io.jenkins.plugins.dashscope.build.GenerationOrder;
import io.jenkins.plugins.dashscope.build.OutputClaims;
import io.jenkins.plugins.dashscope.build.PreviousBuild;
import io.jenkins.plugins.dashscope.config.ApiKeys;
import io.jenkins.plugins.dashscope.config.DashScopeConfiguration;
import io.jenkins.plugins.dashscope.config.DashScopeService;
import io.jenkins.plugins.dashscope.core.batch.ResultValue;
import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.Endpoint;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.PathNames;
import io.jenkins.plugins.dashscope.core.dryrun.DryRun;
import io.jenkins.plugins.dashscope.core.generation.Generation;
import io.jenkins.plugins.dashscope.core.generation.GenerationEngine;
import io.jenkins.plugins.dashscope.core.generation.GenerationEvent;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.generation.PreparedRequest;
import io.jenkins.plugins.dashscope.core.generation.SubmittedTask;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.request.LocalFiles;
import io.jenkins.plugins.dashscope.core.request.LocalInputs;
import io.jenkins.plugins.dashscope.core.spec.Variant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * One {@code generateImage} in its build: finds the key, copies local inputs from the workspace to the
 * controller for upload, starts the core engine with delivery on the agent, then archives, records the
 * generation on the build page and builds the step's return value. Blocking methods run on the step's
 * background thread or {@link Computer#threadPoolForRemoting}, never on the CPS VM thread.
 */
public final class WorkspaceGeneration {

    private static final Duration DRY_RUN_SERVICE_TIME = Duration.ofMillis(300);

    /** A generation under way: its result and how to stop it. */
    public record Running(CompletableFuture<GenerationResult> result, Runnable cancel) {}

    private final Run<?, ?> run;
    private final AgentDelivery.WorkspaceSource workspace;
    private final EnvVars env;
    private final Launcher launcher;
    private final TaskListener listener;
    private final WorkspacePlan plan;
    /** Its place on the build's pages ({@link GenerationOrder}); null for the freestyle builder. */
    private final List<Integer> order;

    private final Executor pool = Computer.threadPoolForRemoting; // one thread per agent call, as Jenkins' own
    /** The output folder this generation holds in the build, released if it fails. */
    private volatile String claimed;

    public WorkspaceGeneration(
            Run<?, ?> run,
            AgentDelivery.WorkspaceSource workspace,
            EnvVars env,
            Launcher launcher,
            TaskListener listener,
            WorkspacePlan plan,
            List<Integer> order) {
        this.run = run;
        this.order = order;
        this.workspace = workspace;
        this.env = env;
        this.launcher = launcher;
        this.listener = listener;
        this.plan = plan;
    }

    WorkspacePlan plan() {
        return plan;
    }

    Run<?, ?> run() {
        return run;
    }

    /** The {@code index}th generation of a Pipeline step ({@code plan}), in the build of the step's context. */
    public static WorkspaceGeneration of(StepContext ctx, WorkspacePlan plan, int index)
            throws IOException, InterruptedException {
        return new WorkspaceGeneration(
                ctx.get(Run.class),
                () -> ctx.get(FilePath.class),
                ctx.get(EnvVars.class),
                ctx.get(Launcher.class),
                ctx.get(TaskListener.class),
                plan,
                GenerationOrder.of(ctx.get(FlowNode.class), index));
    }

    /** The previous successful build's result for the same fingerprint, taken into this folder; null to generate. */
    GenerationResult reuseEarlier(Prepared p, PreviousBuild earlier) {
        return WorkspaceReuse.take(this, p, earlier);
    }

    AgentDelivery.WorkspaceSource workspace() {
        return workspace;
    }

    /**
     * A real generation checked and ready to send: validated, its local inputs copied from the workspace, the
     * output folder claimed in this build and proven writable. Nothing is sent; {@link #discard} undoes it.
     */
    record Prepared(PreparedRequest request, Path staged, ApiKey key, GenerationEngine engine) {}

    Prepared prepare(GenerationRequest request) throws IOException, InterruptedException {
        claim();
        ApiKey key = key();
        GenerationEngine engine = engine();
        LocalInputs inputs = LocalInputs.of(request);
        checkWritable(plan.outputDir());
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
                            delivery(plan.outputDir()),
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
    private void claim() throws IOException, InterruptedException {
        if (!OutputClaims.of(run).claim(plan.outputDir())) {
            throw new AbortException(Messages.WorkspaceGeneration_OutputInUse(plan.outputDir()));
        }
        claimed = plan.outputDir();
    }

    Running startDryRun(GenerationRequest request, Instant deadline) throws IOException, InterruptedException {
        claim();
        Duration left = Duration.between(DashScopeService.get().clock().instant(), deadline);
        DryRun dryRun =
                new DryRun(request, plan.outputDir(), plan.prefix(), plan.finishing(), DRY_RUN_SERVICE_TIME, left);
        CompletableFuture<GenerationResult> result = AgentDelivery.onAgent(
                workspace,
                new AgentCalls.SimulatedRun(
                        dryRun,
                        listener,
                        Variant.logLabel(plan.variant()),
                        plan.variant() == null ? Messages.WorkspaceGeneration_DryRun() : null), // a set says it once
                plan.outputDir(),
                pool,
                () -> Messages.WorkspaceGeneration_NoAgent());
        return new Running(result, () -> result.cancel(true));
    }

    /** Proves the output folder inside the workspace and writable, on the agent, before anything is paid for. */
    private void checkWritable(String outputDir) throws IOException, InterruptedException {
        try {
            workspace.get().act(new AgentCalls.CheckOutput(outputDir, plan.finishing()));
        } catch (IOException e) {
            throw new AbortException(Messages.WorkspaceGeneration_OutputNotWritable(outputDir, e.getMessage()));
        }
    }

    /** Re-attaches to a task submitted before a controller restart; never submits. */
    public Running resume(SubmittedTask task, Instant deadline) throws IOException, InterruptedException {
        log(Messages.WorkspaceGeneration_Resuming(task.taskId()));
        holdSavedClaim();
        ApiKey key = key();
        GenerationEngine engine = engine();
        Generation g = engine.resume(key, task, deadline, this::log, delivery(plan.outputDir()));
        return new Running(g.result(), g::cancel);
    }

    /** After a restart: the output folder this generation claimed was saved with the build. */
    public void holdSavedClaim() {
        claimed = plan.outputDir();
    }

    /**
     * Archives, records the generation on the build page and returns what the script gets. Fails after
     * archiving when some images failed and partial results are not allowed.
     */
    public Map<String, Object> finish(GenerationResult result) throws Exception {
        return new GenerationRecord(run, workspace.get(), launcher, listener, plan, order).finish(result);
    }

    /** Why a result that {@code allowPartial} accepted leaves the build unstable; null for a complete result. */
    public String unstableReason(GenerationResult result) {
        if (result.failures().isEmpty()) {
            return null;
        }
        return Messages.PartialResults_Images(
                result.failures().size(),
                result.images().size() + result.failures().size(),
                ResultValue.of(result, plan.outputDir()).describeFailures());
    }

    /** What the build reports when the generation fails: a plain message, without a stack trace, for known errors. */
    public Throwable failure(Throwable t) {
        Throwable c = DashScopeException.unwrap(t);
        BuildLog.troubleshooting(listener, c);
        String folder = claimed;
        if (folder != null) {
            try {
                OutputClaims.of(run).release(folder);
            } catch (IOException e) {
                c.addSuppressed(e);
            }
        }
        return BuildFailure.of(plan.variant() == null ? BuildFailure.GENERATE_IMAGE : BuildFailure.GENERATE_IMAGES, c);
    }

    private GenerationEngine engine() {
        return DashScopeService.get().engine(endpoint());
    }

    private Endpoint endpoint() {
        return DashScopeConfiguration.get().endpointFor(plan.region(), plan.endpoint());
    }

    private ApiKey key() throws IOException {
        return ApiKeys.forEndpoint(run, plan.credentialsId(), env, endpoint());
    }

    private AgentDelivery delivery(String outputDir) {
        return new AgentDelivery(workspace, outputDir, plan.prefix(), plan.finishing(), pool);
    }

    void log(GenerationEvent event) {
        log(event.describe());
    }

    /** A line of this generation; a set's variant names itself, as its lines interleave with the others'. */
    public void log(String line) {
        BuildLog.line(listener, Variant.logLabel(plan.variant()) + line);
    }

    private static void deleteQuietly(Path dir) {
        try {
            new FilePath(dir.toFile()).deleteRecursive();
        } catch (IOException | InterruptedException e) {
            // a temporary copy of inputs; the OS cleans its temp folder eventually
        }
    }
}
