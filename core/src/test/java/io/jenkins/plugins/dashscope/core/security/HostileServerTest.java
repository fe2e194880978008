package io.jenkins.plugins.dashscope.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.dashscope.core.catalog.ApiFamily;
import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.DashScopeClient;
import io.jenkins.plugins.dashscope.core.client.Endpoint;
import io.jenkins.plugins.dashscope.core.client.HttpSettings;
import io.jenkins.plugins.dashscope.core.client.HttpTransport;
import io.jenkins.plugins.dashscope.core.client.ResultItem;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.ErrorKind;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.download.DownloadPolicy;
import io.jenkins.plugins.dashscope.core.download.ImageDownloader;
import io.jenkins.plugins.dashscope.core.generation.EngineSettings;
import io.jenkins.plugins.dashscope.core.generation.Output;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.testing.Eventually;
import io.jenkins.plugins.dashscope.core.testing.SimulatorFixture;
import io.jenkins.plugins.dashscope.core.testing.TestImages;
import io.jenkins.plugins.dashscope.core.wait.RetrySettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a hostile endpoint can send back, and what the client makes of it. */
class HostileServerTest {

    private static final String KEY = "sk-hostile-test-0123456789abcdef";

    private HttpServer server;
    private HttpTransport transport;

    @AfterEach
    void stop() {
        if (transport != null) {
            transport.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private DashScopeClient serving(HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                handler.handle(ex);
            } catch (IOException e) {
                // the client went away, as it should from an endless answer
            }
        });
        server.start();
        transport = new HttpTransport(HttpSettings.defaults());
        return new DashScopeClient(
                transport,
                new Endpoint(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1")));
    }

    /** A downloader that trusts this test's server, with this deadline per image. */
    private ImageDownloader downloader(SimulatorFixture fx, HttpTransport downloads, Duration maxDuration) {
        DownloadPolicy policy = DownloadPolicy.forEndpoint(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1"))
                .withMaxDuration(maxDuration);
        return new ImageDownloader(
                downloads, policy, fx.retrier, RetrySettings.defaults().scaled(0.01), () -> 0.5, fx.worker);
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    private static DashScopeException failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return (DashScopeException) e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    private static ObjectNode body() {
        ObjectNode b = Json.newMapper().createObjectNode();
        b.put("model", "wanx-v1");
        b.putObject("input").put("prompt", "p");
        return b;
    }

    /** Finding 2: an endless answer is cut at 1 MB and fails as a protocol error, without filling the heap. */
    @Test
    void anEndlessAnswerIsCutAtOneMegabyteAndFailsAsAProtocolError() throws Exception {
        DashScopeClient client = serving(ex -> {
            ex.sendResponseHeaders(200, 0); // chunked, no end announced
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            OutputStream out = ex.getResponseBody();
            for (int i = 0; i < 16 * 1024; i++) { // up to 1 GB, unless the client hangs up first
                out.write(chunk);
            }
        });
        long before = System.nanoTime();

        DashScopeException e = failure(client.query(ApiKey.of(KEY), "task-1"));

        assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL);
        assertThat(e.getMessage()).contains("larger than " + HttpTransport.MAX_ANSWER_BYTES);
        assertThat(System.nanoTime() - before).isLessThan(TimeUnit.SECONDS.toNanos(20));
        assertThat(failure(client.uploadPolicy(ApiKey.of(KEY), "wanx-v1")).kind())
                .isEqualTo(ErrorKind.PROTOCOL);
    }

    /** Finding 6: server text is printed and stored without the key, control characters or forged lines. */
    @Test
    void serverTextLosesTheKeyControlCharactersAndLength() throws Exception {
        String message = "Bad key Bearer " + KEY + " \u001b[31mred\u001b[0m\r\n[dashscope] Saved image 1 to evil.png "
                + "x".repeat(10_000);
        DashScopeClient client = serving(ex -> answer(
                ex,
                400,
                Json.newMapper()
                        .createObjectNode()
                        .put("code", "InvalidParameter")
                        .put("message", message)
                        .put("request_id", "r-" + KEY)
                        .toString()));

        DashScopeException e = failure(client.create(ApiKey.of(KEY), ApiFamily.TEXT2IMAGE, body(), false, null));

        assertThat(e.getMessage())
                .doesNotContain(KEY)
                .contains("Bearer ****")
                .doesNotContain("\u001b", "\r", "\n")
                .hasSizeLessThan(5_000);
        assertThat(e.requestId()).doesNotContain(KEY);
    }

    /** Finding 10: a submit answer whose task id could not be one fails at once, naming the problem. */
    @ParameterizedTest
    @ValueSource(strings = {"\"../../etc/passwd\"", "\"a%2F..%2Fb\"", "\"null\"", "null", "\"\"", "LONG"})
    void aSubmitAnswerWithoutAUsableTaskIdFailsAtOnce(String id) throws Exception {
        String taskId = id.equals("LONG") ? "\"" + "a".repeat(129) + "\"" : id;
        DashScopeClient client = serving(ex -> answer(
                ex,
                200,
                "{\"request_id\":\"r1\",\"output\":{\"task_id\":" + taskId + ",\"task_status\":\"PENDING\"}}"));

        DashScopeException e = failure(client.create(ApiKey.of(KEY), ApiFamily.TEXT2IMAGE, body(), false, null));

        assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL);
        assertThat(e.getMessage()).contains("task id");
        assertThat(e.provablyNotApplied()).isFalse(); // never re-sent: a task may exist
    }

    /** Finding 14: a server listing 50 results for n=1 gets one image saved, not 50 files. */
    @Test
    void noMoreImagesAreSavedThanWereAskedFor(@TempDir Path dir) throws Exception {
        byte[] png = Files.readAllBytes(TestImages.write(dir, "one.png", "png", 300, 300));
        StringBuilder results = new StringBuilder();
        serving(ex -> {
            String path = ex.getRequestURI().getPath();
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            if (path.startsWith("/img/")) {
                ex.getResponseHeaders().set("Content-Type", "image/png");
                ex.sendResponseHeaders(200, png.length);
                ex.getResponseBody().write(png);
            } else if (path.startsWith("/api/v1/services/")) {
                answer(ex, 200, "{\"request_id\":\"r1\",\"output\":{\"task_id\":\"t1\",\"task_status\":\"PENDING\"}}");
            } else {
                synchronized (results) {
                    if (results.length() == 0) {
                        for (int i = 1; i <= 50; i++) {
                            results.append(i == 1 ? "" : ",")
                                    .append("{\"url\":\"")
                                    .append(base)
                                    .append("/img/")
                                    .append(i)
                                    .append(".png\"}");
                        }
                    }
                }
                answer(
                        ex,
                        200,
                        "{\"request_id\":\"r2\",\"output\":{\"task_id\":\"t1\",\"task_status\":\"SUCCEEDED\","
                                + "\"results\":[" + results + "]}}");
            }
        });
        try (SimulatorFixture fx = new SimulatorFixture();
                var engine = fx.newEngine(EngineSettings.defaults(new Endpoint(URI.create(
                                "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1")))
                        .withHttp(fx.engineSettings().http())
                        .withPoll(fx.engineSettings().poll())
                        .withRetry(fx.engineSettings().retry()))) {
            var request = GenerationRequest.builder().prompt("p").n(1).build();

            var result = engine.generate(
                            ApiKey.of(KEY),
                            engine.prepare(request, dir),
                            new Output(dir.resolve("out"), "image"),
                            fx.clock.instant().plusSeconds(20),
                            e -> {})
                    .result()
                    .get(30, TimeUnit.SECONDS);

            assertThat(result.images()).hasSize(1);
            try (var files = Files.list(dir.resolve("out"))) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .containsExactlyInAnyOrder("image-1.png", "manifest.json");
            }
        }
    }

    /** Finding 8: a body trickling in is abandoned at the download deadline and leaves no part file. */
    @Test
    void aTricklingDownloadIsAbandonedAtItsDeadlineAndLeavesNothing(@TempDir Path dir) throws Exception {
        AtomicInteger requests = new AtomicInteger();
        serving(ex -> {
            requests.incrementAndGet();
            ex.getResponseHeaders().set("Content-Type", "image/png");
            ex.sendResponseHeaders(200, 100_000);
            OutputStream out = ex.getResponseBody();
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            for (int i = 0; i < 200; i++) { // one byte every 100 ms: 20 s, unless abandoned
                out.write(0);
                out.flush();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/img/1.png";
        try (SimulatorFixture fx = new SimulatorFixture();
                HttpTransport downloads = HttpTransport.forDownloads(HttpSettings.defaults(), null)) {
            var downloader = downloader(fx, downloads, Duration.ofSeconds(1));
            long started = System.nanoTime();

            var report = downloader
                    .downloadAll(
                            List.of(new ResultItem(1, url, null, null, null)), dir.resolve("out"), "image", saved -> {})
                    .get(15, TimeUnit.SECONDS);

            assertThat(report.failures())
                    .singleElement()
                    .satisfies(f -> assertThat(f.code()).isEqualTo("DownloadTimedOut"));
            // abandoned at its 1 s deadline, long before the 20 s the body would take (room for a busy machine)
            assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(10));
            assertThat(requests.get()).isEqualTo(1);
            // the sink removes its part file as the aborted exchange is released
            Eventually.holds(() -> assertThat(listing(dir.resolve("out"))).isEmpty());
        }
    }

    /** Finding 17: a 404 or 302 without the vendor's error body is not "invalid input"; nor is an undocumented status an expired task. */
    @Test
    void answersOutsideTheApiAreProtocolErrorsNotInvalidInputOrExpiry() throws Exception {
        DashScopeClient client = serving(ex -> {
            if (ex.getRequestURI().getPath().endsWith("/t-odd")) {
                answer(
                        ex,
                        200,
                        "{\"request_id\":\"r\",\"output\":{\"task_id\":\"t-odd\",\"task_status\":\"EXPLODED\"}}");
            } else if (ex.getRequestURI().getPath().endsWith("/t-moved")) {
                ex.getResponseHeaders().set("Location", "https://elsewhere.example.com/");
                ex.sendResponseHeaders(302, -1);
            } else {
                byte[] page = "<html>Not Found</html>".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/html");
                ex.sendResponseHeaders(404, page.length);
                ex.getResponseBody().write(page);
            }
        });

        DashScopeException notFound = failure(client.query(ApiKey.of(KEY), "t-missing"));
        DashScopeException moved = failure(client.query(ApiKey.of(KEY), "t-moved"));
        DashScopeException odd = failure(client.query(ApiKey.of(KEY), "t-odd"));

        assertThat(notFound.kind()).isEqualTo(ErrorKind.PROTOCOL);
        assertThat(moved.kind()).isEqualTo(ErrorKind.PROTOCOL);
        assertThat(odd.kind()).isEqualTo(ErrorKind.PROTOCOL);
        assertThat(odd.getMessage())
                .contains("'EXPLODED' is not a documented status")
                .doesNotContain("expired");
    }

    /** Finding 8: closing the transport (a process shutting down) aborts downloads and removes their part files. */
    @Test
    void closingTheTransportMidDownloadLeavesNoPartFile(@TempDir Path dir) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        serving(ex -> {
            ex.getResponseHeaders().set("Content-Type", "image/png");
            ex.sendResponseHeaders(200, 1_000_000);
            OutputStream out = ex.getResponseBody();
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            out.write(new byte[64 * 1024]);
            out.flush();
            started.countDown();
            try {
                released.await(60, TimeUnit.SECONDS); // the rest does not come before the transport is closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/img/1.png";
        try (SimulatorFixture fx = new SimulatorFixture()) {
            HttpTransport downloads = HttpTransport.forDownloads(HttpSettings.defaults(), null);
            var downloader = downloader(fx, downloads, DownloadPolicy.DEFAULT_MAX_DURATION);
            var report = downloader.downloadAll(
                    List.of(new ResultItem(1, url, null, null, null)), dir.resolve("out"), "image", saved -> {});
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            // the first 64 KB are in the part file
            Eventually.holds(() -> assertThat(listing(dir.resolve("out"))).isNotEmpty());

            downloads.close();

            report.handle((r, t) -> null).get(30, TimeUnit.SECONDS);
            Eventually.holds(() -> assertThat(listing(dir.resolve("out"))).isEmpty());
        } finally {
            released.countDown();
        }
    }

    private static List<Path> listing(Path folder) throws java.io.IOException {
        try (var files = Files.list(folder)) {
            return files.toList();
        }
    }
}
