package io.jenkins.plugins.dashscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code kit/try-jenkins} end to end, as a newcomer runs it: Jenkins comes up with the demo build finished and
 * its gallery visible, and Ctrl-C (SIGINT) stops everything the command started.
 */
@Order(9)
class TryJenkinsTest {

    @Test
    void oneCommandBringsUpJenkinsWithTheDemoAndCtrlCLeavesNoProcessBehind() throws Exception {
        Path root = Path.of(System.getProperty("e2e.hpi", "../target/dashscope-image.hpi"))
                .toAbsolutePath()
                .getParent()
                .getParent();
        ProcessBuilder pb = new ProcessBuilder(
                        "bash", root.resolve("kit/try-jenkins").toString(), "--port", "0")
                .redirectErrorStream(true);
        pb.environment().remove("DASHSCOPE_API_KEY");
        pb.environment()
                .put(
                        "KIT",
                        Path.of(System.getProperty("e2e.kit", "../../shared/jenkins"))
                                .toAbsolutePath()
                                .toString());
        pb.environment().put("TRY_JENKINS_CLASSPATH", System.getProperty("java.class.path"));
        Process command = pb.start();
        List<String> output = new CopyOnWriteArrayList<>();
        CompletableFuture<URI> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(command.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    output.add(line);
                    if (line.startsWith("READY ")) {
                        ready.complete(URI.create(line.substring("READY ".length())));
                    }
                }
            } catch (Exception e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("ended before READY:\n" + String.join("\n", output)));
        });
        reader.start();
        try {
            URI url = ready.get(5, TimeUnit.MINUTES);
            JenkinsClient visitor = JenkinsClient.anonymous(url);

            JsonNode build =
                    visitor.json("job/" + TryJenkins.PIPELINE + "/1/api/json?tree=result,artifacts[relativePath]");
            assertThat(build.path("result").asText())
                    .isEqualTo("UNSTABLE"); // one icon of the demo fails on purpose, which allowPartial accepts
            assertThat(build.path("artifacts").findValuesAsText("relativePath"))
                    .contains(
                            "assets/banner/banner-1.png",
                            "assets/social-card/card-1.png",
                            "assets/poster-zh/poster-1.png",
                            "previews/hero/hero-2.png",
                            "previews/icons/icon-2.png");
            assertThat(visitor.get("job/" + TryJenkins.PIPELINE + "/1/").body())
                    .contains("dashscope-gallery", "artifact/assets/banner/banner-1.png", "InternalError.Timeout");
            assertThat(visitor.get("job/" + TryJenkins.FREESTYLE + "/").statusCode())
                    .isEqualTo(200);
            assertThat(String.join("\n", output)).contains("demo release pipeline, build #1 UNSTABLE", "Press Ctrl-C");
            if (Chromium.executable() != null) { // the picture the README shows; the suite's other pictures need it too
                try (Chromium browser =
                        new Chromium(Chromium.executable(), root.resolve("target/try-jenkins/chromium"), null)) {
                    browser.open(url.resolve("job/" + TryJenkins.PIPELINE + "/1/"), 1280);
                    // thumbnails load lazily: those below the fold would never complete
                    browser.eval(
                            "document.querySelectorAll('.dashscope-gallery img').forEach(i => i.loading = 'eager')");
                    browser.waitFor(
                            "[...document.querySelectorAll('.dashscope-gallery img')].every(i => i.complete)",
                            java.time.Duration.ofSeconds(20));
                    Screenshots.save(Screenshots.folder(), "try-jenkins-demo.png", browser.screenshot(null));
                }
            }
        } finally {
            List<ProcessHandle> started = command.descendants().toList();
            new ProcessBuilder("kill", "-INT", Long.toString(command.pid()))
                    .start()
                    .waitFor();
            boolean ended = command.waitFor(2, TimeUnit.MINUTES);
            reader.join(10_000);
            assertThat(ended).as("the command ended after Ctrl-C").isTrue();
            assertThat(started)
                    .as("processes it started (Jenkins, the simulator)")
                    .hasSizeGreaterThanOrEqualTo(2);
            for (ProcessHandle p : started) {
                p.onExit().get(30, TimeUnit.SECONDS);
            }
            assertThat(started).noneMatch(ProcessHandle::isAlive);
            assertThat(output).contains("Stopped.");
        }
    }
}
