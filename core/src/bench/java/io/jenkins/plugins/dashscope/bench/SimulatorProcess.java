package io.jenkins.plugins.dashscope.bench;

import io.jenkins.plugins.dashscope.core.simulator.DashScopeSimulator;
import io.jenkins.plugins.dashscope.core.simulator.SimulatorSettings;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The simulator in a JVM of its own, so the client's threads, heap and CPU can be measured without the
 * server's. Prints its base URL, then serves until its standard input closes.
 */
public final class SimulatorProcess {

    private SimulatorProcess() {}

    /** A running simulator process and the URLs it printed; closing it ends the process. */
    record Handle(Process process, java.util.List<java.net.URI> urls) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Starts a simulator JVM with these arguments and reads the first {@code lines} URLs it prints. */
    static Handle launch(int lines, String... args) throws java.io.IOException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(),
                "-Xmx1g",
                "-Dsun.net.httpserver.nodelay=true",
                "-cp",
                System.getProperty("java.class.path"),
                SimulatorProcess.class.getName()));
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        java.io.BufferedReader out = new java.io.BufferedReader(
                new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        java.util.List<java.net.URI> urls = new java.util.ArrayList<>();
        for (int i = 0; i < lines; i++) {
            String line = out.readLine();
            if (line == null) {
                p.destroyForcibly();
                throw new java.io.IOException("the simulator process ended before printing its URLs");
            }
            urls.add(java.net.URI.create(line.trim()));
        }
        return new Handle(p, urls);
    }

    static String key(int i) {
        return String.format("sk-bench-wait-%05d", i);
    }

    /**
     * {@code KEYS SERVICE_MILLIS}: a simulator accepting that many keys; prints its base URL.
     * {@code blobs SIZE...}: a simulator serving one image-like blob per size; prints their URLs.
     */
    public static void main(String[] args) throws Exception {
        if (args[0].equals("blobs")) {
            serveBlobs(args);
            return;
        }
        int keys = Integer.parseInt(args[0]);
        Duration service = Duration.ofMillis(Long.parseLong(args[1]));
        Set<String> all = new LinkedHashSet<>();
        for (int i = 0; i < keys; i++) {
            all.add(key(i));
        }
        try (DashScopeSimulator sim = DashScopeSimulator.start(
                SimulatorSettings.defaults(key(0)).withKeys(all).withServiceTime(i -> service))) {
            System.out.println(sim.baseUrl());
            serveUntilInputCloses();
        }
    }

    private static void serveBlobs(String[] args) throws Exception {
        try (DashScopeSimulator sim = DashScopeSimulator.start(SimulatorSettings.defaults(key(0)))) {
            java.util.Random random = new java.util.Random(1);
            for (int i = 1; i < args.length; i++) {
                System.out.println(
                        sim.publish("image-" + i + ".png", DownloadScenario.png(Integer.parseInt(args[i]), random)));
            }
            serveUntilInputCloses();
        }
    }

    private static void serveUntilInputCloses() throws java.io.IOException {
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until the parent closes our input
        }
    }
}
