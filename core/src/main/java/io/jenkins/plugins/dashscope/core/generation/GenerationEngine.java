package io.jenkins.plugins.dashscope.core.generation;

import io.jenkins.plugins.dashscope.core.catalog.InputLimits;
import io.jenkins.plugins.dashscope.core.catalog.ModelCatalog;
import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.DashScopeClient;
import io.jenkins.plugins.dashscope.core.client.HttpTransport;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.request.ImageRole;
import io.jenkins.plugins.dashscope.core.request.ImageSource;
import io.jenkins.plugins.dashscope.core.request.LocalFiles;
import io.jenkins.plugins.dashscope.core.request.RequestEncoder;
import io.jenkins.plugins.dashscope.core.request.RequestValidator;
import io.jenkins.plugins.dashscope.core.request.ValidatedRequest;
import io.jenkins.plugins.dashscope.core.upload.ImageInspector;
import io.jenkins.plugins.dashscope.core.upload.InputUploader;
import io.jenkins.plugins.dashscope.core.upload.InspectedImage;
import io.jenkins.plugins.dashscope.core.wait.QueryBudget;
import io.jenkins.plugins.dashscope.core.wait.TaskWaiter;
import io.jenkins.plugins.dashscope.core.wait.WaitOutcome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Generation at one endpoint: {@link #prepare} validates and inspects (sending nothing), {@link #generate}
 * starts a {@link GenerationRun} (upload, queue at the key's gate, submit, wait, deliver), {@link #resume}
 * re-attaches to a task after a restart. The engine wires the collaborators of its endpoint; what they share
 * with other engines comes from its {@link EngineRuntime}. Closing an engine with generations under way
 * lets them finish first.
 */
public final class GenerationEngine implements AutoCloseable {

    private final EngineSettings settings;
    private final EngineRuntime runtime;
    private final HttpTransport transport;
    final DashScopeClient client;
    final TaskWaiter waiter;
    final InputUploader uploader;
    final SubmitLookup lookup;
    final RequestEncoder encoder = new RequestEncoder(Json.newMapper());
    private final RequestValidator validator = new RequestValidator(ModelCatalog.builtIn());
    private final ImageInspector inspector = new ImageInspector();
    private int running;
    private boolean closed;
    private boolean released;

    GenerationEngine(EngineSettings settings, EngineRuntime runtime) {
        this.settings = settings;
        this.runtime = runtime;
        this.transport = runtime.borrow(settings.http(), settings.proxyCredentials(), false);
        this.client = new DashScopeClient(transport, settings.endpoint());
        // task queries and task lists share the key's query rate
        QueryBudget queries = key -> runtime.gates()
                .queriesFor(settings.endpoint(), key)
                .submitPermit()
                .thenApply(permit -> permit::sent);
        this.waiter = new TaskWaiter(
                client,
                runtime.retrier(),
                settings.poll(),
                settings.retry(),
                runtime.estimator(),
                runtime.random(),
                queries);
        this.uploader = new InputUploader(client, runtime.worker());
        this.lookup = new SubmitLookup(
                client, runtime.claims(), queries, runtime.scheduler(), runtime.clock(), settings.lookupGrace());
    }

    public EngineSettings settings() {
        return settings;
    }

    /** The endpoint's API client, for calls outside a generation (a connection test). */
    public DashScopeClient client() {
        return client;
    }

    EngineRuntime runtime() {
        return runtime;
    }

    /** Validates the request and inspects its local images, any path of this machine allowed; sends nothing. */
    public PreparedRequest prepare(GenerationRequest request, Path baseDir) {
        return prepare(request, LocalFiles.anywhere(baseDir));
    }

    /** Validates the request and inspects its local images, which {@code files} resolves; sends nothing. */
    public PreparedRequest prepare(GenerationRequest request, LocalFiles files) {
        ValidatedRequest v = validator.validate(request, files);
        Map<ImageRole, InspectedImage> local = new EnumMap<>(ImageRole.class);
        v.images().forEach((role, source) -> {
            if (source instanceof ImageSource.Local l) {
                InputLimits limits = InputLimits.of(v.model());
                local.put(
                        role,
                        inspector.inspect(
                                role.field(),
                                l.path(),
                                limits,
                                limits.equals(InputLimits.STANDARD) ? null : v.model()));
            }
        });
        InspectedImage base = local.get(ImageRole.BASE);
        InspectedImage mask = local.get(ImageRole.MASK);
        if (base != null && mask != null) {
            inspector.checkSameSize(base, mask);
        }
        return new PreparedRequest(
                v,
                local,
                RequestFingerprint.of(
                        encoder.encode(v, RequestFingerprint.inputs(v, local)),
                        v.family().id(),
                        settings.scope()));
    }

    /** The whole job into a local folder: submit, wait, download, manifest. */
    public Generation generate(
            ApiKey key, PreparedRequest prepared, Output output, Instant deadline, GenerationListener listener) {
        OutputNames.checkWritable("outputDir", output.dir()); // before anything is paid for
        return generate(key, prepared, deadline, listener, localDelivery(output), task -> {});
    }

    /**
     * Submits and waits here; {@code delivery} saves the results (possibly in another JVM).
     *
     * @param onSubmitted told of the task as soon as it exists, before anything else can happen to it: a host
     *                    persists it there to re-attach after a restart
     */
    public Generation generate(
            ApiKey key,
            PreparedRequest prepared,
            Instant deadline,
            GenerationListener listener,
            Delivery delivery,
            Consumer<SubmittedTask> onSubmitted) {
        return generate(key, prepared, deadline, listener, delivery, onSubmitted, new Object());
    }

    /**
     * As {@link #generate(ApiKey, PreparedRequest, Instant, GenerationListener, Delivery, Consumer)}, queued for the
     * model's slots as {@code owner}'s: the gate serves the owners waiting in turn (a host passes its build, so one
     * build's large set does not make every other build on the key and model wait behind all of it).
     */
    public Generation generate(
            ApiKey key,
            PreparedRequest prepared,
            Instant deadline,
            GenerationListener listener,
            Delivery delivery,
            Consumer<SubmittedTask> onSubmitted,
            Object owner) {
        return track(new GenerationRun(this, key, deadline, listener, delivery, owner))
                .start(prepared, onSubmitted);
    }

    /** Re-attaches to a task created earlier (after a restart): waits, downloads, writes the manifest. Never submits. */
    public Generation resume(
            ApiKey key, SubmittedTask task, Output output, Instant deadline, GenerationListener listener) {
        return resume(key, task, deadline, listener, localDelivery(output));
    }

    /** As {@link #resume(ApiKey, SubmittedTask, Output, Instant, GenerationListener)}, delivering through {@code delivery}. */
    public Generation resume(
            ApiKey key, SubmittedTask task, Instant deadline, GenerationListener listener, Delivery delivery) {
        if (task.taskId() == null) {
            throw new IllegalArgumentException("a synchronous generation has no task to resume");
        }
        return track(new GenerationRun(this, key, deadline, listener, delivery, new Object()))
                .resume(task);
    }

    /** Delivery into a local folder with this engine's proxy. */
    public Delivery localDelivery(Output output) {
        return new LocalDelivery(runtime, output, settings.proxyCredentials());
    }

    /** The order for a finished task, with this engine's download settings and the generation's deadline. */
    DeliveryOrder orderFor(SubmittedTask task, WaitOutcome outcome, Instant deadline) {
        return new DeliveryOrder(task, outcome, settings.http(), settings.downloads(), settings.retry(), deadline);
    }

    private synchronized GenerationRun track(GenerationRun run) {
        running++;
        run.generation().result().whenComplete((r, t) -> untrack());
        return run;
    }

    private void untrack() {
        synchronized (this) {
            running--;
        }
        releaseIfDone();
    }

    /** Gives the connection pool back to the runtime now, or when the last generation under way ends. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        releaseIfDone();
    }

    private void releaseIfDone() {
        synchronized (this) {
            if (!closed || running > 0 || released) {
                return;
            }
            released = true;
        }
        runtime.release(transport);
    }
}
