package io.jenkins.plugins.dashscope.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.yaml.snakeyaml.Yaml;

/**
 * One real Jenkins for the whole suite: the kit's war with the built plugin, security on (Jenkins' own
 * user database; logged-in users may do anything, anonymous may read), Secret-text credentials and the
 * plugin's global settings from Configuration as Code, and the simulator in a process of its own.
 * Test classes receive it as a parameter; it is stopped when the suite ends.
 */
final class RealJenkins implements AutoCloseable {

    static final String ADMIN = "admin";

    /** Resolves {@link RealJenkins} parameters to the suite's one instance. */
    static final class Extension implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
            return p.getParameter().getType() == RealJenkins.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext c) {
            return c.getRoot()
                    .getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(RealJenkins.class, k -> RealJenkins.start(), RealJenkins.class);
        }
    }

    /** A finished build: its number, its API JSON and its log. */
    record Finished(JenkinsClient.Build build, JsonNode json, String log) {
        String result() {
            return json.path("result").asText();
        }

        List<String> artifacts() {
            List<String> paths = new ArrayList<>();
            json.path("artifacts").forEach(a -> paths.add(a.path("relativePath").asText()));
            return paths;
        }
    }

    final String key = secret("sk-e2e-main-");
    final String queueKey = secret("sk-e2e-queue-");
    final String wrongKey = secret("sk-e2e-wrong-");
    final String otherSecret = secret("e2e-password-");
    final String adminPassword = secret("admin-");
    /** A second user, who may do anything a logged-in user may but is not named as a review's submitter. */
    static final String COLLEAGUE = "colleague";

    final String colleaguePassword = secret("colleague-");
    final Path work;
    final SimulatorProcess simulator;
    final JenkinsProcess jenkins;
    final JenkinsClient admin;
    final JenkinsClient anonymous;
    final JenkinsClient colleague;
    private final long startedAt = System.nanoTime();
    private final List<String> report = new ArrayList<>();

    private RealJenkins() throws Exception {
        work = Path.of(System.getProperty("e2e.work", "target/e2e-work")).toAbsolutePath();
        deleteTree(work);
        Files.createDirectories(work);
        Path kit = Path.of(System.getProperty("e2e.kit", "../../shared/jenkins"))
                .toAbsolutePath()
                .normalize();
        Path hpi = Path.of(System.getProperty("e2e.hpi", "../target/dashscope-image.hpi"))
                .toAbsolutePath()
                .normalize();
        simulator = SimulatorProcess.start(work.resolve("simulator.log"), key, queueKey);
        Map<String, String> environment = CascFiles.write(
                work,
                "DashScope image generation: real-Jenkins suite",
                adminPassword,
                Map.of(COLLEAGUE, colleaguePassword),
                cascYaml(simulator.api().toString()),
                Map.of(
                        "E2E_KEY",
                        key,
                        "E2E_QUEUE_KEY",
                        queueKey,
                        "E2E_WRONG_KEY",
                        wrongKey,
                        "E2E_OTHER_SECRET",
                        otherSecret));
        jenkins = JenkinsProcess.prepare(kit, hpi, work, environment);
        jenkins.start();
        note(
                "Jenkins startup (process start to 'fully up' and /login answering): %.1f s",
                jenkins.lastStartup().toMillis() / 1000.0);
        admin = new JenkinsClient(jenkins.url(), ADMIN, adminPassword);
        anonymous = JenkinsClient.anonymous(jenkins.url());
        colleague = new JenkinsClient(jenkins.url(), COLLEAGUE, colleaguePassword);
    }

    static RealJenkins start() {
        try {
            return new RealJenkins();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the real-Jenkins environment", e);
        }
    }

    private static String cascYaml(String endpoint) {
        return """
                credentials:
                  system:
                    domainCredentials:
                      - credentials:
                          - string:
                              scope: GLOBAL
                              id: "dashscope"
                              description: "DashScope API key"
                              secret: "${E2E_KEY}"
                          - string:
                              scope: GLOBAL
                              id: "dashscope-queue"
                              description: "DashScope API key for the queue scenarios"
                              secret: "${E2E_QUEUE_KEY}"
                          - string:
                              scope: GLOBAL
                              id: "dashscope-wrong"
                              description: "A key DashScope does not know"
                              secret: "${E2E_WRONG_KEY}"
                          - usernamePassword:
                              scope: GLOBAL
                              id: "not-a-secret-text"
                              description: "A credential of the wrong type"
                              username: "someone"
                              password: "${E2E_OTHER_SECRET}"
                unclassified:
                  dashscope:
                    endpoint: "%s"
                    model: "wanx-v1"
                    timeoutSeconds: 120
                    prices: |
                      # per image, for the usage estimate
                      wan2.2-t2i-flash 0.14 CNY
                      wanx-v1 0.16 CNY
                """.formatted(endpoint);
    }

    /**
     * Applies these global settings ({@code unclassified: dashscope:}) through Configuration as Code, as an
     * administrator's YAML would; what they do not name stays as it was.
     */
    void applyCasc(String name, Map<String, Object> dashscope) throws IOException, InterruptedException {
        Path yaml = work.resolve(name + ".yaml");
        Files.writeString(
                yaml, new Yaml().dump(Map.of("unclassified", Map.of("dashscope", dashscope))), StandardCharsets.UTF_8);
        HttpResponse<String> applied = admin.post(
                "manage/configuration-as-code/replace",
                JenkinsClient.form("_.newSource", yaml.toUri().toString()));
        if (applied.statusCode() != 200 && applied.statusCode() != 302) {
            throw new IOException("Configuration as Code refused " + yaml + ": " + applied.body());
        }
    }

    /** Creates a Pipeline job with this (sandboxed) script, runs it once and waits for the end. */
    Finished runPipeline(String job, String script) throws IOException, InterruptedException {
        admin.createPipeline(job, script);
        return finish(admin.build(job));
    }

    Finished finish(JenkinsClient.Build b) throws IOException, InterruptedException {
        JsonNode json = admin.await(b, Duration.ofMinutes(3));
        return new Finished(b, json, admin.console(b));
    }

    /** What the suite does while Jenkins is down. */
    interface WhileStopped {
        void run() throws Exception;
    }

    /** Stops Jenkins, runs {@code whileStopped}, and starts it again on the same home and port. */
    void restart(WhileStopped whileStopped) throws Exception {
        jenkins.stop();
        whileStopped.run();
        jenkins.start();
        note(
                "Jenkins restart (same home): %.1f s to fully up",
                jenkins.lastStartup().toMillis() / 1000.0);
        admin.forget();
        anonymous.forget();
        colleague.forget();
    }

    /** A line for the suite's report ({@code target/e2e-work/report.txt}). */
    void note(String format, Object... args) {
        String line = String.format(format, args);
        synchronized (report) {
            report.add(line);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            note("Jenkins resident memory at the end: %d MiB", jenkins.residentMiB());
        } catch (IOException | RuntimeException e) {
            note("Jenkins resident memory: not readable (%s)", e);
        }
        jenkins.close();
        simulator.close();
        note("suite wall time, Jenkins and simulator included: %.1f s", (System.nanoTime() - startedAt) / 1e9);
        Files.write(work.resolve("report.txt"), report, StandardCharsets.UTF_8);
    }

    static String secret(String prefix) {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
