package io.jenkins.plugins.dashscope.core.dryrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.dashscope.core.catalog.ApiFamily;
import io.jenkins.plugins.dashscope.core.catalog.ImageSize;
import io.jenkins.plugins.dashscope.core.catalog.ModelCatalog;
import io.jenkins.plugins.dashscope.core.client.TaskStatus;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.image.ImageFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The dry run's stand-in for DashScope, on loopback: it takes the create call of every API family, answers
 * task queries (RUNNING, then SUCCEEDED after the service time), takes uploads, and serves PNGs of the size
 * asked for. It checks the key and nothing else: the engine validated the request before it came here. Prompt
 * markers steer outcomes as at the test simulator: {@code simulate:moderation}, {@code simulate:fail},
 * {@code simulate:partial}, {@code simulate:output-moderation}.
 */
public final class FakeDashScope implements AutoCloseable {

    private static final DateTimeFormatter SERVER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC); // as SnapshotParser reads it

    private record Task(
            String id,
            String requestId,
            ApiFamily family,
            ApiFamily.Output shape,
            String prompt,
            int images,
            int width,
            int height,
            Instant created) {}

    private final String authorization;
    private final Duration serviceTime;
    private final HttpServer server;
    private final ExecutorService threads;
    private final ObjectMapper mapper = Json.newMapper();
    private final PngRenderer png = new PngRenderer();
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final String base;
    /** The file name prefix the images are saved under, written on them. */
    private final String name;

    private FakeDashScope(String key, Duration serviceTime, String name) throws IOException {
        this.authorization = "Bearer " + key;
        this.name = name;
        this.serviceTime = serviceTime;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "dashscope-dry-run");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
        base = "http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort();
    }

    /**
     * Starts on a free loopback port; only {@code key} is accepted.
     *
     * @param name the file name prefix the images will be saved under ({@code image} writes {@code image-1} on
     *             the first)
     */
    /**
     * A key made up for one fake server, so it answers nobody else: {@code prefix} and 128 random bits from the
     * JDK's shared secure generator.
     */
    public static String throwawayKey(String prefix) {
        return prefix + java.util.UUID.randomUUID().toString().replace("-", "");
    }

    public static FakeDashScope start(String key, Duration serviceTime, String name) {
        try {
            return new FakeDashScope(key, serviceTime, name);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the dry run's fake DashScope on loopback", e);
        }
    }

    /** The base URL, ending in {@code /api/v1}. */
    public URI baseUrl() {
        return URI.create(base + "/api/v1");
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/results/")) {
                image(ex, path);
                return;
            }
            if (path.equals("/oss")) {
                ex.getRequestBody().readAllBytes();
                ex.sendResponseHeaders(200, -1);
                return;
            }
            if (!authorization.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                error(ex, 401, "InvalidApiKey", "Invalid API-key provided.");
            } else if (path.startsWith("/api/v1/services/")) {
                submit(ex, path.substring("/api/v1/".length()));
            } else if (path.startsWith("/api/v1/tasks/") && path.endsWith("/cancel")) {
                error(
                        ex,
                        400,
                        "UnsupportedOperation",
                        "Only PENDING tasks can be cancelled; dry-run tasks start at once.");
            } else if (path.startsWith("/api/v1/tasks/")) {
                query(ex, path.substring("/api/v1/tasks/".length()));
            } else if (path.equals("/api/v1/uploads")) {
                ObjectNode root = mapper.createObjectNode()
                        .put("request_id", UUID.randomUUID().toString());
                root.putObject("data")
                        .put("policy", "dry-run")
                        .put("signature", "dry-run")
                        .put("upload_dir", "dry-run/" + UUID.randomUUID())
                        .put("upload_host", base + "/oss")
                        .put("expire_in_seconds", 300)
                        .put("max_file_size_mb", 100)
                        .put("oss_access_key_id", "DRY-RUN")
                        .put("x_oss_object_acl", "private")
                        .put("x_oss_forbid_overwrite", "true");
                json(ex, 200, root);
            } else {
                error(ex, 404, "NotFound", "Not found.");
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private void submit(HttpExchange ex, String servicePath) throws IOException {
        ApiFamily family = Arrays.stream(ApiFamily.values())
                .filter(f -> f.path().equals(servicePath))
                .findFirst()
                .orElse(null);
        if (family == null) {
            error(ex, 404, "NotFound", "No such service: " + servicePath);
            return;
        }
        JsonNode body = mapper.readTree(ex.getRequestBody().readAllBytes());
        JsonNode input = body.path("input");
        String prompt = ResultShapes.promptOf(input, family);
        if (prompt.contains("simulate:moderation")) {
            error(ex, 400, "DataInspectionFailed", "Input data may contain inappropriate content.");
            return;
        }
        JsonNode params = body.path("parameters");
        var spec = ModelCatalog.builtIn().find(body.path("model").asText(""));
        ImageSize size = ResultShapes.sizeOf(params, spec).orElse(new ImageSize(1024, 1024));
        Task t = new Task(
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                family,
                ResultShapes.shapeOf(spec, family),
                prompt,
                Math.max(1, params.path("n").asInt(1)),
                size.width(),
                size.height(),
                Instant.now());
        tasks.put(t.id(), t);
        boolean async = "enable".equalsIgnoreCase(ex.getRequestHeaders().getFirst("X-DashScope-Async"));
        if (family.isAsync() && async) {
            ObjectNode out = mapper.createObjectNode().put("request_id", t.requestId());
            out.putObject("output").put("task_id", t.id()).put("task_status", "PENDING");
            json(ex, 200, out);
            return;
        }
        try {
            Thread.sleep(serviceTime.toMillis()); // a synchronous call holds the connection until the image is ready
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        json(ex, 200, view(t, Instant.now(), true));
    }

    private void query(HttpExchange ex, String taskId) throws IOException {
        Task t = tasks.get(taskId);
        if (t == null) {
            ObjectNode out = mapper.createObjectNode()
                    .put("request_id", UUID.randomUUID().toString());
            out.putObject("output").put("task_id", taskId).put("task_status", "UNKNOWN");
            json(ex, 200, out);
            return;
        }
        json(ex, 200, view(t, Instant.now(), false));
    }

    private ObjectNode view(Task t, Instant now, boolean syncAnswer) {
        Instant end = t.created().plus(serviceTime);
        boolean done = !now.isBefore(end);
        boolean fail = t.prompt().contains("simulate:fail");
        TaskStatus status = !done ? TaskStatus.RUNNING : fail ? TaskStatus.FAILED : TaskStatus.SUCCEEDED;
        ObjectNode root = mapper.createObjectNode()
                .put(
                        "request_id",
                        syncAnswer ? t.requestId() : UUID.randomUUID().toString());
        ObjectNode out = root.putObject("output");
        if (!syncAnswer) {
            out.put("task_id", t.id())
                    .put("task_status", status.name())
                    .put("submit_time", SERVER_TIME.format(t.created()))
                    .put("scheduled_time", SERVER_TIME.format(t.created()));
        }
        if (done) {
            out.put("end_time", SERVER_TIME.format(end));
        }
        if (fail) {
            out.put("code", "InternalError.Algo")
                    .put("message", "An internal error occurred while generating (dry run).");
        }
        boolean moderated = t.prompt().contains("simulate:output-moderation");
        int failed = moderated || fail ? t.images() : t.prompt().contains("simulate:partial") ? 1 : 0;
        ResultShapes.add(
                root,
                out,
                t.shape(),
                status,
                t.images(),
                t.images() - failed,
                moderated,
                i -> base + "/results/" + t.id() + "/" + i + ".png",
                t.prompt(),
                t.width(),
                t.height());
        return root;
    }

    private void image(HttpExchange ex, String path) throws IOException {
        String[] parts = path.split("/"); // /results/{taskId}/{index}.png
        Task t = parts.length == 4 ? tasks.get(parts[2]) : null;
        if (t == null || !parts[3].matches("[0-9]{1,3}\\.png")) {
            ex.sendResponseHeaders(404, -1);
            return;
        }
        int index = Integer.parseInt(parts[3].substring(0, parts[3].length() - 4));
        byte[] body = png.render(
                t.width(), t.height(), index, new PngRenderer.Label(name + "-" + index, t.prompt(), "dry run"));
        ex.getResponseHeaders().set("Content-Type", ImageFormat.PNG.mimeType());
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
    }

    private void error(HttpExchange ex, int status, String code, String message) throws IOException {
        json(
                ex,
                status,
                mapper.createObjectNode()
                        .put("request_id", UUID.randomUUID().toString())
                        .put("code", code)
                        .put("message", message));
    }

    private void json(HttpExchange ex, int status, JsonNode node) throws IOException {
        byte[] body = mapper.writeValueAsBytes(node);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
