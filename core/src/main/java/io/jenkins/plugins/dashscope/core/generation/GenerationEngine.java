package io.jenkins.plugins.dashscope.core.generation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.dashscope.core.catalog.ApiFamily;
import io.jenkins.plugins.dashscope.core.catalog.ModelCatalog;
import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.DashScopeClient;
import io.jenkins.plugins.dashscope.core.client.DashScopeException;
import io.jenkins.plugins.dashscope.core.client.ErrorKind;
import io.jenkins.plugins.dashscope.core.client.HttpTransport;
import io.jenkins.plugins.dashscope.core.client.Json;
import io.jenkins.plugins.dashscope.core.client.ResultItem;
import io.jenkins.plugins.dashscope.core.client.TaskSnapshot;
import io.jenkins.plugins.dashscope.core.client.TaskStatus;
import io.jenkins.plugins.dashscope.core.download.ImageDownloader;
import io.jenkins.plugins.dashscope.core.download.OutputNames;
import io.jenkins.plugins.dashscope.core.download.ImageFailure;
import io.jenkins.plugins.dashscope.core.gate.GateRegistry;
import io.jenkins.plugins.dashscope.core.gate.RateGate;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
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
import io.jenkins.plugins.dashscope.core.wait.Scheduler;
import io.jenkins.plugins.dashscope.core.wait.ServiceTimeEstimator;
import io.jenkins.plugins.dashscope.core.wait.TaskWaiter;
import io.jenkins.plugins.dashscope.core.wait.WaitOutcome;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.DoubleSupplier;

/**
 * Turns a request into saved images: validate, upload local inputs, queue at the key's gate, submit,
 * wait, download, write the manifest. Each phase is also public, for hosts that run them in different
 * places (the Jenkins step submits and waits on the controller and downloads on the agent).
 */
public final class GenerationEngine implements AutoCloseable {

    private final EngineSettings settings;
    private final HttpTransport transport;
    private final boolean ownsTransport;
    /** Opened on the first download: its larger buffers are not needed for waiting. */
    private HttpTransport downloadTransport;
    private final DashScopeClient client;
    private final GateRegistry gates;
    private final TaskWaiter waiter;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Executor worker;
    private final DoubleSupplier random;
    private final RequestValidator validator = new RequestValidator(ModelCatalog.builtIn());
    private final ImageInspector inspector = new ImageInspector();
    private final InputUploader uploader;
    private final RequestEncoder encoder;
    private final ObjectMapper mapper = Json.newMapper();

    /**
     * @param gates     shared by every engine of the process, so one key has one queue
     * @param estimator shared likewise, so each model's service time is learnt once
     * @param worker    runs file work and continuations off the HTTP I/O threads
     */
    public GenerationEngine(EngineSettings settings, GateRegistry gates, ServiceTimeEstimator estimator,
            Scheduler scheduler, Clock clock, Executor worker, DoubleSupplier random) {
        this(settings, null, gates, estimator, scheduler, clock, worker, random);
    }

    /**
     * An engine on a transport shared with other engines (a Jenkins controller's one connection pool), which
     * it does not close: engines for many endpoints then cost no threads of their own.
     *
     * @param shared null for a transport of this engine's own, made from {@code settings.http()}
     */
    public GenerationEngine(EngineSettings settings, HttpTransport shared, GateRegistry gates,
            ServiceTimeEstimator estimator, Scheduler scheduler, Clock clock, Executor worker, DoubleSupplier random) {
        this.settings = settings;
        this.ownsTransport = shared == null;
        this.transport = shared != null ? shared : new HttpTransport(settings.http());
        this.client = new DashScopeClient(transport, settings.endpoint(), settings.workspace());
        this.gates = gates;
        this.scheduler = scheduler;
        this.clock = clock;
        this.worker = worker;
        this.random = random;
        this.waiter = new TaskWaiter(client, scheduler, clock, settings.poll(), settings.retry(), estimator, random);
        this.uploader = new InputUploader(client, worker);
        this.encoder = new RequestEncoder(mapper);
    }

    public DashScopeClient client() {
        return client;
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
                local.put(role, inspector.inspect(role.field(), l.path()));
            }
        });
        InspectedImage base = local.get(ImageRole.BASE);
        InspectedImage mask = local.get(ImageRole.MASK);
        if (base != null && mask != null) {
            inspector.checkSameSize(base, mask);
        }
        return new PreparedRequest(v, local);
    }

    /** The whole job: submit, wait, download, manifest. */
    public Generation generate(ApiKey key, PreparedRequest prepared, Output output, Instant deadline,
            GenerationListener listener) {
        OutputNames.checkWritable("outputDir", output.dir()); // before anything is paid for
        return generate(key, prepared, deadline, listener, localDelivery(output));
    }

    /** Submits and waits here; {@code delivery} saves the results (possibly in another JVM). */
    public Generation generate(ApiKey key, PreparedRequest prepared, Instant deadline, GenerationListener listener,
            Delivery delivery) {
        Generation g = new Generation();
        ValidatedRequest v = prepared.request();
        listener.on(new GenerationEvent.Validated(v.model(), v.family().id(), v.imageCount()));
        Scheduler.Scheduled timer = armDeadline(g, deadline);
        RateGate gate = gates.gateFor(settings.endpoint(), key);
        CompletableFuture<GenerationResult> work = uploadInputs(key, prepared, listener)
                .thenComposeAsync(uploaded -> {
                    Map<ImageRole, String> urls = urlsOf(prepared, uploaded);
                    ObjectNode body = encoder.encode(v, urls);
                    String requestJson = requestRecordJson(prepared, body);
                    // Our uploads and the caller's own oss:// URLs both need the server to resolve them.
                    boolean oss = urls.values().stream().anyMatch(u -> u.startsWith("oss://"));
                    return acquireSlot(g, gate, listener).thenComposeAsync(slot ->
                            submit(g, key, gate, v, body, requestJson, oss, deadline, listener, 1)
                                    .whenComplete((s, t) -> {
                                        if (t != null) {
                                            slot.release();
                                        }
                                    })
                                    .thenComposeAsync(s -> afterSubmit(g, key, s, slot, delivery, deadline, listener), worker),
                            worker);
                }, worker);
        g.completeWith(work);
        work.whenComplete((r, t) -> timer.cancel());
        return g;
    }

    /** Re-attaches to a task created earlier (after a restart): waits, downloads, writes the manifest. Never submits. */
    public Generation resume(ApiKey key, SubmittedTask task, Output output, Instant deadline, GenerationListener listener) {
        return resume(key, task, deadline, listener, localDelivery(output));
    }

    /** As {@link #resume(ApiKey, SubmittedTask, Output, Instant, GenerationListener)}, delivering through {@code delivery}. */
    public Generation resume(ApiKey key, SubmittedTask task, Instant deadline, GenerationListener listener, Delivery delivery) {
        if (task.taskId() == null) {
            throw new IllegalArgumentException("a synchronous generation has no task to resume");
        }
        Generation g = new Generation();
        Scheduler.Scheduled timer = armDeadline(g, deadline);
        CompletableFuture<GenerationResult> work = waitFor(g, key, task, deadline, listener)
                .thenComposeAsync(outcome -> finish(task, outcome, delivery, listener), worker);
        g.completeWith(work);
        work.whenComplete((r, t) -> timer.cancel());
        return g;
    }

    /** Delivery into a local folder with this engine's HTTP client and download policy. */
    public Delivery localDelivery(Output output) {
        return (task, outcome) -> new LocalDelivery(new ImageDownloader(downloadTransport(), settings.downloads(),
                scheduler, settings.retry(), random, worker), output, worker).deliver(task, outcome);
    }

    private synchronized HttpTransport downloadTransport() {
        if (downloadTransport == null) {
            downloadTransport = HttpTransport.forDownloads(settings.http());
        }
        return downloadTransport;
    }

    /** What another JVM needs to deliver a finished task with this engine's download settings (no key). */
    public DeliveryOrder deliveryOrder(SubmittedTask task, WaitOutcome outcome, String outputDir, String prefix) {
        return new DeliveryOrder(task, outcome, outputDir, prefix, settings.http(), settings.downloads(), settings.retry());
    }

    private Scheduler.Scheduled armDeadline(Generation g, Instant deadline) {
        Duration left = Duration.between(clock.instant(), deadline);
        return scheduler.schedule(() -> g.fail(DashScopeException.of(ErrorKind.TIMEOUT,
                "the generation did not finish by its deadline")), left.isNegative() ? Duration.ZERO : left);
    }

    private CompletableFuture<Map<ImageRole, String>> uploadInputs(ApiKey key, PreparedRequest p, GenerationListener listener) {
        return uploader.upload(key, p.request().model(), p.localImages()).thenApply(urls -> {
            p.localImages().forEach((role, img) ->
                    listener.on(new GenerationEvent.Uploaded(role.field(), img.path().getFileName().toString(), img.bytes())));
            return urls;
        });
    }

    private CompletableFuture<RateGate.Slot> acquireSlot(Generation g, RateGate gate, GenerationListener listener) {
        CompletableFuture<RateGate.Slot> slot = gate.acquireSlot();
        if (!slot.isDone()) {
            listener.on(new GenerationEvent.Queued(gate.inFlight()));
        }
        g.whileRunning(() -> {
            slot.cancel(false);
            return CompletableFuture.completedFuture(null);
        });
        return slot;
    }

    private static Map<ImageRole, String> urlsOf(PreparedRequest p, Map<ImageRole, String> uploaded) {
        Map<ImageRole, String> urls = new EnumMap<>(ImageRole.class);
        p.request().images().forEach((role, source) -> {
            if (source instanceof ImageSource.Remote r) {
                urls.put(role, r.url());
            }
        });
        urls.putAll(uploaded);
        return urls;
    }

    private String requestRecordJson(PreparedRequest p, ObjectNode body) {
        List<Manifest.InputRecord> inputs = new ArrayList<>();
        p.request().images().forEach((role, source) -> {
            if (source instanceof ImageSource.Local) {
                InspectedImage img = p.localImages().get(role);
                inputs.add(new Manifest.InputRecord(role.field(), img.path().getFileName().toString(), img.sha256(), null));
            } else {
                String url = ((ImageSource.Remote) source).url();
                inputs.add(new Manifest.InputRecord(role.field(), null, null,
                        url.regionMatches(true, 0, "data:", 0, 5) ? "data: URI" : ImageDownloader.withoutQuery(URI.create(url))));
            }
        });
        GenerationRequest r = p.request().request();
        try {
            return mapper.writeValueAsString(new Manifest.RequestRecord(r.prompt(), r.negativePrompt(),
                    body.get("parameters"), inputs.isEmpty() ? null : inputs));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Submission(SubmittedTask task, TaskSnapshot immediate) {
    }

    private CompletableFuture<Submission> submit(Generation g, ApiKey key, RateGate gate, ValidatedRequest v, ObjectNode body,
            String requestJson, boolean oss, Instant deadline, GenerationListener listener, int attempt) {
        return gate.submitPermit().thenComposeAsync(permit -> {
            if (g.stopped()) {
                permit.sent();
                return CompletableFuture.<Submission>failedFuture(DashScopeException.of(ErrorKind.CANCELLED, "stopped before submit"));
            }
            Duration timeout = null;
            if (!v.family().isAsync()) {
                Duration left = Duration.between(clock.instant(), deadline);
                timeout = left.compareTo(settings.syncTimeout()) < 0 ? left : settings.syncTimeout();
            }
            Instant sentAt = clock.instant();
            return client.create(key, v.family(), body, oss, timeout).whenComplete((s, t) -> permit.sent()).thenApply(s -> new Submission(
                    new SubmittedTask(s.taskId(), s.requestId(), v.model(), v.family().id(), sentAt.toEpochMilli(), requestJson),
                    v.family().isAsync() ? null : s));
        }, worker).handle((submission, t) -> {
            if (t == null) {
                return CompletableFuture.completedFuture(submission);
            }
            DashScopeException e = asDashScope(t);
            Duration pause = settings.retry().delay(attempt, random);
            // SubmitRule states when sending the create call again cannot create a second task.
            if (g.stopped() || !SubmitRule.mayResubmit(e) || attempt >= settings.retry().maxAttempts()
                    || clock.instant().plus(pause).isAfter(deadline)) {
                return CompletableFuture.<Submission>failedFuture(e);
            }
            listener.on(new GenerationEvent.Retrying("submit", e.getMessage(), pause, attempt + 1));
            CompletableFuture<Submission> again = new CompletableFuture<>();
            scheduler.schedule(() -> submit(g, key, gate, v, body, requestJson, oss, deadline, listener, attempt + 1)
                    .whenComplete((s, err) -> {
                        if (err != null) {
                            again.completeExceptionally(err);
                        } else {
                            again.complete(s);
                        }
                    }), pause);
            return again;
        }).thenCompose(f -> f);
    }

    private CompletableFuture<GenerationResult> afterSubmit(Generation g, ApiKey key, Submission s, RateGate.Slot slot,
            Delivery delivery, Instant deadline, GenerationListener listener) {
        listener.on(new GenerationEvent.Submitted(s.task()));
        if (s.immediate() != null) {
            slot.release();
            g.reachedTerminal();
            Instant now = clock.instant();
            return finish(s.task(), new WaitOutcome(s.immediate(), 0, 0, now, now), delivery, listener);
        }
        return waitFor(g, key, s.task(), deadline, listener)
                .whenComplete((o, t) -> slot.release())
                .thenComposeAsync(outcome -> finish(s.task(), outcome, delivery, listener), worker);
    }

    private CompletableFuture<WaitOutcome> waitFor(Generation g, ApiKey key, SubmittedTask task, Instant deadline,
            GenerationListener listener) {
        TaskWaiter.Wait wait = waiter.await(key, task.taskId(), task.model(), Instant.ofEpochMilli(task.submittedAtMillis()),
                deadline, snap -> listener.on(new GenerationEvent.StatusChanged(task.taskId(), snap.status(), snap.metrics())));
        // Stopping now means cancelling the wait, which cancels a PENDING task on the server.
        g.whileRunning(wait::cancel);
        return wait.result().whenComplete((o, t) -> {
            if (t == null) {
                g.reachedTerminal();
            }
        });
    }

    private CompletableFuture<GenerationResult> finish(SubmittedTask task, WaitOutcome outcome, Delivery delivery,
            GenerationListener listener) {
        WaitOutcome asked = atMostRequested(task, outcome);
        return delivery.deliver(task, asked).handle((result, t) -> {
            if (t != null) {
                throw withResultUrls(asDashScope(t), asked.snapshot());
            }
            return conclude(task, asked, result, listener);
        });
    }

    /**
     * Delivery failed after the images were paid for: the error carries their URLs, which stay valid for
     * 24 hours after the task, so nothing paid for is lost.
     */
    private static DashScopeException withResultUrls(DashScopeException d, TaskSnapshot s) {
        List<String> urls = s.results().stream().filter(ResultItem::succeeded).map(ResultItem::url).toList();
        if (s.status() != TaskStatus.SUCCEEDED || urls.isEmpty()) {
            return d;
        }
        return new DashScopeException(d.kind(), d.code(), d.detail() + "; the images stay downloadable for 24 hours after "
                + "the task at: " + String.join(" ", urls), d.requestId(), d.httpStatus(), false, d);
    }

    /** A broken or hostile server may list more results than were asked for; only that many are ever saved. */
    private WaitOutcome atMostRequested(SubmittedTask task, WaitOutcome o) {
        int requested = 1; // the services' default when n is not sent
        try {
            requested = Math.max(1, mapper.readTree(task.requestJson()).path("parameters").path("n").asInt(1));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // a record without parameters: the default applies
        }
        TaskSnapshot s = o.snapshot();
        if (s.results().size() <= requested) {
            return o;
        }
        TaskSnapshot trimmed = new TaskSnapshot(s.taskId(), s.status(), s.requestId(), s.code(), s.message(),
                s.results().subList(0, requested), s.metrics(), s.imageCount(), s.actualPrompt(), s.submitTime(),
                s.scheduledTime(), s.endTime());
        return new WaitOutcome(trimmed, o.polls(), o.retries(), o.startedAt(), o.finishedAt());
    }

    /** Reports what was delivered and turns a failed task, or one that saved nothing, into its typed error. */
    private static GenerationResult conclude(SubmittedTask task, WaitOutcome outcome, GenerationResult result,
            GenerationListener listener) {
        TaskSnapshot s = outcome.snapshot();
        if (s.status() != TaskStatus.SUCCEEDED) {
            throw taskFailure(task, s);
        }
        result.images().forEach(img -> listener.on(new GenerationEvent.ImageSaved(img)));
        result.failures().forEach(f -> listener.on(new GenerationEvent.ImageFailed(f)));
        listener.on(new GenerationEvent.Done(task.taskId(), result.images().size(), result.failures().size(),
                outcome.polls()));
        if (result.images().isEmpty()) {
            List<ImageFailure> failures = result.failures();
            boolean moderated = !failures.isEmpty() && failures.stream().allMatch(f -> f.code().startsWith("DataInspectionFailed"));
            throw new DashScopeException(moderated ? ErrorKind.MODERATION : ErrorKind.TASK_FAILED,
                    failures.isEmpty() ? null : failures.get(0).code(),
                    "no image succeeded (" + failures.size() + " failed)", s.requestId(), 0, false, null);
        }
        return result;
    }

    private static DashScopeException taskFailure(SubmittedTask task, TaskSnapshot s) {
        return switch (s.status()) {
            case UNKNOWN -> new DashScopeException(ErrorKind.TASK_UNKNOWN, s.code(), "task " + task.taskId()
                    + " is UNKNOWN: it does not exist or has expired (task data lives 24 h)", s.requestId(), 0, false, null);
            case CANCELED -> new DashScopeException(ErrorKind.TASK_FAILED, s.code(), "task " + task.taskId() + " was canceled",
                    s.requestId(), 0, false, null);
            default -> new DashScopeException(ErrorKind.of(400, s.code()) == ErrorKind.MODERATION ? ErrorKind.MODERATION
                    : ErrorKind.TASK_FAILED, s.code(), "task " + task.taskId() + " failed"
                    + (s.message() == null ? "" : ": " + s.message()), s.requestId(), 0, false, null);
        };
    }

    /** The typed failure inside whatever a future failed with. */
    public static DashScopeException asDashScope(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof java.util.concurrent.ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof DashScopeException d) {
            return d;
        }
        if (c instanceof java.util.concurrent.CancellationException) {
            return new DashScopeException(ErrorKind.CANCELLED, null, "cancelled", null, 0, false, c);
        }
        return new DashScopeException(ErrorKind.NETWORK, null, c.getClass().getSimpleName() + ": " + c.getMessage(),
                null, 0, false, c);
    }

    @Override
    public void close() {
        if (ownsTransport) {
            transport.close();
        }
        synchronized (this) {
            if (downloadTransport != null) {
                downloadTransport.close();
            }
        }
    }
}
