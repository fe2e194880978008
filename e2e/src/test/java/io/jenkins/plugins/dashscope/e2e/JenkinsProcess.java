package io.jenkins.plugins.dashscope.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The kit's {@code jenkins.war} as a process on 127.0.0.1: a fresh {@code JENKINS_HOME} with the kit's plugins
 * and the built {@code .hpi}, configured by Configuration as Code. It can be stopped (SIGTERM, as an admin's
 * service stop does) and started again on the same home and port, for restart scenarios.
 */
final class JenkinsProcess implements AutoCloseable {

    private final Path war;
    private final Path home;
    private final Path logs;
    private final Map<String, String> environment;
    private final int port;
    private Process process;
    private int starts;
    private Path log;
    private Duration lastStartup;

    private JenkinsProcess(Path war, Path home, Path logs, Map<String, String> environment, int port) {
        this.war = war;
        this.home = home;
        this.logs = logs;
        this.environment = environment;
        this.port = port;
    }

    /**
     * A new home under {@code work} with every kit plugin and {@code hpi}; {@code environment} is added to
     * the controller's (e.g. {@code CASC_JENKINS_CONFIG}).
     */
    static JenkinsProcess prepare(Path kit, Path hpi, Path work, Map<String, String> environment) throws IOException {
        return prepare(kit, hpi, work, environment, 0);
    }

    /** The same on a given port; 0 for any free one. */
    static JenkinsProcess prepare(Path kit, Path hpi, Path work, Map<String, String> environment, int port)
            throws IOException {
        if (!Files.isRegularFile(hpi)) {
            throw new IOException("no " + hpi + ": build it with kit/build-hpi");
        }
        Path home = work.resolve("home");
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Files.createDirectories(home.resolve("tmp"));
        try (Stream<Path> kitPlugins = Files.list(kit.resolve("plugins"))) {
            for (Path p : kitPlugins.filter(p -> p.toString().endsWith(".jpi")).toList()) {
                Files.copy(p, plugins.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING); // a kept home
            }
        }
        Files.copy(hpi, plugins.resolve("dashscope-image.jpi"), StandardCopyOption.REPLACE_EXISTING);
        return new JenkinsProcess(kit.resolve("jenkins.war"), home, work, environment, port == 0 ? freePort() : port);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    Path home() {
        return home;
    }

    /** Every log this Jenkins wrote to standard output and error, one file per start. */
    List<Path> logs() {
        List<Path> all = new ArrayList<>();
        for (int i = 1; i <= starts; i++) {
            all.add(logs.resolve("jenkins-" + i + ".log"));
        }
        return all;
    }

    Duration lastStartup() {
        return lastStartup;
    }

    /** Starts and waits until Jenkins says it is fully up (at most three minutes). */
    void start() throws IOException, InterruptedException {
        starts++;
        log = logs.resolve("jenkins-" + starts + ".log");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Djava.io.tmpdir=" + home.resolve("tmp"),
                "-Djava.awt.headless=true",
                "-Djenkins.install.runSetupWizard=false",
                "-Dhudson.model.UpdateCenter.never=true",
                // no inbound agent port on all interfaces; the suite's builds run on the built-in node
                "-Djenkins.model.Jenkins.slaveAgentPort=-1",
                "-jar",
                war.toString(),
                "--httpListenAddress=127.0.0.1",
                "--httpPort=" + port);
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JENKINS_HOME", home.toString());
        pb.environment().putAll(environment);
        long t0 = System.nanoTime();
        process = pb.start();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = t0 + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Jenkins exited with " + process.exitValue() + "; see " + log);
            }
            if (Files.readString(log, StandardCharsets.UTF_8).contains("Jenkins is fully up and running")
                    && status(http, "login") == 200) {
                lastStartup = Duration.ofNanos(System.nanoTime() - t0);
                return;
            }
            Thread.sleep(250);
        }
        throw new IOException("Jenkins did not come up within 3 minutes; see " + log);
    }

    /** Stops the JVM the way a service manager does (SIGTERM), so Jenkins saves running builds. */
    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    /** Threads of the Jenkins JVM now, from {@code /proc}. */
    int threads() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    /** CPU time the Jenkins JVM used so far (user and system), from {@code /proc} (100 ticks a second on Linux). */
    Duration cpu() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Duration.ofMillis((Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10);
    }

    /** Resident memory of the Jenkins JVM in MiB, from {@code /proc}. */
    long residentMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private int status(HttpClient http, String path) {
        try {
            return http.send(
                            HttpRequest.newBuilder(url().resolve(path))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
