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
import io.jenkins.plugins.dashscope.core.client.TaskSnapshot;
import io.jenkins.plugins.dashscope.core.client.TaskStatus;
import io.jenkins.plugins.dashscope.core.download.DownloadReport;
import io.jenkins.plugins.dashscope.core.download.ImageDownloader;
import io.jenkins.plugins.dashscope.core.download.ImageFailure;
import io.jenkins.plugins.dashscope.core.download.SavedImage;
import io.jenkins.plugins.dashscope.core.gate.GateRegistry;
import io.jenkins.plugins.dashscope.core.gate.RateGate;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.request.ImageRole;
import io.jenkins.plugins.dashscope.core.request.ImageSource;
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
import java.io.IOException;
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
    private final ManifestStore manifests = new ManifestStore();

    /**
     * @param gates     shared by every engine of the process, so one key has one queue
     * @param estimator shared likewise, so each model's service time is learnt once
     * @param worker    runs file work and continuations off the HTTP I/O threads
     */
    public GenerationEngine(EngineSettings settings, GateRegistry gates, ServiceTimeEstimator estimator,
            Scheduler scheduler, Clock clock, Executor worker, DoubleSupplier random) {
        this.settings = settings;
        this.transport = new HttpTransport(settings.http());
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

    /** Validates the request and inspects its local images; sends nothing. */
    public PreparedRequest prepare(GenerationRequest request, Path baseDir) {
        ValidatedRequest v = validator.validate(request, baseDir);
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
        Generation g = new Generation();
        ValidatedRequest v = prepared.request();
        listener.on(new GenerationEvent.Validated(v.model(), v.family().id(), v.imageCount()));
        Scheduler.Scheduled timer = armDeadline(g, deadline);
        RateGate gate = gates.gateFor(key);
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
                                    .thenComposeAsync(s -> afterSubmit(g, key, s, slot, output, deadline, listener), worker),
                            worker);
                }, worker);
        g.completeWith(work);
        work.whenComplete((r, t) -> timer.cancel());
        return g;
    }

    /** Re-attaches to a task created earlier (after a restart): waits, downloads, writes the manifest. Never submits. */
    public Generation resume(ApiKey key, SubmittedTask task, Output output, Instant deadline, GenerationListener listener) {
        if (task.taskId() == null) {
            throw new IllegalArgumentException("a synchronous generation has no task to resume");
        }
        Generation g = new Generation();
        Scheduler.Scheduled timer = armDeadline(g, deadline);
        CompletableFuture<GenerationResult> work = waitFor(g, key, task, deadline, listener)
                .thenComposeAsync(outcome -> finish(task, outcome, output, listener), worker);
        g.completeWith(work);
        work.whenComplete((r, t) -> timer.cancel());
        return g;
    }

    /** A downloader bound to this engine's endpoint and download policy. */
    public ImageDownloader downloader() {
        return new ImageDownloader(transport, settings.downloads(), scheduler, settings.retry(), random, worker);
    }

    /** The manifest of a finished task; image files are named relative to {@code dir}. */
    public Manifest manifest(SubmittedTask task, WaitOutcome outcome, DownloadReport report, Path dir) {
        TaskSnapshot s = outcome.snapshot();
        Manifest.RequestRecord request;
        try {
            request = mapper.readValue(task.requestJson(), Manifest.RequestRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored request record is not valid JSON", e);
        }
        List<Manifest.ImageRecord> images = new ArrayList<>();
        for (SavedImage img : report.images()) {
            images.add(new Manifest.ImageRecord(img.index(), dir.relativize(img.file()).toString().replace('\\', '/'),
                    img.sha256(), img.bytes(), img.width(), img.height(), img.contentType(), img.sourceUrl()));
        }
        List<Manifest.FailureRecord> failures = report.failures().stream()
                .map(f -> new Manifest.FailureRecord(f.index(), f.code(), f.message())).toList();
        Instant submitted = Instant.ofEpochMilli(task.submittedAtMillis());
        Manifest.Timing timing = new Manifest.Timing(submitted.toString(), outcome.finishedAt().toString(),
                Duration.between(submitted, outcome.finishedAt()).toMillis(), outcome.polls());
        return new Manifest(Manifest.SCHEMA_VERSION, task.model(), task.api(), task.taskId(),
                s.requestId() != null ? s.requestId() : task.requestId(), s.status().name(), request, images, failures,
                new Manifest.Usage(s.imageCount()), timing, s.actualPrompt());
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
        g.whileRunning(() -> slot.cancel(false));
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
            Output output, Instant deadline, GenerationListener listener) {
        listener.on(new GenerationEvent.Submitted(s.task()));
        if (s.immediate() != null) {
            slot.release();
            g.reachedTerminal();
            Instant now = clock.instant();
            return finish(s.task(), new WaitOutcome(s.immediate(), 0, 0, now, now), output, listener);
        }
        return waitFor(g, key, s.task(), deadline, listener)
                .whenComplete((o, t) -> slot.release())
                .thenComposeAsync(outcome -> finish(s.task(), outcome, output, listener), worker);
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

    private CompletableFuture<GenerationResult> finish(SubmittedTask task, WaitOutcome outcome, Output output,
            GenerationListener listener) {
        TaskSnapshot s = outcome.snapshot();
        if (s.status() != TaskStatus.SUCCEEDED) {
            List<ImageFailure> failures = List.of(new ImageFailure(0, s.code() == null ? s.status().name() : s.code(),
                    s.message() == null ? "task ended " + s.status() : s.message()));
            writeQuietly(output.dir(), manifest(task, outcome, new DownloadReport(List.of(), failures), output.dir()));
            return CompletableFuture.failedFuture(taskFailure(task, s));
        }
        return downloader().downloadAll(s.results(), output.dir(), output.prefix(),
                        img -> listener.on(new GenerationEvent.ImageSaved(img)))
                .thenApplyAsync(report -> {
                    report.failures().forEach(f -> listener.on(new GenerationEvent.ImageFailed(f)));
                    Manifest m = manifest(task, outcome, report, output.dir());
                    Path file;
                    try {
                        file = manifests.write(output.dir(), m);
                    } catch (IOException e) {
                        throw new DashScopeException(ErrorKind.DOWNLOAD, "OutputNotWritable",
                                "cannot write " + ManifestStore.FILE_NAME + ": " + e.getMessage(), null, 0, false, e);
                    }
                    listener.on(new GenerationEvent.Done(task.taskId(), report.images().size(), report.failures().size(),
                            outcome.polls()));
                    if (report.images().isEmpty()) {
                        boolean moderated = !report.failures().isEmpty() && report.failures().stream()
                                .allMatch(f -> f.code().startsWith("DataInspectionFailed"));
                        throw new DashScopeException(moderated ? ErrorKind.MODERATION : ErrorKind.TASK_FAILED,
                                report.failures().isEmpty() ? null : report.failures().get(0).code(),
                                "no image succeeded (" + report.failures().size() + " failed)", s.requestId(), 0, false, null);
                    }
                    return new GenerationResult(m, file, report.images(), report.failures());
                }, worker);
    }

    private void writeQuietly(Path dir, Manifest m) {
        try {
            manifests.write(dir, m);
        } catch (IOException | RuntimeException ignored) {
            // the failure being reported matters more than its record
        }
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
        transport.close();
    }
}
