package io.jenkins.plugins.dashscope.core.generation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.dashscope.core.catalog.ApiFamily;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.ErrorKind;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.simulator.Fault;
import io.jenkins.plugins.dashscope.core.simulator.RequestKind;
import io.jenkins.plugins.dashscope.core.testing.Eventually;
import io.jenkins.plugins.dashscope.core.testing.SimulatorFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationEngineTest {

    private SimulatorFixture fx = new SimulatorFixture();
    private final List<GenerationEvent> events = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        fx.close();
    }

    private Generation start(GenerationRequest r, String out) {
        return fx.generate(r, dir, out, Duration.ofSeconds(20), events::add);
    }

    private GenerationResult run(GenerationRequest r) throws Exception {
        return start(r, "out").result().get(30, TimeUnit.SECONDS);
    }

    private DashScopeException failure(GenerationRequest r) {
        try {
            start(r, "out").result().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return (DashScopeException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected the generation to fail");
    }

    private static GenerationRequest wanx(String prompt, int n) {
        return GenerationRequest.builder().model("wanx-v1").prompt(prompt).n(n).build();
    }

    @Test
    void savesValidImagesAndAManifestAndReportsProgress() throws Exception {
        GenerationResult result = run(GenerationRequest.builder()
                .model("wanx-v1")
                .prompt("a cat")
                .n(2)
                .seed(7L)
                .size("720*1280")
                .build());
        assertThat(result.images()).hasSize(2);
        for (var img : result.images()) {
            var read = ImageIO.read(img.file().toFile());
            assertThat(read.getWidth()).isEqualTo(720);
            assertThat(read.getHeight()).isEqualTo(1280);
            assertThat(img.file().getFileName().toString()).isEqualTo("image-" + img.index() + ".png");
        }
        Manifest m = new ManifestStore().read(dir.resolve("out/manifest.json"));
        assertThat(m.schemaVersion()).isEqualTo(1);
        assertThat(m.model()).isEqualTo("wanx-v1");
        assertThat(m.api()).isEqualTo("text2image");
        assertThat(m.status()).isEqualTo("SUCCEEDED");
        assertThat(m.taskId()).isNotBlank();
        assertThat(m.requestId()).isNotBlank();
        assertThat(m.request().parameters().path("seed").asLong()).isEqualTo(7);
        assertThat(m.images()).extracting(Manifest.ImageRecord::file).containsExactly("image-1.png", "image-2.png");
        assertThat(m.images().get(0).sourceUrl()).doesNotContain("?", "Signature", "Expires");
        assertThat(m.usage().imageCount()).isEqualTo(2);
        assertThat(m.timing().polls()).isPositive();
        assertThat(m.actualPrompt()).contains("a cat");
        assertThat(events)
                .map(e -> e.getClass().getSimpleName())
                .containsSubsequence("Validated", "Submitted", "StatusChanged", "ImageSaved", "Done");
        try (Stream<Path> files = Files.list(dir.resolve("out"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("image-1.png", "image-2.png", "manifest.json"); // no temporary file left
        }
    }

    @Test
    void twentyParallelRequestsWithOneKeyAllSucceedWithoutA429() throws Exception {
        List<Generation> generations = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            generations.add(start(wanx("poster " + i, 1), "out-" + i));
        }
        for (Generation g : generations) {
            assertThat(g.result().get(60, TimeUnit.SECONDS).images()).hasSize(1);
        }
        assertThat(fx.simulator.tasksCreated()).isEqualTo(20);
        assertThat(fx.simulator.count(RequestKind.SUBMIT)).isEqualTo(20);
        assertThat(fx.simulator.throttledAnswers()).isZero();
        assertThat(events).anyMatch(e -> e instanceof GenerationEvent.Queued);
    }

    @Test
    void throttledAndFailedSubmitsWithAnEnvelopeAreRetried() throws Exception {
        fx.simulator
                .faults()
                .inject(RequestKind.SUBMIT, Fault.THROTTLED, 2)
                .inject(RequestKind.SUBMIT, Fault.SERVER_ERROR, 1);
        assertThat(run(wanx("x", 1)).images()).hasSize(1);
        assertThat(fx.simulator.count(RequestKind.SUBMIT)).isEqualTo(4);
        assertThat(fx.simulator.tasksCreated()).isEqualTo(1);
        assertThat(events)
                .filteredOn(e -> e instanceof GenerationEvent.Retrying)
                .hasSize(3);
    }

    @Test
    void aRetryAfterOnA429IsHonouredAndAQueryRefusedWithOneIsAskedAgain() throws Exception {
        fx.simulator
                .faults()
                .inject(RequestKind.SUBMIT, Fault.THROTTLED_RETRY_AFTER, 1)
                .inject(RequestKind.QUERY, Fault.THROTTLED_RETRY_AFTER, 1);

        assertThat(run(wanx("x", 1)).images()).hasSize(1);

        // the scaled back-off alone would be a few milliseconds; the server asked for a second
        assertThat(events)
                .filteredOn(
                        e -> e instanceof GenerationEvent.Retrying r && r.what().equals("submit"))
                .singleElement()
                .satisfies(
                        e -> assertThat(((GenerationEvent.Retrying) e).delay()).isEqualTo(Duration.ofSeconds(1)));
        assertThat(fx.simulator.tasksCreated()).isEqualTo(1);
    }

    /** A synchronous call leaves no task to look up (see {@link LostSubmitAnswerTest} for the asynchronous ones). */
    @Test
    void aSynchronousCallThatMayHaveGeneratedIsNeverSentTwice() {
        for (Fault fault : List.of(
                Fault.DROP_AFTER_PROCESSING,
                Fault.DROP_CONNECTION,
                Fault.UNAVAILABLE_NO_ENVELOPE,
                Fault.MALFORMED_JSON,
                Fault.TRUNCATED_BODY)) {
            fx.close();
            fx = new SimulatorFixture();
            fx.simulator.faults().inject(RequestKind.SUBMIT, fault, 1);
            DashScopeException e = failure(GenerationRequest.builder()
                    .model("qwen-image-2.0")
                    .prompt("x")
                    .build());
            assertThat(e.kind()).as(fault.name()).isIn(ErrorKind.NETWORK, ErrorKind.PROTOCOL, ErrorKind.SERVER);
            assertThat(fx.simulator.count(RequestKind.SUBMIT)).as(fault.name()).isEqualTo(1);
        }
        assertThat(fx.simulator.tasksCreated()).isLessThanOrEqualTo(1);
    }

    @Test
    void quotaExhaustionAndAuthenticationAreNotRetried() {
        fx.simulator.faults().inject(RequestKind.SUBMIT, Fault.QUOTA_EXHAUSTED, 1);
        assertThat(failure(wanx("x", 1)).kind()).isEqualTo(ErrorKind.QUOTA_EXHAUSTED);
        assertThat(fx.simulator.count(RequestKind.SUBMIT)).isEqualTo(1);

        GenerationEngine engine = fx.engine();
        Generation g = engine.generate(
                io.jenkins.plugins.dashscope.core.client.ApiKey.of("sk-not-known"),
                engine.prepare(wanx("x", 1), dir),
                new Output(dir.resolve("o"), "image"),
                fx.clock.instant().plusSeconds(60),
                e -> {});
        assertThat(g.result())
                .failsWithin(Eventually.PATIENCE)
                .withThrowableThat()
                .havingCause()
                .isInstanceOfSatisfying(
                        DashScopeException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION));
        assertThat(fx.simulator.count(RequestKind.SUBMIT)).isEqualTo(2);
    }

    @Test
    void partialFailuresAreReportedNotDropped() throws Exception {
        GenerationResult result = run(wanx("simulate:partial", 3));
        assertThat(result.images()).extracting(i -> i.index()).containsExactly(1, 2);
        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.index()).isEqualTo(3);
            assertThat(f.code()).isEqualTo("InternalError.Timeout");
        });
        assertThat(result.partial()).isTrue();
        assertThat(result.manifest().failures()).hasSize(1);
        assertThat(events).anyMatch(e -> e instanceof GenerationEvent.ImageFailed);
    }

    @Test
    void failedTasksAndModerationAreTypedAndStillLeaveAManifest() throws Exception {
        DashScopeException failed = failure(wanx("simulate:fail", 1));
        assertThat(failed.kind()).isEqualTo(ErrorKind.TASK_FAILED);
        assertThat(failed.code()).isEqualTo("InternalError.Algo");
        Manifest m = new ManifestStore().read(dir.resolve("out/manifest.json"));
        assertThat(m.status()).isEqualTo("FAILED");
        assertThat(m.images()).isEmpty();

        assertThat(failure(wanx("simulate:moderation", 1)).kind()).isEqualTo(ErrorKind.MODERATION);
        DashScopeException output = failure(wanx("simulate:output-moderation", 2));
        assertThat(output.kind()).isEqualTo(ErrorKind.MODERATION);
        assertThat(output.getMessage()).contains("no image succeeded");
    }

    @Test
    void resumesAnExistingTaskWithoutSubmittingAgain() throws Exception {
        var body = Json.newMapper().createObjectNode();
        body.put("model", "wanx-v1");
        body.putObject("input").put("prompt", "before the restart");
        var created = fx.client()
                .create(fx.key, ApiFamily.TEXT2IMAGE, body, false, null)
                .get();
        SubmittedTask persisted = new SubmittedTask(
                created.taskId(),
                created.requestId(),
                "wanx-v1",
                "text2image",
                1,
                System.currentTimeMillis(),
                "{\"prompt\":\"before the restart\"}");
        // a fresh engine, as after a controller restart
        try (GenerationEngine engine = fx.newEngine(fx.engineSettings())) {
            GenerationResult result = engine.resume(
                            fx.key,
                            persisted,
                            new Output(dir.resolve("resumed"), "asset"),
                            fx.clock.instant().plusSeconds(20),
                            events::add)
                    .result()
                    .get(60, TimeUnit.SECONDS);
            assertThat(result.images())
                    .singleElement()
                    .satisfies(
                            i -> assertThat(i.file().getFileName().toString()).isEqualTo("asset-1.png"));
            assertThat(result.manifest().taskId()).isEqualTo(created.taskId());
            assertThat(result.manifest().request().prompt()).isEqualTo("before the restart");
        }
        assertThat(fx.simulator.count(RequestKind.SUBMIT)).isEqualTo(1);
    }

    @Test
    void theSubmittedEventCarriesWhatAHostPersists() throws Exception {
        run(wanx("persist me", 1));
        SubmittedTask t = events.stream()
                .filter(e -> e instanceof GenerationEvent.Submitted)
                .map(e -> ((GenerationEvent.Submitted) e).task())
                .findFirst()
                .orElseThrow();
        assertThat(t.taskId()).isNotBlank();
        assertThat(t.model()).isEqualTo("wanx-v1");
        JsonNode request = Json.newMapper().readTree(t.requestJson());
        assertThat(request.path("prompt").asText()).isEqualTo("persist me");
    }

    @Test
    void cancellingWhileQueuedLocallySubmitsNothing() throws Exception {
        fx.close();
        fx = new SimulatorFixture(s -> s.withServiceTime(i -> Duration.ofSeconds(5)), e -> e);
        Generation first = start(wanx("first", 1), "a");
        Generation second = start(wanx("second", 1), "b");
        // a task, not a submit request: a first submit may meet a 429 and still be on its way when we cancel
        Eventually.holds(() -> assertThat(fx.simulator.tasksCreated()).isPositive());
        second.cancel();
        assertThat(second.result()).failsWithin(Eventually.PATIENCE);
        first.cancel();
        first.settled().get(30, TimeUnit.SECONDS); // all the stop does (a PENDING task's cancel) is done
        // tasks, not submit requests: under load the first submit may meet a 429 and be sent again
        assertThat(fx.simulator.tasksCreated()).isEqualTo(1);
    }

    /**
     * Hardening finding 4: once the task had succeeded, the deadline no longer applied, so a result host that
     * stalled held the generation for the download cap and its retries (a CLI with --timeout 5s ran 150 s). The
     * deadline now ends the delivery too, a stall past it is not retried, and the failure names the result URLs.
     */
    @Test
    void theDeadlineBoundsTheDeliveryAndTheFailureKeepsTheResultUrls() throws Exception {
        fx.simulator.faults().inject(RequestKind.DOWNLOAD, Fault.HANG, 5); // until the fixture closes
        Generation g = fx.generate(wanx("stalled delivery", 1), dir, "o", Duration.ofSeconds(3), e -> {});

        DashScopeException e = failureOf(g);

        assertThat(e.kind()).isIn(ErrorKind.TIMEOUT, ErrorKind.TASK_FAILED);
        assertThat(e.getMessage())
                .contains("deadline")
                .contains("the images stay downloadable for 24 hours")
                .contains(fx.simulator.baseUrl().getHost());
        assertThat(fx.simulator.count(RequestKind.DOWNLOAD)).isEqualTo(1); // a stall past the deadline: not again
        Eventually.holds(() -> assertThat(partFiles(dir.resolve("o"))).isEmpty());
    }

    /** Hardening finding 4: cancelling (an abort, a signal) during delivery stops the downloads at once. */
    @Test
    void cancellingDuringDeliveryStopsTheDownloads() throws Exception {
        fx.simulator.faults().inject(RequestKind.DOWNLOAD, Fault.HANG, 5);
        Generation g = fx.generate(wanx("aborted delivery", 1), dir, "o", Duration.ofSeconds(60), e -> {});
        Eventually.holds(
                () -> assertThat(fx.simulator.count(RequestKind.DOWNLOAD)).isPositive());

        g.cancel();

        DashScopeException e = failureOf(g);
        assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED);
        assertThat(e.getMessage()).contains("the images stay downloadable for 24 hours");
        assertThat(fx.simulator.count(RequestKind.DOWNLOAD)).isEqualTo(1);
        Eventually.holds(() -> assertThat(partFiles(dir.resolve("o"))).isEmpty());
    }

    private static DashScopeException failureOf(Generation g) {
        return Eventually.failure(g.result());
    }

    private static List<Path> partFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".")).toList();
        }
    }

    @Test
    void theDeadlineCoversSubmitAndWait() {
        fx.close();
        fx = new SimulatorFixture(s -> s.withServiceTime(i -> Duration.ofSeconds(5)), e -> e);
        Generation g = fx.generate(wanx("slow", 1), dir, "o", Duration.ofMillis(300), e -> {});
        assertThat(g.result())
                .failsWithin(Eventually.PATIENCE)
                .withThrowableThat()
                .havingCause()
                .isInstanceOfSatisfying(
                        DashScopeException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));
    }

    @Test
    void localInputsAreInspectedAndUploaded() throws Exception {
        io.jenkins.plugins.dashscope.core.testing.TestImages.write(dir, "base.jpg", "jpg", 640, 480);
        io.jenkins.plugins.dashscope.core.testing.TestImages.write(dir, "mask.png", "png", 640, 480);
        GenerationResult result = run(GenerationRequest.builder()
                .model("wanx-x-painting")
                .prompt("glasses")
                .baseImage("base.jpg")
                .maskImage("mask.png")
                .maskColor(List.of(List.of(255, 255, 255)))
                .build());
        assertThat(result.images()).hasSize(1);
        assertThat(result.manifest().request().inputs())
                .extracting(Manifest.InputRecord::file)
                .containsExactly("base.jpg", "mask.png");
        assertThat(result.manifest().request().inputs())
                .allSatisfy(i -> assertThat(i.sha256()).hasSize(64));
        assertThat(fx.simulator.uploadedObjects()).hasSize(2);
        assertThat(events)
                .filteredOn(e -> e instanceof GenerationEvent.Uploaded)
                .hasSize(2);
    }
}
