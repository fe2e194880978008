package io.jenkins.plugins.dashscope.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dashscope.core.catalog.ApiFamily;
import io.jenkins.plugins.dashscope.core.catalog.ModelCatalog;
import io.jenkins.plugins.dashscope.core.catalog.ModelOption;
import io.jenkins.plugins.dashscope.core.catalog.ModelSpec;
import io.jenkins.plugins.dashscope.core.client.Endpoint;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.ErrorKind;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.generation.Generation;
import io.jenkins.plugins.dashscope.core.generation.GenerationEngine;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.generation.Output;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.request.RequestBuilder;
import io.jenkins.plugins.dashscope.core.simulator.Fault;
import io.jenkins.plugins.dashscope.core.simulator.RequestKind;
import io.jenkins.plugins.dashscope.core.testing.SimulatorFixture;
import io.jenkins.plugins.dashscope.core.testing.TestImages;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault, bad-input and security suite (docs/reliability.md states its coverage). Everything it
 * produces, files, manifests, event lines, exception messages and stack traces, is kept under one
 * folder, and the last test searches all of it for the API key.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Execution(ExecutionMode.SAME_THREAD)
class ReliabilitySuiteTest {

    /** Outlives the test methods (not a @TempDir) so the final check sees every case's output. */
    private static final Path EVIDENCE = evidenceRoot();

    private static Path evidenceRoot() {
        try {
            return Files.createTempDirectory("dashscope-reliability");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the families ------------------------------------------------------------------------------

    enum Family {
        TEXT2IMAGE(
                ApiFamily.TEXT2IMAGE,
                GenerationRequest.builder()
                        .model("wanx-v1")
                        .prompt("a lighthouse")
                        .n(1)),
        IMAGE2IMAGE(
                ApiFamily.IMAGE2IMAGE,
                GenerationRequest.builder()
                        .model("wanx2.1-imageedit")
                        .prompt("make it snow")
                        .function("stylization_all")
                        .baseImage("https://example.com/base.png")
                        .n(1)),
        IMAGE_GENERATION(
                ApiFamily.IMAGE_GENERATION,
                GenerationRequest.builder()
                        .model("wan2.6-t2i")
                        .prompt("a poster")
                        .n(1)),
        MULTIMODAL_GENERATION(
                ApiFamily.MULTIMODAL_GENERATION,
                GenerationRequest.builder()
                        .model("qwen-image")
                        .api(ApiFamily.MULTIMODAL_GENERATION.id())
                        .prompt("一张海报")
                        .n(1)),
        /** One image at output.output_image_url, no prompt. */
        OUT_PAINTING(
                ApiFamily.OUT_PAINTING,
                GenerationRequest.builder()
                        .model("image-out-painting")
                        .baseImage("https://example.com/photo.png")
                        .set(io.jenkins.plugins.dashscope.core.request.RequestOption.OUTPUT_RATIO, "16:9")),
        BACKGROUND_GENERATION(
                ApiFamily.BACKGROUND_GENERATION,
                GenerationRequest.builder()
                        .model("wanx-background-generation-v2")
                        .baseImage("https://example.com/product.png")
                        .prompt("a marble counter")
                        .n(1)),
        /** One image at output.image_url, no prompt. */
        IMAGE_TRANSLATION(
                ApiFamily.IMAGE2IMAGE,
                GenerationRequest.builder()
                        .model("qwen-mt-image")
                        .baseImage("https://example.com/poster.png")
                        .set(io.jenkins.plugins.dashscope.core.request.RequestOption.TARGET_LANG, "en"));

        final ApiFamily api;
        final GenerationRequest request;

        Family(ApiFamily api, RequestBuilder request) {
            this.api = api;
            this.request = request.build();
        }
    }

    /**
     * What a case must end in: images saved, or this kind of error. A submit whose answer was lost is looked up in
     * the task list where there is one (asynchronous families): those end in images from exactly one task.
     */
    record Expect(ErrorKind error, int maxTasks, boolean lookedUpWhenAsync) {
        static Expect success() {
            return new Expect(null, 1, false);
        }

        static Expect failure(ErrorKind kind, int maxTasks) {
            return new Expect(kind, maxTasks, false);
        }

        /** Images from one task when the family is asynchronous, else this failure. */
        static Expect lookedUp(ErrorKind syncFailure) {
            return new Expect(syncFailure, 1, true);
        }

        Expect forFamily(ApiFamily api) {
            return lookedUpWhenAsync && api.isAsync() ? success() : this;
        }
    }

    record Case(RequestKind phase, Fault fault, int times, Expect expect) {
        @Override
        public String toString() {
            return phase + " " + fault + " x" + times;
        }
    }

    private static final List<Case> SUBMIT_FAULTS = List.of(
            new Case(RequestKind.SUBMIT, Fault.SERVER_ERROR, 2, Expect.success()),
            new Case(RequestKind.SUBMIT, Fault.SERVER_ERROR_AFTER_PROCESSING, 1, Expect.lookedUp(ErrorKind.SERVER)),
            new Case(RequestKind.SUBMIT, Fault.THROTTLED, 3, Expect.success()),
            new Case(RequestKind.SUBMIT, Fault.QUOTA_EXHAUSTED, 1, Expect.failure(ErrorKind.QUOTA_EXHAUSTED, 0)),
            new Case(RequestKind.SUBMIT, Fault.UNAVAILABLE_NO_ENVELOPE, 1, Expect.lookedUp(ErrorKind.SERVER)),
            new Case(RequestKind.SUBMIT, Fault.DROP_CONNECTION, 1, Expect.lookedUp(ErrorKind.NETWORK)),
            new Case(RequestKind.SUBMIT, Fault.DROP_AFTER_PROCESSING, 1, Expect.lookedUp(ErrorKind.NETWORK)),
            new Case(RequestKind.SUBMIT, Fault.TRUNCATED_BODY, 1, Expect.lookedUp(ErrorKind.NETWORK)),
            new Case(RequestKind.SUBMIT, Fault.MALFORMED_JSON, 1, Expect.failure(ErrorKind.PROTOCOL, 1)),
            // a synchronous call waits for its whole generation, so the generation's deadline ends it
            new Case(RequestKind.SUBMIT, Fault.HANG, 1, Expect.lookedUp(ErrorKind.TIMEOUT)));

    private static final List<Case> QUERY_FAULTS = List.of(
            new Case(RequestKind.QUERY, Fault.SERVER_ERROR, 3, Expect.success()),
            new Case(RequestKind.QUERY, Fault.UNAVAILABLE_NO_ENVELOPE, 3, Expect.success()),
            new Case(RequestKind.QUERY, Fault.THROTTLED, 3, Expect.success()),
            new Case(RequestKind.QUERY, Fault.DROP_CONNECTION, 2, Expect.success()),
            new Case(RequestKind.QUERY, Fault.TRUNCATED_BODY, 2, Expect.success()),
            new Case(RequestKind.QUERY, Fault.MALFORMED_JSON, 2, Expect.success()),
            new Case(RequestKind.QUERY, Fault.HANG, 1, Expect.success()),
            new Case(RequestKind.QUERY, Fault.UNKNOWN_STATUS, 1, Expect.success()),
            new Case(RequestKind.QUERY, Fault.UNKNOWN_STATUS, 2, Expect.failure(ErrorKind.TASK_UNKNOWN, 1)));

    private static final List<Case> DOWNLOAD_FAULTS = List.of(
            new Case(RequestKind.DOWNLOAD, Fault.TRUNCATED_BODY, 1, Expect.success()),
            new Case(RequestKind.DOWNLOAD, Fault.DROP_CONNECTION, 1, Expect.success()),
            new Case(RequestKind.DOWNLOAD, Fault.SERVER_ERROR, 2, Expect.success()),
            new Case(RequestKind.DOWNLOAD, Fault.HANG, 1, Expect.success()));

    static Stream<Arguments> faults() {
        List<Arguments> all = new ArrayList<>();
        for (Family f : Family.values()) {
            for (Case c : SUBMIT_FAULTS) {
                // a task created and then failed: a synchronous call creates no task that could run on
                if (f.api.isAsync() || c.fault() != Fault.SERVER_ERROR_AFTER_PROCESSING) {
                    all.add(Arguments.of(f, c));
                }
            }
            if (f.api.isAsync()) { // a synchronous family has no task to query
                for (Case c : QUERY_FAULTS) {
                    all.add(Arguments.of(f, c));
                }
            }
            for (Case c : DOWNLOAD_FAULTS) {
                all.add(Arguments.of(f, c));
            }
        }
        return all.stream();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("faults")
    void aFaultEndsInSuccessOrItsTypedErrorWithNothingLostOrDuplicated(Family family, Case c) throws Exception {
        Path out = caseFolder(family + "-" + c);
        try (SimulatorFixture fx = new SimulatorFixture(
                UnaryOperator.identity(),
                c.fault() == Fault.HANG ? SimulatorFixture::timingOutOnHangs : UnaryOperator.identity())) {
            fx.simulator.faults().inject(c.phase(), c.fault(), c.times());
            Outcome o = run(fx, family.request, out);
            Expect expect = c.expect().forFamily(family.api);

            if (expect.error() == null) {
                assertThat(o.failure).as("outcome").isNull();
                assertCompleteImages(out, o.result);
            } else {
                assertThat(o.failure).as("outcome").isNotNull();
                assertThat(o.failure.kind()).isEqualTo(expect.error());
            }
            assertThat(fx.simulator.tasksCreated())
                    .as("tasks created: never a duplicate submit")
                    .isLessThanOrEqualTo(expect.maxTasks());
            assertNoPartialFiles(out);
        }
    }

    static Stream<Family> families() {
        return Stream.of(Family.values());
    }

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void anExpiredResultUrlIsReportedAndRecorded(Family family) throws Exception {
        Path out = caseFolder(family + "-expired-url");
        try (SimulatorFixture fx =
                new SimulatorFixture(s -> s.withResultUrlTtl(Duration.ZERO), UnaryOperator.identity())) {
            Outcome o = run(fx, family.request, out);
            assertThat(o.failure.kind()).isEqualTo(ErrorKind.TASK_FAILED);
            Manifest m = new ManifestStore().read(out.resolve(ManifestStore.FILE_NAME));
            assertThat(m.images()).isEmpty();
            assertThat(m.failures()).extracting(Manifest.FailureRecord::code).containsOnly("ResultExpired");
            assertNoPartialFiles(out);
        }
    }

    @Order(3)
    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void anUnwritableOutputFolderIsRefusedBeforeAnythingIsPaidFor(Family family) throws Exception {
        Path caseDir = caseFolder(family + "-unwritable");
        // A path under a regular file cannot be created, by root either: as good as a full or read-only disk.
        Path blocker = Files.writeString(caseDir.resolve("blocker"), "not a folder");
        try (SimulatorFixture fx = new SimulatorFixture()) {
            Outcome o = run(fx, family.request, blocker.resolve("out"), caseDir.resolve("run.log"));
            assertThat(o.invalid).isNotNull();
            assertThat(o.invalid.field()).isEqualTo("outputDir");
            assertThat(fx.simulator.totalRequests()).isZero();
        }
    }

    // ---- bad input ---------------------------------------------------------------------------------

    /** Five ways to break each catalog model's rules, each naming its field. */
    static Stream<Arguments> badInputs() {
        List<Arguments> all = new ArrayList<>();
        for (ModelSpec m : ModelCatalog.builtIn().all()) {
            GenerationRequest valid = validFor(m);
            if (!(m.supports(ModelOption.SIZE)
                    && m.sizeRule()
                            .violation(new io.jenkins.plugins.dashscope.core.catalog.ImageSize(1, 1))
                            .isEmpty())) {
                // a model whose sizes no document gives takes any W*H here: the server judges
                all.add(Arguments.of(
                        m.name() + ": size 1*1", valid.toBuilder().size("1*1").build(), "size"));
            }
            all.add(Arguments.of(
                    m.name() + ": n " + (m.maxImages() + 1),
                    valid.toBuilder().n(m.maxImages() + 1).build(),
                    "n"));
            all.add(Arguments.of(
                    m.name() + ": seed -1", valid.toBuilder().seed(-1L).build(), "seed"));
            if (m.maxPromptChars() > 0) { // 0: no limit known, the server judges
                all.add(Arguments.of(
                        m.name() + ": prompt too long",
                        valid.toBuilder()
                                .prompt("长".repeat(m.maxPromptChars() + 1))
                                .build(),
                        "prompt"));
            }
            all.add(Arguments.of(
                    m.name() + ": unknown style",
                    valid.toBuilder().style("<not-a-style>").build(),
                    "style"));
            all.add(Arguments.of(
                    m.name() + ": unknown refMode",
                    valid.toBuilder().refMode("sideways").build(),
                    "refMode"));
        }
        all.add(Arguments.of(
                "mask without base",
                GenerationRequest.builder()
                        .model("wanx-x-painting")
                        .prompt("p")
                        .maskImage("https://example.com/m.png")
                        .build(),
                "baseImage"));
        all.add(Arguments.of(
                "empty prompt", GenerationRequest.builder().prompt(" ").build(), "prompt"));
        return all.stream();
    }

    private static GenerationRequest validFor(ModelSpec m) {
        RequestBuilder b = GenerationRequest.builder()
                .model(m.name())
                .prompt(
                        m.wire().prompt() == io.jenkins.plugins.dashscope.core.catalog.ModelWire.PromptUse.NONE
                                ? null
                                : "a valid prompt");
        if (m.supports(ModelOption.OUT_PAINTING)) {
            b.set(io.jenkins.plugins.dashscope.core.request.RequestOption.OUTPUT_RATIO, "16:9");
        }
        if (m.required().contains(ModelOption.TRANSLATION)) {
            b.set(io.jenkins.plugins.dashscope.core.request.RequestOption.TARGET_LANG, "en");
        }
        if (m.required().contains(ModelOption.BASE_IMAGE)) {
            b.baseImage("https://example.com/base.png");
        }
        if (m.required().contains(ModelOption.MASK_IMAGE)) {
            b.maskImage("https://example.com/mask.png");
        }
        if (m.required().contains(ModelOption.IMAGES)) {
            b.images(List.of("https://example.com/input.png"));
        }
        if (m.required().contains(ModelOption.SKETCH_IMAGE)) {
            b.sketchImage("https://example.com/sketch.png");
        }
        if (!m.functions().isEmpty()) {
            b.function(m.functions().iterator().next());
        }
        return b.build();
    }

    @Order(4)
    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsRefusedBeforeAnyRequestNamingTheField(String name, GenerationRequest request, String field)
            throws Exception {
        Path out = caseFolder("bad-" + name.replaceAll("[^A-Za-z0-9.-]+", "_"));
        try (SimulatorFixture fx = new SimulatorFixture()) {
            Outcome o = run(fx, request, out);
            assertThat(o.invalid).as("rejected").isNotNull();
            assertThat(o.invalid.field()).isEqualTo(field);
            assertThat(o.invalid.getMessage()).startsWith(field + ":");
            assertThat(fx.simulator.totalRequests()).isZero();
        }
    }

    @Order(5)
    @Test
    void badLocalFilesNamesAndEndpointsAreRefusedBeforeAnyRequest() throws Exception {
        Path ws = caseFolder("bad-local-files");
        TestImages.write(ws, "base.png", "png", 512, 512);
        TestImages.write(ws, "mask-small.png", "png", 256, 256);
        TestImages.write(ws, "tiny.png", "png", 64, 64);
        Files.writeString(ws.resolve("notes.png"), "not an image");
        Files.write(ws.resolve("huge.png"), new byte[11 * 1024 * 1024]);
        GenerationRequest edit = GenerationRequest.builder()
                .model("wanx2.1-imageedit")
                .prompt("p")
                .function("description_edit_with_mask")
                .baseImage("base.png")
                .build();
        List<Object[]> cases = List.of(
                new Object[] {edit.toBuilder().maskImage("mask-small.png").build(), "maskImage"},
                new Object[] {
                    edit.toBuilder()
                            .baseImage("notes.png")
                            .maskImage(null)
                            .function("stylization_all")
                            .build(),
                    "baseImage"
                },
                new Object[] {
                    edit.toBuilder()
                            .baseImage("huge.png")
                            .maskImage(null)
                            .function("stylization_all")
                            .build(),
                    "baseImage"
                },
                new Object[] {
                    edit.toBuilder()
                            .baseImage("tiny.png")
                            .maskImage(null)
                            .function("stylization_all")
                            .build(),
                    "baseImage"
                },
                new Object[] {
                    edit.toBuilder()
                            .baseImage("missing.png")
                            .maskImage(null)
                            .function("stylization_all")
                            .build(),
                    "baseImage"
                });
        try (SimulatorFixture fx = new SimulatorFixture()) {
            GenerationEngine engine = fx.engine();
            for (Object[] c : cases) {
                InvalidRequestException e = expectInvalid(() -> engine.prepare((GenerationRequest) c[0], ws));
                assertThat(e.field()).isEqualTo(c[1]);
            }
            for (String hostile : List.of("../x", "a/b", ".hidden", "", "x".repeat(80))) {
                assertThat(expectInvalid(() -> new Output(ws, hostile)).field()).isEqualTo("name");
            }
            for (String folder : List.of("../outside", "/etc", "C:\\Windows")) {
                assertThat(expectInvalid(() -> OutputNames.checkFolder(folder)).field())
                        .isEqualTo("outputDir");
            }
            for (String endpoint :
                    List.of("ftp://dashscope.aliyuncs.com/api/v1", "file:///api/v1", "dashscope.aliyuncs.com")) {
                assertThat(expectInvalid(() -> Endpoint.parse(endpoint)).field())
                        .isEqualTo("endpoint");
            }
            assertThat(fx.simulator.totalRequests()).isZero();
        }
    }

    // ---- the single check --------------------------------------------------------------------------

    @Order(Integer.MAX_VALUE)
    @Test
    void theKeyAppearsInNothingTheSuiteProduced() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(EVIDENCE)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertThat(files).as("evidence collected by the suite").hasSizeGreaterThan(100);
        for (Path f : files) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertThat(text)
                    .as(EVIDENCE.relativize(f).toString())
                    .doesNotContain(SimulatorFixture.KEY)
                    .doesNotContain(SimulatorFixture.KEY.substring(3, 20));
        }
        try (Stream<Path> s = Files.walk(EVIDENCE)) { // kept only when the check fails, for inspection
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** How a generation ended; every event line and error is also written to the case's evidence. */
    private static final class Outcome {
        GenerationResult result;
        DashScopeException failure;
        InvalidRequestException invalid;
    }

    private static Outcome run(SimulatorFixture fx, GenerationRequest request, Path out) throws IOException {
        return run(fx, request, out, out.resolveSibling(out.getFileName() + ".log"));
    }

    private static Outcome run(SimulatorFixture fx, GenerationRequest request, Path out, Path log) throws IOException {
        List<String> lines = new CopyOnWriteArrayList<>();
        Outcome o = new Outcome();
        try {
            GenerationEngine engine = fx.engine();
            Generation g = engine.generate(
                    fx.key,
                    engine.prepare(request, out.getParent()),
                    new Output(out, "image"),
                    fx.clock.instant().plusSeconds(30),
                    e -> lines.add(e.describe()));
            o.result = g.result().get(60, TimeUnit.SECONDS);
        } catch (InvalidRequestException e) {
            o.invalid = e;
            lines.add(stackTrace(e));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InvalidRequestException ire) {
                o.invalid = ire;
            } else {
                o.failure = DashScopeException.from(e);
            }
            lines.add(stackTrace(e));
        } catch (Exception e) {
            lines.add(stackTrace(e));
            throw new AssertionError("the generation did not end", e);
        }
        Files.write(log, lines, StandardCharsets.UTF_8);
        return o;
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private static InvalidRequestException expectInvalid(Runnable r) throws IOException {
        try {
            r.run();
        } catch (InvalidRequestException e) {
            Files.writeString(
                    EVIDENCE.resolve("bad-local-" + Math.abs(e.getMessage().hashCode()) + ".log"), stackTrace(e));
            return e;
        }
        throw new AssertionError("not refused");
    }

    private static Path caseFolder(String name) throws IOException {
        return Files.createDirectories(EVIDENCE.resolve(name.replaceAll("[^A-Za-z0-9._-]+", "_")));
    }

    /** Every image the manifest lists is on disk, complete (its SHA-256), and nothing else is there. */
    private static void assertCompleteImages(Path out, GenerationResult result) throws Exception {
        Manifest m = new ManifestStore().read(out.resolve(ManifestStore.FILE_NAME));
        assertThat(m.images()).hasSameSizeAs(result.images()).isNotEmpty();
        for (Manifest.ImageRecord img : m.images()) {
            byte[] bytes = Files.readAllBytes(out.resolve(img.file()));
            assertThat(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
                    .isEqualTo(img.sha256());
        }
    }

    /** No temporary or half-written file is left: only final images and the manifest. */
    private static void assertNoPartialFiles(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return;
        }
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .allMatch(
                            n -> n.equals(ManifestStore.FILE_NAME) || n.matches("image-\\d+\\.(png|jpg|webp|gif|bmp)"));
        }
    }
}
