package io.jenkins.plugins.dashscope.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code kit/try-jenkins}: the kit's Jenkins on 127.0.0.1 with the plugin installed, the DashScope simulator as
 * its endpoint (or the real service when {@code DASHSCOPE_API_KEY} is set), a credential, a demo release
 * Pipeline (run once) and a freestyle job. Prints the URLs and runs until interrupted (Ctrl-C), then stops
 * everything it started.
 *
 * <p>Arguments: {@code --port N} (default 8080, 0 for any free port), {@code --kit DIR}, {@code --hpi FILE},
 * {@code --work DIR} (kept: a second start finds the jobs, builds and settings of the first; {@code kit/try-jenkins
 * --fresh} empties it). Environment: {@code DASHSCOPE_API_KEY}, {@code DASHSCOPE_REGION}.
 */
public final class TryJenkins {

    static final String PIPELINE = "release-assets";
    static final String FREESTYLE = "freestyle-poster";
    private static final String SIMULATOR_KEY = "sk-try-jenkins-simulator";

    private TryJenkins() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of(
                "--port",
                "8080",
                "--kit",
                "../shared/jenkins",
                "--hpi",
                "target/dashscope-image.hpi",
                "--work",
                "target/try-jenkins"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!options.containsKey(args[i])) {
                System.err.println("unknown option " + args[i] + "; options: " + options.keySet());
                System.exit(2);
            }
            options.put(args[i], args[i + 1]);
        }
        int port = Integer.parseInt(options.get("--port"));
        if (port != 0 && !free(port)) {
            System.err.println("Port " + port + " on 127.0.0.1 is in use; choose another with --port N (0 for any).");
            System.exit(2);
        }
        String realKey = System.getenv("DASHSCOPE_API_KEY");
        boolean real = realKey != null && !realKey.isBlank();
        Path work = Path.of(options.get("--work")).toAbsolutePath();
        boolean first = !Files.isDirectory(work.resolve("home/jobs/" + PIPELINE));
        Files.createDirectories(work);

        SimulatorProcess simulator = real ? null : SimulatorProcess.start(work.resolve("simulator.log"), SIMULATOR_KEY);
        String adminPassword = RealJenkins.secret("");
        Map<String, String> environment = CascFiles.write(
                work,
                "DashScope image generation: try-jenkins demo",
                adminPassword,
                yaml(simulator, System.getenv("DASHSCOPE_REGION")),
                Map.of());
        JenkinsProcess jenkins = JenkinsProcess.prepare(
                Path.of(options.get("--kit")).toAbsolutePath(),
                Path.of(options.get("--hpi")).toAbsolutePath(),
                work,
                environment,
                port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("Stopping Jenkins and the simulator ...");
                            try {
                                jenkins.stop();
                                if (simulator != null) {
                                    simulator.close();
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            System.out.println("Stopped.");
                            stopped.countDown();
                        },
                        "try-jenkins-stop"));

        System.out.println("Starting Jenkins (" + (real ? "real DashScope endpoint" : "DashScope simulator") + ") ...");
        jenkins.start();
        URI url = jenkins.url();
        JenkinsClient admin = new JenkinsClient(url, RealJenkins.ADMIN, adminPassword);
        String demo;
        if (first) {
            demo = setUp(admin, real ? realKey : SIMULATOR_KEY);
        } else {
            demo = "kept from an earlier run (kit/try-jenkins --fresh starts anew)";
            System.out.println(
                    "Jenkins home kept from an earlier run: its jobs, builds and settings are as they were.");
        }
        System.out.println();
        System.out.println("Jenkins with the DashScope image plugin: " + url);
        System.out.println("  demo release pipeline, " + demo + ": " + url + "job/" + PIPELINE + "/");
        System.out.println("  freestyle job (build it yourself):    " + url + "job/" + FREESTYLE + "/");
        System.out.println("  global settings:                      " + url + "manage/configure");
        System.out.println("  log in as " + RealJenkins.ADMIN + " / " + adminPassword
                + " (anonymous visitors can look, not change)");
        System.out.println("  DashScope: "
                + (real
                        ? "the real service, credential 'dashscope' holds DASHSCOPE_API_KEY (builds cost money)"
                        : "simulator at " + simulator.api() + " (no key, no cost)"));
        System.out.println("  Jenkins home and logs: " + work);
        System.out.println("READY " + url);
        System.out.println(
                "Press Ctrl-C to stop, or run: kill " + ProcessHandle.current().pid());
        System.out.flush();
        stopped.await();
    }

    /**
     * A new home's credential, jobs and first demo build: the key goes from this process straight into Jenkins'
     * encrypted credential store, never into a file. Returns how the demo build ended.
     */
    private static String setUp(JenkinsClient admin, String key) throws Exception {
        JenkinsClient.expect(
                200,
                admin.postXml("manage/credentials/store/system/domain/_/createCredentials", """
                <org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>
                  <scope>GLOBAL</scope>
                  <id>dashscope</id>
                  <description>DashScope API key</description>
                  <secret>%s</secret>
                </org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>
                """.formatted(
                                JenkinsClient.xmlText(key))),
                "create the credential");
        admin.createPipeline(PIPELINE, resource("demo/release-assets.groovy"));
        JenkinsClient.expect(
                200,
                admin.postXml("createItem?name=" + FREESTYLE, resource("demo/freestyle-poster.xml")),
                "create " + FREESTYLE);
        System.out.println("Running the demo release pipeline once ...");
        JenkinsClient.Build build = admin.build(PIPELINE);
        String result =
                admin.await(build, Duration.ofMinutes(20)).path("result").asText();
        return "build #" + build.number() + " " + result;
    }

    private static String yaml(SimulatorProcess simulator, String region) {
        String dashscope = simulator != null
                ? "endpoint: \"" + simulator.api() + "\""
                : region != null && !region.isBlank() ? "region: \"" + region + "\"" : "region: \"cn-beijing\"";
        return """
                unclassified:
                  dashscope:
                    credentialsId: "dashscope"
                    %s
                """.formatted(dashscope);
    }

    private static boolean free(int port) {
        try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = TryJenkins.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
