package io.jenkins.plugins.dashscope.core.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dashscope.core.client.HttpTransport;
import io.jenkins.plugins.dashscope.core.client.ResultItem;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.ErrorKind;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.image.ImageFormat;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.simulator.Fault;
import io.jenkins.plugins.dashscope.core.simulator.RequestKind;
import io.jenkins.plugins.dashscope.core.testing.Eventually;
import io.jenkins.plugins.dashscope.core.testing.SimulatorFixture;
import io.jenkins.plugins.dashscope.core.wait.RetrySettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class ImageDownloaderTest {

    private SimulatorFixture fx = new SimulatorFixture();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        fx.close();
    }

    private GenerationResult generate(UnaryOperator<String> rewrite, int n) throws Exception {
        return generate(rewrite, n, "out");
    }

    private GenerationResult generate(UnaryOperator<String> rewrite, int n, String out) throws Exception {
        fx.simulator.rewriteResultUrls(rewrite);
        return fx.generate(
                        GenerationRequest.builder().prompt("p").n(n).build(), dir, out, Duration.ofSeconds(20), e -> {})
                .result()
                .handle((r, t) -> r)
                .get(60, TimeUnit.SECONDS);
    }

    private DownloadReport download(List<ResultItem> items, DownloadPolicy policy) throws Exception {
        try (HttpTransport transport = new HttpTransport(fx.engineSettings().http())) {
            ImageDownloader d = new ImageDownloader(
                    transport,
                    policy,
                    fx.retrier,
                    RetrySettings.defaults().scaled(SimulatorFixture.TIME_SCALE),
                    () -> 0.5,
                    fx.worker);
            return d.downloadAll(items, dir.resolve("out"), "image", s -> {}).get(60, TimeUnit.SECONDS);
        }
    }

    private String realUrl() throws Exception {
        List<String> urls = new java.util.concurrent.CopyOnWriteArrayList<>();
        generate(
                u -> {
                    urls.add(u);
                    return u;
                },
                1,
                "setup");
        return urls.get(0);
    }

    private void assertNoFilesBut(String... names) throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("out"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(names);
        }
    }

    @Test
    void refusesOtherHostsPlainHttpAndForeignRedirects() throws Exception {
        String url = realUrl();
        String foreignRedirect = fx.simulator.redirectUrl("https://evil.example.com/x.png");
        List<ResultItem> items = List.of(
                new ResultItem(1, "https://evil.example.com/steal.png", null, null, null),
                new ResultItem(2, "http://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/a.png", null, null, null),
                new ResultItem(3, foreignRedirect, null, null, null),
                new ResultItem(4, "file:///etc/passwd", null, null, null),
                new ResultItem(5, fx.simulator.redirectUrl(url), null, null, null)); // same host: followed
        DownloadReport report = download(items, DownloadPolicy.forEndpoint(fx.simulator.baseUrl()));
        assertThat(report.failures()).extracting(ImageFailure::index).containsExactly(1, 2, 3, 4);
        assertThat(report.failures()).allSatisfy(f -> assertThat(f.code()).isEqualTo("DownloadRefused"));
        assertThat(report.failures().get(2).message()).contains("another host");
        assertThat(report.images())
                .singleElement()
                .satisfies(i -> assertThat(i.index()).isEqualTo(5));
        assertNoFilesBut("image-5.png");
    }

    @Test
    void namesNeverComeFromTheServer() throws Exception {
        GenerationResult r = generate(u -> u.replace("/1.png", "/1.png/../../../../evil.sh"), 1);
        // the hostile path does not resolve on the simulator; whatever happens, no file is named after it
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("evil"));
        }
        String real = realUrl();
        DownloadReport ok = download(
                List.of(new ResultItem(1, real + "&name=../../x.sh", null, null, null)),
                DownloadPolicy.forEndpoint(fx.simulator.baseUrl()));
        assertThat(ok.images())
                .singleElement()
                .satisfies(i -> assertThat(i.file()).isEqualTo(dir.resolve("out/image-1.png")));
        assertThat(r).isNull();
    }

    @Test
    void oversizedImagesAreStoppedAndLeaveNothing() throws Exception {
        String url = realUrl();
        DownloadReport report = download(
                List.of(new ResultItem(1, url, null, null, null)),
                DownloadPolicy.forEndpoint(fx.simulator.baseUrl()).withMaxBytes(1024));
        assertThat(report.failures())
                .singleElement()
                .satisfies(f -> assertThat(f.code()).isEqualTo("ImageTooLarge"));
        assertNoFilesBut();
    }

    /** Finding 11: a damaged image is refused once, not retried, and leaves no hidden part file. */
    @Test
    void aDamagedImageIsRefusedWithoutRetriesAndLeavesNothing() throws Exception {
        URI gif = fx.simulator.publish(
                "stub.gif",
                "GIF89a\u0000\u0002\u0000\u0002\u0000\u0000\u0000\u0000"
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        int before = fx.simulator.count(RequestKind.DOWNLOAD);

        DownloadReport report = download(
                List.of(new ResultItem(1, gif.toString(), null, null, null)),
                DownloadPolicy.forEndpoint(fx.simulator.baseUrl()));

        assertThat(report.images()).isEmpty();
        assertThat(report.failures())
                .singleElement()
                .satisfies(f -> assertThat(f.code()).isEqualTo("NotAnImage"));
        assertThat(fx.simulator.count(RequestKind.DOWNLOAD) - before).isEqualTo(1);
        assertNoFilesBut();
    }

    @Test
    void expiredUrlsAreReportedAsExpired() throws Exception {
        fx.close();
        fx = new SimulatorFixture(s -> s.withResultUrlTtl(Duration.ZERO), e -> e);
        GenerationResult r = generate(UnaryOperator.identity(), 1);
        assertThat(r).isNull(); // no image succeeded
        String manifest = Files.readString(dir.resolve("out/manifest.json"));
        assertThat(manifest).contains("ResultExpired");
    }

    @Test
    void downloadsCutShortAreRetriedAndNeverLeftHalfWritten() throws Exception {
        // the fixture's response timeout is one no loaded host reaches: only the three faults below cause retries
        fx.simulator
                .faults()
                .inject(RequestKind.DOWNLOAD, Fault.TRUNCATED_BODY, 1)
                .inject(RequestKind.DOWNLOAD, Fault.DROP_CONNECTION, 1)
                .inject(RequestKind.DOWNLOAD, Fault.SERVER_ERROR, 1);
        GenerationResult r = generate(UnaryOperator.identity(), 1);
        assertThat(r.images()).hasSize(1);
        assertThat(fx.simulator.count(RequestKind.DOWNLOAD)).isEqualTo(4);
        assertThat(javax.imageio.ImageIO.read(r.images().get(0).file().toFile()))
                .isNotNull();
        assertNoFilesBut("image-1.png", "manifest.json");
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "sets POSIX permissions")
    void anUnwritableOutputFolderFailsClearly() throws Exception {
        Path locked = dir.resolve("locked");
        Files.createDirectories(locked);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try (HttpTransport transport = new HttpTransport(fx.engineSettings().http())) {
            ImageDownloader d = new ImageDownloader(
                    transport,
                    DownloadPolicy.forEndpoint(URI.create("http://127.0.0.1/api/v1")),
                    fx.retrier,
                    RetrySettings.defaults(),
                    () -> 0.5,
                    fx.worker);
            var f = d.downloadAll(List.of(), locked.resolve("sub"), "image", s -> {});
            if (!"root".equals(System.getProperty("user.name"))) {
                assertThat(f)
                        .failsWithin(Eventually.PATIENCE)
                        .withThrowableThat()
                        .havingCause()
                        .isInstanceOfSatisfying(DashScopeException.class, e -> {
                            assertThat(e.kind()).isEqualTo(ErrorKind.DOWNLOAD);
                            assertThat(e.code()).isEqualTo("OutputNotWritable");
                        });
            }
        }
        // A path through a regular file cannot be created by anyone, root included.
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        try (HttpTransport transport = new HttpTransport(fx.engineSettings().http())) {
            ImageDownloader d = new ImageDownloader(
                    transport,
                    DownloadPolicy.forEndpoint(URI.create("http://127.0.0.1/api/v1")),
                    fx.retrier,
                    RetrySettings.defaults(),
                    () -> 0.5,
                    fx.worker);
            assertThat(d.downloadAll(List.of(), file.resolve("sub"), "image", s -> {}))
                    .failsWithin(Eventually.PATIENCE)
                    .withThrowableThat()
                    .havingCause()
                    .isInstanceOfSatisfying(
                            DashScopeException.class, e -> assertThat(e.code()).isEqualTo("OutputNotWritable"));
        }
    }

    @Test
    void policyRules() {
        DownloadPolicy p = DownloadPolicy.forEndpoint(URI.create("https://dashscope.aliyuncs.com/api/v1"))
                .withExtraHosts(List.of("*.cdn.example.com"));
        assertThat(p.refusal(URI.create("https://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/1/a.png?Expires=1")))
                .isEmpty();
        assertThat(p.refusal(URI.create("https://dashscope-result-intl.oss-cn-singapore.aliyuncs.com/a.png")))
                .isEmpty();
        assertThat(p.refusal(URI.create("https://img.cdn.example.com/a.png"))).isEmpty();
        assertThat(p.refusal(URI.create("https://dashscope.aliyuncs.com/a.png")))
                .isEmpty();
        assertThat(p.refusal(URI.create("http://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/a.png")))
                .isPresent();
        assertThat(p.refusal(URI.create("https://dashscope-result-bj.evil.com/a.png")))
                .isPresent();
        assertThat(p.refusal(URI.create("https://aliyuncs.com.evil.com/a.png"))).isPresent();
        assertThat(p.refusal(URI.create("https://user@dashscope-result-bj.oss-cn-beijing.aliyuncs.com/a.png")))
                .isPresent();
        assertThat(p.refusal(URI.create("ftp://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/a.png")))
                .isPresent();
    }

    @Test
    void outputNamesAreChecked() {
        assertThat(OutputNames.checkPrefix("poster_v2.final")).isEqualTo("poster_v2.final");
        for (String bad : List.of("../x", "a/b", ".hidden", "", "a..b", "x\\y", "name ", "a".repeat(65), "con:x")) {
            assertThatThrownBy(() -> OutputNames.checkPrefix(bad)).as(bad).hasMessageStartingWith("name: ");
        }
        Path ws = Path.of("/ws");
        assertThat(OutputNames.resolveWithin(ws, "generated-images")).isEqualTo(Path.of("/ws/generated-images"));
        assertThatThrownBy(() -> OutputNames.resolveWithin(ws, "../outside")).hasMessageStartingWith("outputDir: ");
        assertThatThrownBy(() -> OutputNames.resolveWithin(ws, "/etc")).hasMessageStartingWith("outputDir: ");
    }

    @Test
    void imageTypesAreDetectedFromBytes() {
        assertThat(ImageFormat.detect(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}))
                .contains(ImageFormat.PNG);
        assertThat(ImageFormat.detect(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0}))
                .contains(ImageFormat.JPEG);
        assertThat(ImageFormat.detect("RIFF....WEBPVP8 ".getBytes())).contains(ImageFormat.WEBP);
        assertThat(ImageFormat.detect("<html>".getBytes())).isEmpty();
    }
}
