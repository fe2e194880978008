package io.jenkins.plugins.dashscope.core.generation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.dashscope.core.client.HttpTransport;
import io.jenkins.plugins.dashscope.core.client.ProxyCredentials;
import io.jenkins.plugins.dashscope.core.client.TaskSnapshot;
import io.jenkins.plugins.dashscope.core.client.TaskStatus;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.download.DownloadReport;
import io.jenkins.plugins.dashscope.core.download.ImageDownloader;
import io.jenkins.plugins.dashscope.core.download.ImageFailure;
import io.jenkins.plugins.dashscope.core.download.SavedImage;
import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import io.jenkins.plugins.dashscope.core.manifest.FinishedRecords;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.wait.WaitOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Downloads a finished task's images into a local folder and writes {@code manifest.json} beside them. */
public final class LocalDelivery implements Delivery {

    private final EngineRuntime runtime;
    private final Output output;
    private final ProxyCredentials credentials;
    private final Executor worker;
    private final ObjectMapper mapper = Json.newMapper();
    private final ManifestStore manifests = new ManifestStore();

    /** @param credentials for the order's proxy; null for none */
    public LocalDelivery(EngineRuntime runtime, Output output, ProxyCredentials credentials) {
        this.runtime = runtime;
        this.output = output;
        this.credentials = credentials;
        this.worker = runtime.worker();
    }

    @Override
    public CompletableFuture<GenerationResult> deliver(DeliveryOrder order) {
        TaskSnapshot s = order.outcome().snapshot();
        if (s.status() != TaskStatus.SUCCEEDED) {
            return CompletableFuture.supplyAsync(() -> recordFailedTask(order.task(), order.outcome()), worker);
        }
        HttpTransport transport = runtime.borrow(order.http(), credentials, true);
        CompletableFuture<DownloadReport> downloads;
        try {
            downloads = new ImageDownloader(
                            transport, order.downloads(), runtime.retrier(), order.retry(), runtime.random(), worker)
                    .downloadAll(s.results(), output.dir(), output.prefix(), img -> {}, order.deadline());
        } catch (RuntimeException e) { // a bad prefix is refused before any download: the pool is given back
            downloads = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<DownloadReport> pending = downloads;
        CompletableFuture<GenerationResult> delivered = downloads
                .whenComplete((r, t) -> runtime.release(transport))
                .thenApplyAsync(downloaded -> finishAndRecord(order.task(), order.outcome(), downloaded), worker);
        // cancelling the delivery (a deadline, an abort) aborts the downloads, which remove their part files
        delivered.whenComplete((r, t) -> {
            if (delivered.isCancelled()) {
                pending.cancel(true);
            }
        });
        return delivered;
    }

    /** A task that ended without images: its manifest says why. */
    private GenerationResult recordFailedTask(SubmittedTask task, WaitOutcome outcome) {
        TaskSnapshot s = outcome.snapshot();
        List<ImageFailure> failures = List.of(new ImageFailure(
                0,
                s.code() == null ? s.status().name() : s.code(),
                s.message() == null ? "task ended " + s.status() : s.message()));
        Manifest m =
                manifest(task, outcome, new DownloadReport(List.of(), failures), output.dir(), Finishing.Result.NONE);
        Path file;
        try {
            file = manifests.write(output.dir(), m);
        } catch (IOException | RuntimeException e) {
            file = null; // the task's failure matters more than its record
        }
        return new GenerationResult(m, file, List.of(), failures);
    }

    /** Makes what finishing asks for from the downloaded images, then writes the manifest. */
    private GenerationResult finishAndRecord(SubmittedTask task, WaitOutcome outcome, DownloadReport downloaded) {
        Manifest.RequestRecord request = request(task);
        Finishing.Result finished =
                output.finishing().apply(downloaded.images(), output.dir(), request.seedCaption(), output.workspace());
        List<ImageFailure> failures = new ArrayList<>(downloaded.failures());
        failures.addAll(finished.failures());
        DownloadReport report = new DownloadReport(downloaded.images(), failures);
        Manifest m = manifest(task, outcome, report, output.dir(), finished);
        return GenerationResult.record(m, output.dir(), report.images(), report.failures());
    }

    private Manifest.RequestRecord request(SubmittedTask task) {
        try {
            return mapper.readValue(task.requestJson(), Manifest.RequestRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored request record is not valid JSON", e);
        }
    }

    /** The manifest of a finished task; files are named relative to {@code dir}. */
    Manifest manifest(
            SubmittedTask task, WaitOutcome outcome, DownloadReport report, Path dir, Finishing.Result finished) {
        TaskSnapshot s = outcome.snapshot();
        Manifest.RequestRecord request = request(task);
        List<Manifest.ImageRecord> images = new ArrayList<>();
        for (SavedImage img : report.images()) {
            images.add(new Manifest.ImageRecord(
                    img.index(),
                    FinishedRecords.relative(dir, img.file()),
                    img.sha256(),
                    img.bytes(),
                    img.width(),
                    img.height(),
                    img.contentType(),
                    img.sourceUrl()));
        }
        List<Manifest.FailureRecord> failures = report.failures().stream()
                .map(f -> new Manifest.FailureRecord(f.index(), f.code(), f.message()))
                .toList();
        Instant submitted = Instant.ofEpochMilli(task.submittedAtMillis());
        Manifest.Timing timing = new Manifest.Timing(
                submitted.toString(),
                outcome.finishedAt().toString(),
                Duration.between(submitted, outcome.finishedAt()).toMillis(),
                outcome.polls());
        return Manifest.builder()
                .task(task.model(), task.api(), task.taskId(), s.requestId() != null ? s.requestId() : task.requestId())
                .status(s.status().name())
                .request(request, task.fingerprint())
                .images(images, failures)
                .usage(new Manifest.Usage(s.imageCount(), paid(s), 0))
                .timing(timing)
                .actualPrompt(s.actualPrompt())
                .finished(FinishedRecords.derived(dir, finished), FinishedRecords.contactSheet(dir, finished))
                .build();
    }

    /** What the service bills: the images it made (its own count when it reports one), not those we saved. */
    private static int paid(TaskSnapshot s) {
        if (s.status() != TaskStatus.SUCCEEDED) {
            return 0;
        }
        return s.imageCount() != null
                ? s.imageCount()
                : (int) s.results().stream().filter(r -> r.succeeded()).count();
    }
}
