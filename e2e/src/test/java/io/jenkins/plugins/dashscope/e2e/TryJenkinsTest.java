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
 * {@code kit/try-jenkins} end to end, as a newcomer runs it: Jenkins comes up with the demo build finished and its
 * gallery visible, Ctrl-C (SIGINT) stops everything the command started; a second start keeps the Jenkins home (the
 * demo build is still there, not run again), and SIGTERM stops it as Ctrl-C does.
 */
@Order(9)
class TryJenkinsTest {

    private static final Path ROOT = Path.of(System.getProperty("e2e.hpi", "../target/dashscope-image.hpi"))
            .toAbsolutePath()
            .getParent()
            .getParent();

    @Test
    void oneCommandBringsUpJenkinsWithTheDemoKeepsItsHomeAndStopsOnCtrlCOrSigterm() throws Exception {
        try (Command fresh = Command.start("--port", "0", "--fresh")) {
            URI url = fresh.ready();
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
                    .contains("dashscope-summary", "generated-images/", "artifact/assets/banner/banner-1.png");
            assertThat(visitor.get("job/" + TryJenkins.PIPELINE + "/1/generated-images/")
                            .body())
                    .contains("dashscope-gallery", "artifact/assets/banner/banner-1.png", "InternalError.Timeout");
            assertThat(visitor.get("job/" + TryJenkins.FREESTYLE + "/").statusCode())
                    .isEqualTo(200);
            assertThat(fresh.output()).contains("demo release pipeline, build #1 UNSTABLE", "Press Ctrl-C");
            if (Chromium.executable() != null) { // the picture the README shows; the suite's other pictures need it too
                Path profile = ROOT.resolve("target/try-jenkins-chromium");
                RealJenkins.deleteTree(profile);
                try (Chromium browser = new Chromium(Chromium.executable(), profile, null)) {
                    browser.open(url.resolve("job/" + TryJenkins.PIPELINE + "/1/generated-images/"), 1280);
                    // thumbnails load lazily: those below the fold would never complete
                    browser.eval(
                            "document.querySelectorAll('.dashscope-gallery img').forEach(i => i.loading = 'eager')");
                    browser.waitFor(
                            "[...document.querySelectorAll('.dashscope-gallery img')].every(i => i.complete)",
                            java.time.Duration.ofSeconds(20));
                    Screenshots.save(Screenshots.folder(), "try-jenkins-demo.png", browser.screenshot(null));
                }
            }
            fresh.stop("-INT");
        }
        try (Command kept = Command.start("--port", "0")) {
            URI url = kept.ready();

            assertThat(kept.output())
                    .contains("Jenkins home kept from an earlier run")
                    .doesNotContain("Running the demo");
            JsonNode job =
                    JenkinsClient.anonymous(url).json("job/" + TryJenkins.PIPELINE + "/api/json?tree=builds[number]");
            assertThat(job.path("builds").findValuesAsText("number")).containsExactly("1");
            kept.stop("-TERM");
        }
    }

    /** One run of the command, its output read line by line, stopped by a signal as a person stops it. */
    private static final class Command implements AutoCloseable {
        private final Process process;
        private final List<String> output = new CopyOnWriteArrayList<>();
        private final CompletableFuture<URI> ready = new CompletableFuture<>();
        private final Thread reader;
        private boolean stopped;

        private Command(Process process) {
            this.process = process;
            this.reader = new Thread(this::read);
            reader.start();
        }

        static Command start(String... args) throws Exception {
            List<String> command = new java.util.ArrayList<>(
                    List.of("bash", ROOT.resolve("kit/try-jenkins").toString()));
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().remove("DASHSCOPE_API_KEY");
            pb.environment()
                    .put(
                            "KIT",
                            Path.of(System.getProperty("e2e.kit", "../../shared/jenkins"))
                                    .toAbsolutePath()
                                    .toString());
            pb.environment().put("TRY_JENKINS_CLASSPATH", System.getProperty("java.class.path"));
            return new Command(pb.start());
        }

        private void read() {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    output.add(line);
                    if (line.startsWith("READY ")) {
                        ready.complete(URI.create(line.substring("READY ".length())));
                    }
                }
            } catch (Exception e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("ended before READY:\n" + output()));
        }

        URI ready() throws Exception {
            return ready.get(5, TimeUnit.MINUTES);
        }

        String output() {
            return String.join("\n", output);
        }

        /** Sends {@code signal} and proves that the command and everything it started ended. */
        void stop(String signal) throws Exception {
            stopped = true;
            List<ProcessHandle> started = process.descendants().toList();
            new ProcessBuilder("kill", signal, Long.toString(process.pid()))
                    .start()
                    .waitFor();
            boolean ended = process.waitFor(2, TimeUnit.MINUTES);
            reader.join(10_000);
            assertThat(ended).as("the command ended after kill " + signal).isTrue();
            assertThat(started)
                    .as("processes it started (Jenkins, the simulator)")
                    .hasSizeGreaterThanOrEqualTo(2);
            for (ProcessHandle p : started) {
                p.onExit().get(30, TimeUnit.SECONDS);
            }
            assertThat(started).noneMatch(ProcessHandle::isAlive);
            assertThat(output).contains("Stopped.");
        }

        /** A test that failed before stopping still leaves nothing running. */
        @Override
        public void close() throws Exception {
            if (!stopped) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                process.waitFor(2, TimeUnit.MINUTES);
            }
        }
    }
}
