package io.jenkins.plugins.dashscope.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The simulator process ({@link SimulatorServer}) seen from the suite: its URLs, counts and knobs. */
final class SimulatorProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final URI api;
    private final URI admin;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SimulatorProcess(Process process, URI api, URI admin) {
        this.process = process;
        this.api = api;
        this.admin = admin;
    }

    static SimulatorProcess start(Path log, String... keys) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dsun.net.httpserver.nodelay=true",
                "-cp",
                System.getProperty("java.class.path"),
                SimulatorServer.class.getName()));
        command.addAll(List.of(keys));
        Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String apiLine = out.readLine();
        String adminLine = out.readLine();
        if (apiLine == null || adminLine == null) {
            p.destroyForcibly();
            throw new IOException("the simulator process ended before printing its URLs; see " + log);
        }
        return new SimulatorProcess(
                p, URI.create(apiLine.substring("api ".length())), URI.create(adminLine.substring("admin ".length())));
    }

    /** The base URL Jenkins is configured with, ending in {@code /api/v1}. */
    URI api() {
        return api;
    }

    /** Requests received so far, by kind ({@code SUBMIT}, {@code QUERY}, {@code CANCEL}, ...), and {@code throttled}. */
    JsonNode stats() throws IOException, InterruptedException {
        return JSON.readTree(
                http.send(HttpRequest.newBuilder(admin.resolve("/stats")).build(), HttpResponse.BodyHandlers.ofString())
                        .body());
    }

    int count(String kind) throws IOException, InterruptedException {
        return stats().path(kind).asInt();
    }

    /** All API requests (submits, queries, cancels, lists, uploads), downloads excluded. */
    int apiRequests() throws IOException, InterruptedException {
        JsonNode s = stats();
        return s.path("SUBMIT").asInt()
                + s.path("QUERY").asInt()
                + s.path("CANCEL").asInt()
                + s.path("LIST").asInt()
                + s.path("UPLOAD_POLICY").asInt()
                + s.path("UPLOAD").asInt()
                + s.path("OTHER").asInt();
    }

    /** How long after its creation the server first told a client that {@code taskId} had finished. */
    Duration detectedAfter(String taskId) throws IOException, InterruptedException {
        JsonNode tasks = JSON.readTree(http.send(
                        HttpRequest.newBuilder(admin.resolve("/detection")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        for (JsonNode t : tasks) {
            if (t.path("taskId").asText().equals(taskId) && t.has("millis")) {
                return Duration.ofMillis(t.path("millis").asLong());
            }
        }
        throw new IOException("task " + taskId + " was never seen finished");
    }

    /** How long tasks created from now on run on the server. */
    void serviceTime(Duration d) throws IOException, InterruptedException {
        int status = http.send(
                        HttpRequest.newBuilder(URI.create(admin + "/service-time?millis=" + d.toMillis()))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status != 204) {
            throw new IOException("service-time: HTTP " + status);
        }
    }

    /** Makes the next {@code times} requests of {@code kind} misbehave as {@code fault} says (e.g. DOWNLOAD, HANG). */
    void fault(String kind, String fault, int times) throws IOException, InterruptedException {
        int status = http.send(
                        HttpRequest.newBuilder(URI.create(
                                        admin + "/fault?kind=" + kind + "&fault=" + fault + "&times=" + times))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status != 204) {
            throw new IOException("fault: HTTP " + status);
        }
    }

    /** Creates a task directly on the server with this key, as another client of the same account would. */
    String submitDirectly(String key, String prompt) throws IOException, InterruptedException {
        String body = "{\"model\":\"wanx-v1\",\"input\":{\"prompt\":" + JSON.writeValueAsString(prompt)
                + "},\"parameters\":{\"n\":1}}";
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(api + "/services/aigc/text2image/image-synthesis"))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .header("X-DashScope-Async", "enable")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode node = JSON.readTree(r.body());
        if (r.statusCode() != 200) {
            throw new IOException("direct submit: HTTP " + r.statusCode() + " " + r.body());
        }
        return node.at("/output/task_id").asText();
    }

    /** The server's status of a task ({@code PENDING}, {@code RUNNING}, {@code CANCELED}, ...). */
    String taskStatus(String key, String taskId) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(api + "/tasks/" + taskId))
                        .header("Authorization", "Bearer " + key)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).at("/output/task_status").asText();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
