package io.jenkins.plugins.dashscope.core.generation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.ErrorKind;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.client.HttpTransport;
import io.jenkins.plugins.dashscope.core.client.ProxyCredentials;
import io.jenkins.plugins.dashscope.core.client.TaskSnapshot;
import io.jenkins.plugins.dashscope.core.client.TaskStatus;
import io.jenkins.plugins.dashscope.core.download.DownloadReport;
import io.jenkins.plugins.dashscope.core.download.ImageDownloader;
import io.jenkins.plugins.dashscope.core.download.ImageFailure;
import io.jenkins.plugins.dashscope.core.download.SavedImage;
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
        SubmittedTask task = order.task();
        WaitOutcome outcome = order.outcome();
        TaskSnapshot s = outcome.snapshot();
        if (s.status() != TaskStatus.SUCCEEDED) {
            List<ImageFailure> failures = List.of(new ImageFailure(0, s.code() == null ? s.status().name() : s.code(),
                    s.message() == null ? "task ended " + s.status() : s.message()));
            return CompletableFuture.supplyAsync(() -> {
                Manifest m = manifest(task, outcome, new DownloadReport(List.of(), failures), output.dir());
                Path file;
                try {
                    file = manifests.write(output.dir(), m);
                } catch (IOException | RuntimeException e) {
                    file = null; // the task's failure matters more than its record
                }
                return new GenerationResult(m, file, List.of(), failures);
            }, worker);
        }
        HttpTransport transport = runtime.borrow(order.http(), credentials, true);
        CompletableFuture<DownloadReport> downloads;
        try {
            downloads = new ImageDownloader(transport, order.downloads(), runtime.retrier(), order.retry(),
                    runtime.random(), worker).downloadAll(s.results(), output.dir(), output.prefix(), img -> { });
        } catch (RuntimeException e) { // a bad prefix is refused before any download: the pool is given back
            downloads = CompletableFuture.failedFuture(e);
        }
        return downloads
                .whenComplete((r, t) -> runtime.release(transport))
                .thenApplyAsync(report -> {
                    Manifest m = manifest(task, outcome, report, output.dir());
                    try {
                        return new GenerationResult(m, manifests.write(output.dir(), m), report.images(), report.failures());
                    } catch (IOException e) {
                        throw new DashScopeException(ErrorKind.DOWNLOAD, "OutputNotWritable",
                                "cannot write " + ManifestStore.FILE_NAME + ": " + e.getMessage(), null, 0, false, e);
                    }
                }, worker);
    }

    /** The manifest of a finished task; image files are named relative to {@code dir}. */
    Manifest manifest(SubmittedTask task, WaitOutcome outcome, DownloadReport report, Path dir) {
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
}
