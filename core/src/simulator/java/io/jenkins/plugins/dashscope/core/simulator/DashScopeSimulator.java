package io.jenkins.plugins.dashscope.core.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.dashscope.core.catalog.ApiFamily;
import io.jenkins.plugins.dashscope.core.catalog.ImageSize;
import io.jenkins.plugins.dashscope.core.catalog.ModelCatalog;
import io.jenkins.plugins.dashscope.core.catalog.ModelOption;
import io.jenkins.plugins.dashscope.core.catalog.ModelSpec;
import io.jenkins.plugins.dashscope.core.catalog.ModelWire;
import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.TaskStatus;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.dryrun.PngRenderer;
import io.jenkins.plugins.dashscope.core.dryrun.ResultShapes;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A DashScope stand-in on loopback that speaks the documented wire format of the four image families,
 * task query, cancel and list, the upload policy and the OSS form upload. It enforces keys, input
 * rules, per-key limits and the task life cycle, serves real PNGs under expiring signed URLs, injects
 * faults on demand and counts requests by kind. Prompt markers steer outcomes:
 * {@code simulate:moderation} (400 DataInspectionFailed), {@code simulate:fail} (task FAILED),
 * {@code simulate:partial} (the last image fails), {@code simulate:output-moderation} (every image is
 * refused by the content check).
 */
public final class DashScopeSimulator implements AutoCloseable {

    private static final DateTimeFormatter SERVER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final Map<String, byte[]> blobs = new java.util.concurrent.ConcurrentHashMap<>();
    private final SimulatorSettings settings;
    private final HttpServer server;
    private final ExecutorService executor;
    private final TaskBook book;
    private final FaultPlan faults = new FaultPlan();
    private final Map<RequestKind, AtomicInteger> counts = new EnumMap<>(RequestKind.class);
    private final AtomicInteger throttled = new AtomicInteger();
    private final Map<String, String> keyDigests;
    private final ObjectMapper mapper = Json.newMapper();
    private final PngRenderer png = new PngRenderer();
    private final byte[] urlSecret = new byte[32];
    private final Map<String, String> policies = new ConcurrentHashMap<>();
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final java.util.Queue<RecordedRequest> recorded = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile UnaryOperator<String> resultUrlRewriter = UnaryOperator.identity();
    private volatile String proxyAuthorization;
    private final AtomicInteger proxied = new AtomicInteger();
    private final String base;

    private DashScopeSimulator(SimulatorSettings settings) throws IOException {
        this.settings = settings;
        this.book = new TaskBook(settings);
        Map<String, String> digests = new HashMap<>();
        for (String k : settings.keys()) {
            digests.put(k, ApiKey.of(k).digest());
        }
        this.keyDigests = Map.copyOf(digests);
        for (RequestKind k : RequestKind.values()) {
            counts.put(k, new AtomicInteger());
        }
        new SecureRandom().nextBytes(urlSecret);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dashscope-simulator");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        this.base = "http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort();
    }

    public static DashScopeSimulator start(SimulatorSettings settings) {
        try {
            return new DashScopeSimulator(settings);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the DashScope simulator on loopback", e);
        }
    }

    /** The base URL clients use, ending in {@code /api/v1}. */
    public URI baseUrl() {
        return URI.create(base + "/api/v1");
    }

    public String host() {
        return server.getAddress().getAddress().getHostAddress();
    }

    public FaultPlan faults() {
        return faults;
    }

    public int count(RequestKind kind) {
        return counts.get(kind).get();
    }

    /** 429 answers sent, by rate limit or fault. */
    public int throttledAnswers() {
        return throttled.get();
    }

    public int tasksCreated() {
        return book.taskCount();
    }

    /**
     * One task as the server saw it, for measuring clients.
     *
     * @param ended    when it finished on the server; null while running or if cancelled
     * @param detected when a query first reported it finished; null if none did
     * @param queries  status queries answered for it
     * @param model    the model it was created for
     * @param service  how long it runs once started
     */
    public record TaskTimeline(
            String taskId,
            Instant created,
            Instant started,
            Instant ended,
            Instant detected,
            int queries,
            String model,
            Duration service) {}

    /**
     * Serves fixed bytes at a URL on this server, for download measurements with images larger than
     * the rendered ones.
     */
    public URI publish(String name, byte[] bytes) {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("blob names are letters, digits, '.', '_' and '-'");
        }
        blobs.put(name, bytes);
        return URI.create(base + "/blobs/" + name);
    }

    /** Every task created so far, in creation order. */
    public List<TaskTimeline> timeline() {
        return book.timeline();
    }

    /**
     * One request as received. Held in memory only, for tests of the request shape; it includes the
     * Authorization header as sent.
     */
    public record RecordedRequest(
            RequestKind kind,
            String method,
            String path,
            String query,
            Map<String, String> headers,
            String body,
            Instant at) {}

    /** Every API request received so far (uploads and downloads excluded), oldest first. */
    public List<RecordedRequest> recordedRequests() {
        return List.copyOf(recorded);
    }

    public int totalRequests() {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Objects received by the OSS form upload, by key. */
    public Map<String, byte[]> uploadedObjects() {
        return Map.copyOf(objects);
    }

    /** Lets tests hand out hostile result URLs (other hosts, http, redirects). */
    public void rewriteResultUrls(UnaryOperator<String> rewriter) {
        this.resultUrlRewriter = rewriter;
    }

    /**
     * Answers requests sent to it as to an HTTP proxy (absolute-form URIs) only with these Basic
     * credentials, challenging with 407 otherwise: for tests of proxy settings.
     */
    public void requireProxyAuthorization(String user, String password) {
        proxyAuthorization = "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Requests that arrived as to a proxy (absolute-form request URI) and were let through. */
    public int proxiedRequests() {
        return proxied.get();
    }

    /** A URL on this simulator that redirects to {@code target}. */
    public String redirectUrl(String target) {
        return base + "/redirect?to=" + java.net.URLEncoder.encode(target, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- request handling -------------------------------------------------------------------------

    private record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
        static Reply json(int status, JsonNode node, ObjectMapper m) {
            try {
                return new Reply(status, "application/json", m.writeValueAsBytes(node), Map.of());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (ex.getRequestURI().isAbsolute()) {
                String expected = proxyAuthorization;
                if (expected != null && !expected.equals(ex.getRequestHeaders().getFirst("Proxy-Authorization"))) {
                    ex.getResponseHeaders().set("Proxy-Authenticate", "Basic realm=\"simulator\"");
                    ex.sendResponseHeaders(407, -1);
                    return;
                }
                proxied.incrementAndGet();
            }
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            RequestKind kind = classify(method, path);
            counts.get(kind).incrementAndGet();
            Fault fault = faults.next(kind);
            if (fault != null && handledBefore(ex, fault)) {
                return;
            }
            Reply reply = route(ex, kind, path);
            if (reply.status() == 429) {
                throttled.incrementAndGet();
            }
            if (fault == Fault.DROP_AFTER_PROCESSING) {
                return; // acted on, never answered
            }
            if (fault == Fault.SERVER_ERROR_AFTER_PROCESSING) {
                reply = failedAfterActing(reply);
            }
            send(ex, reply, fault);
        } catch (IOException e) {
            // the client went away; nothing to answer
        }
    }

    private static RequestKind classify(String method, String path) {
        if (path.startsWith("/api/v1/services/")) {
            return RequestKind.SUBMIT;
        }
        if (path.equals("/api/v1/tasks") || path.equals("/api/v1/tasks/")) {
            return RequestKind.LIST;
        }
        if (path.startsWith("/api/v1/tasks/")) {
            return path.endsWith("/cancel") ? RequestKind.CANCEL : RequestKind.QUERY;
        }
        if (path.equals("/api/v1/uploads")) {
            return RequestKind.UPLOAD_POLICY;
        }
        if (path.equals("/oss") && method.equals("POST")) {
            return RequestKind.UPLOAD;
        }
        if (path.startsWith("/results/") || path.startsWith("/blobs/") || path.equals("/redirect")) {
            return RequestKind.DOWNLOAD;
        }
        return RequestKind.OTHER;
    }

    /** Faults that replace the answer; true when the exchange is finished. */
    private boolean handledBefore(HttpExchange ex, Fault fault) throws IOException {
        switch (fault) {
            case DROP_CONNECTION:
                return true;
            case HANG:
                try {
                    Thread.sleep(settings.hangTime().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return true;
            case SERVER_ERROR:
                send(ex, error(500, "InternalError", "An internal error has occured, please try again later."), null);
                return true;
            case UNAVAILABLE_NO_ENVELOPE:
                send(
                        ex,
                        new Reply(503, "text/plain", "Service Unavailable".getBytes(StandardCharsets.UTF_8), Map.of()),
                        null);
                return true;
            case THROTTLED:
                throttled.incrementAndGet();
                send(
                        ex,
                        error(429, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later."),
                        null);
                return true;
            case THROTTLED_RETRY_AFTER: {
                throttled.incrementAndGet();
                Reply r = error(429, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later.");
                send(ex, new Reply(r.status(), r.contentType(), r.body(), Map.of("Retry-After", "1")), null);
                return true;
            }
            case QUOTA_EXHAUSTED:
                throttled.incrementAndGet();
                send(ex, error(429, "Throttling.AllocationQuota", "Free allocated quota exceeded."), null);
                return true;
            case OVERSIZED_ANSWER:
                byte[] big = new byte[2 * 1024 * 1024];
                java.util.Arrays.fill(big, (byte) ' ');
                big[0] = '{';
                big[big.length - 1] = '}';
                send(ex, new Reply(200, "application/json", big, Map.of()), null);
                return true;
            case MALFORMED_JSON:
                send(
                        ex,
                        new Reply(
                                200,
                                "application/json",
                                "{\"output\": {\"task_status\": ".getBytes(StandardCharsets.UTF_8),
                                Map.of()),
                        null);
                return true;
            default:
                return false;
        }
    }

    private Reply route(HttpExchange ex, RequestKind kind, String path) throws IOException {
        switch (kind) {
            case UPLOAD:
                return upload(ex);
            case DOWNLOAD:
                return path.equals("/redirect")
                        ? redirect(ex)
                        : path.startsWith("/blobs/") ? blob(path) : download(ex, path);
            case OTHER:
                return error(404, "NotFound", "Not found.");
            default:
                break;
        }
        byte[] requestBody = ex.getRequestBody().readAllBytes();
        Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        recorded.add(new RecordedRequest(
                kind,
                ex.getRequestMethod(),
                path,
                ex.getRequestURI().getRawQuery(),
                java.util.Collections.unmodifiableMap(headers),
                new String(requestBody, StandardCharsets.UTF_8),
                settings.clock().instant()));
        Optional<String> digest = authenticate(ex);
        if (digest.isEmpty()) {
            return error(401, "InvalidApiKey", "Invalid API-key provided.");
        }
        return switch (kind) {
            case SUBMIT -> submit(ex, digest.get(), path.substring("/api/v1/".length()), requestBody);
            case QUERY -> query(digest.get(), path.substring("/api/v1/tasks/".length()));
            case CANCEL ->
                cancel(digest.get(), path.substring("/api/v1/tasks/".length(), path.length() - "/cancel".length()));
            case LIST -> list(ex, digest.get());
            case UPLOAD_POLICY -> policy(ex, digest.get());
            default -> error(404, "NotFound", "Not found.");
        };
    }

    private Optional<String> authenticate(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            return Optional.empty();
        }
        return Optional.ofNullable(
                keyDigests.get(auth.substring("Bearer ".length()).trim()));
    }

    private Reply submit(HttpExchange ex, String key, String servicePath, byte[] requestBody) {
        ApiFamily family = null;
        for (ApiFamily f : ApiFamily.values()) {
            if (f.path().equals(servicePath)) {
                family = f;
            }
        }
        if (family == null) {
            return error(404, "NotFound", "No such service: " + servicePath);
        }
        boolean asyncHeader = "enable".equalsIgnoreCase(ex.getRequestHeaders().getFirst("X-DashScope-Async"));
        if (family == ApiFamily.MULTIMODAL_GENERATION && asyncHeader) {
            return error(403, "AccessDenied", "current user api does not support asynchronous calls");
        }
        if (family.isAsync() && family != ApiFamily.IMAGE_GENERATION && !asyncHeader) {
            return error(403, "AccessDenied", "current user api does not support synchronous calls");
        }
        Instant now = settings.clock().instant();
        JsonNode body;
        try {
            body = mapper.readTree(requestBody);
        } catch (IOException e) {
            return error(400, "InvalidParameter", "The request body is not valid JSON.");
        }
        if (body == null || !body.isObject()) {
            return error(400, "InvalidParameter", "The request body is not a JSON object.");
        }
        String model = body.path("model").asText("");
        if (model.isBlank()) {
            return error(400, "BadRequest.EmptyModel", "Required parameter \"model\" missing from request.");
        }
        if (!book.admitSubmit(key, model, now)) {
            return error(429, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later.");
        }
        JsonNode input = body.path("input");
        Optional<ModelSpec> spec = ModelCatalog.builtIn().find(model);
        String prompt = ResultShapes.promptOf(input, family);
        ModelWire.PromptUse promptUse =
                spec.map(m -> m.wire()).orElse(ModelWire.of(family)).prompt();
        if (prompt.isBlank()
                && (promptUse == ModelWire.PromptUse.REQUIRED
                        || (promptUse == ModelWire.PromptUse.UNLESS_REF_IMAGE
                                && input.path("ref_image_url").asText("").isBlank()))) {
            return error(
                    400,
                    "InvalidParameter",
                    family.input() == ApiFamily.Input.MESSAGES
                            ? "input.messages must hold a user message with text"
                            : promptUse == ModelWire.PromptUse.REQUIRED
                                    ? "input.prompt is required"
                                    : "one of input.ref_prompt and input.ref_image_url is required");
        }
        Optional<String> missing = missingInput(spec, family, input);
        if (missing.isPresent()) {
            return error(400, "InvalidParameter", missing.get() + " is required");
        }
        if (prompt.contains("simulate:moderation")) {
            return error(400, "DataInspectionFailed", "Input data may contain inappropriate content.");
        }
        boolean ossResolve =
                "enable".equalsIgnoreCase(ex.getRequestHeaders().getFirst("X-DashScope-OssResourceResolve"));
        for (String field : List.of(
                "ref_img", "base_image_url", "mask_image_url", "sketch_image_url", "image_url", "ref_image_url")) {
            String url = input.path(field).asText(null);
            if (url != null && url.startsWith("oss://")) {
                if (!ossResolve) {
                    return error(
                            400,
                            "InvalidParameter",
                            field + " is an oss:// URL but X-DashScope-OssResourceResolve is not enabled");
                }
                if (!objects.containsKey(url.substring("oss://".length()))) {
                    return error(
                            400, "InvalidParameter.DataInspection", "Unable to download the media resource: " + field);
                }
            }
        }
        boolean listed = input.path("images").isArray() && !input.path("images").isEmpty();
        if (listed && family != ApiFamily.IMAGE2IMAGE) {
            return error(400, "InvalidParameter", "input.images is not a parameter of " + family.path());
        }
        JsonNode params = body.path("parameters");
        int n = params.path("n").asInt(1);
        int maxN = params.path("enable_sequential").asBoolean(false)
                ? ModelSpec.MAX_SEQUENTIAL_IMAGES
                : spec.map(ModelSpec::maxImages).orElse(4);
        if (n < 1 || n > maxN) {
            return error(400, "InvalidParameter", "n must be 1.." + maxN);
        }
        Optional<ImageSize> asked = ResultShapes.sizeOf(params, spec);
        if (asked.isEmpty()) {
            return error(400, "InvalidParameter", "The size is not match the allowed size");
        }
        ImageSize size = asked.get();
        SimTask.Behaviour behaviour = prompt.contains("simulate:fail")
                ? SimTask.Behaviour.FAIL
                : prompt.contains("simulate:partial")
                        ? SimTask.Behaviour.PARTIAL
                        : prompt.contains("simulate:output-moderation")
                                ? SimTask.Behaviour.OUTPUT_MODERATION
                                : SimTask.Behaviour.NORMAL;
        SimTask task = book.create(
                key,
                model,
                family,
                ResultShapes.shapeOf(spec, family),
                n,
                size.width(),
                size.height(),
                behaviour,
                prompt,
                now);
        boolean sync = !family.isAsync() || (family == ApiFamily.IMAGE_GENERATION && !asyncHeader);
        if (sync) {
            // A synchronous call holds the connection until the image is ready.
            waitUntilDone(task, key);
            return Reply.json(200, taskView(task, settings.clock().instant(), true), mapper);
        }
        ObjectNode out = mapper.createObjectNode();
        out.put("request_id", task.requestId);
        out.putObject("output").put("task_id", task.id).put("task_status", "PENDING");
        return Reply.json(200, out, mapper);
    }

    private void waitUntilDone(SimTask task, String key) {
        while (true) {
            Instant now = settings.clock().instant();
            book.find(task.id, key, now); // advances the queue
            Instant end = book.read(() -> task.ended);
            if (end != null && !now.isBefore(end)) {
                return;
            }
            try {
                Thread.sleep(
                        end == null
                                ? 5
                                : Math.max(
                                        1, java.time.Duration.between(now, end).toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Reply query(String key, String taskId) {
        Instant now = settings.clock().instant();
        if (!book.admitQuery(key, now)) {
            return error(429, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later.");
        }
        Optional<SimTask> task = book.find(taskId, key, now);
        ObjectNode out = mapper.createObjectNode();
        if (task.isEmpty()) {
            out.put("request_id", UUID.randomUUID().toString());
            out.putObject("output").put("task_id", taskId).put("task_status", "UNKNOWN");
            return Reply.json(200, out, mapper);
        }
        book.noteQuery(task.get(), now);
        return Reply.json(200, taskView(task.get(), now, false), mapper);
    }

    /** The query answer (or, for synchronous calls, the create answer) of a task. */
    private ObjectNode taskView(SimTask t, Instant now, boolean syncAnswer) {
        return book.read(() -> {
            TaskStatus status = t.status(now);
            ObjectNode root = mapper.createObjectNode();
            root.put("request_id", syncAnswer ? t.requestId : UUID.randomUUID().toString());
            ObjectNode out = root.putObject("output");
            if (!syncAnswer) {
                out.put("task_id", t.id).put("task_status", status.name());
                out.put("submit_time", time(t.created));
                if (t.started != null) {
                    out.put("scheduled_time", time(t.started));
                }
            }
            if (status.isTerminal() && t.ended != null) {
                out.put("end_time", time(t.ended));
            }
            int failed = t.behaviour == SimTask.Behaviour.PARTIAL
                    ? 1
                    : t.behaviour == SimTask.Behaviour.OUTPUT_MODERATION || t.behaviour == SimTask.Behaviour.FAIL
                            ? t.images
                            : 0;
            if (status == TaskStatus.FAILED) {
                out.put("code", "InternalError.Algo")
                        .put("message", "An internal error occurred while generating (simulated).");
            }
            ResultShapes.add(
                    root,
                    out,
                    t.shape,
                    status,
                    t.images,
                    t.images - failed,
                    t.behaviour == SimTask.Behaviour.OUTPUT_MODERATION,
                    i -> resultUrlRewriter.apply(signedUrl(t, i, now)),
                    t.prompt,
                    t.width,
                    t.height);
            return root;
        });
    }

    private Reply cancel(String key, String taskId) {
        Instant now = settings.clock().instant();
        Optional<SimTask> task = book.find(taskId, key, now);
        if (task.isEmpty()) {
            return error(400, "InvalidParameter", "Task not found or expired.");
        }
        if (!book.cancel(task.get(), now)) {
            return error(
                    400,
                    "UnsupportedOperation",
                    "Failed to cancel the task, please confirm if the task is in PENDING status.");
        }
        ObjectNode out = mapper.createObjectNode();
        out.put("request_id", UUID.randomUUID().toString());
        out.putObject("output").put("task_id", taskId).put("task_status", "CANCELED");
        return Reply.json(200, out, mapper);
    }

    private Reply list(HttpExchange ex, String key) {
        Map<String, String> q = query(ex.getRequestURI());
        int pageNo = Math.max(1, parseInt(q.get("page_no"), 1));
        int pageSize = Math.max(1, Math.min(100, parseInt(q.get("page_size"), 10)));
        Instant now = settings.clock().instant();
        List<SimTask> all = book.list(key, now).stream()
                .filter(t -> q.get("status") == null
                        || book.read(() -> t.status(now).name()).equals(q.get("status")))
                .filter(t -> q.get("model_name") == null || t.model.equals(q.get("model_name")))
                .toList();
        ObjectNode root = mapper.createObjectNode();
        root.put("request_id", UUID.randomUUID().toString());
        ArrayNode data = root.putArray("data");
        all.stream()
                .skip((long) (pageNo - 1) * pageSize)
                .limit(pageSize)
                .forEach(t -> book.read(() -> {
                    ObjectNode e = data.addObject();
                    e.put("task_id", t.id)
                            .put("status", t.status(now).name())
                            .put("model_name", t.model)
                            .put("region", "cn-beijing")
                            // epoch milliseconds, as the official SDK reads the list's times
                            .put("gmt_create", t.created.toEpochMilli())
                            .put("request_id", t.requestId);
                    if (t.started != null) {
                        e.put("start_time", time(t.started));
                    }
                    if (t.ended != null && t.status(now).isTerminal()) {
                        e.put("end_time", time(t.ended));
                    }
                    return e;
                }));
        root.put("total", all.size())
                .put("total_page", (all.size() + pageSize - 1) / pageSize)
                .put("page_no", pageNo)
                .put("page_size", pageSize);
        return Reply.json(200, root, mapper);
    }

    private Reply policy(HttpExchange ex, String key) {
        Map<String, String> q = query(ex.getRequestURI());
        if (!"getPolicy".equals(q.get("action")) || q.get("model") == null) {
            return error(400, "InvalidParameter", "action=getPolicy and model are required");
        }
        String policy = UUID.randomUUID().toString();
        String signature = sign(policy);
        String dir = "dashscope-instant/" + key.substring(0, 12) + "/" + UUID.randomUUID();
        policies.put(policy, dir);
        ObjectNode root = mapper.createObjectNode();
        root.put("request_id", UUID.randomUUID().toString());
        root.putObject("data")
                .put("policy", policy)
                .put("signature", signature)
                .put("upload_dir", dir)
                .put("upload_host", base + "/oss")
                .put("expire_in_seconds", 300)
                .put("max_file_size_mb", 100)
                .put("capacity_limit_mb", 999999999)
                .put("oss_access_key_id", "SIMULATED-OSS-ID")
                .put("x_oss_object_acl", "private")
                .put("x_oss_forbid_overwrite", "true");
        return Reply.json(200, root, mapper);
    }

    private Reply upload(HttpExchange ex) throws IOException {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        Map<String, byte[]> parts = Multipart.parse(type, ex.getRequestBody().readAllBytes());
        String policy = text(parts.get("policy"));
        String dir = policy == null ? null : policies.get(policy);
        String key = text(parts.get("key"));
        if (dir == null
                || !sign(policy).equals(text(parts.get("Signature")))
                || key == null
                || !key.startsWith(dir + "/")
                || !parts.containsKey("file")
                || !"200".equals(text(parts.get("success_action_status")))) {
            return new Reply(
                    403,
                    "application/xml",
                    "<Error><Code>AccessDenied</Code></Error>".getBytes(StandardCharsets.UTF_8),
                    Map.of());
        }
        if (objects.putIfAbsent(key, parts.get("file")) != null) {
            return new Reply(
                    409,
                    "application/xml",
                    "<Error><Code>FileAlreadyExists</Code></Error>".getBytes(StandardCharsets.UTF_8),
                    Map.of());
        }
        return new Reply(200, "text/plain", new byte[0], Map.of());
    }

    private Reply download(HttpExchange ex, String path) {
        // /results/{taskId}/{index}.png
        String[] parts = path.split("/");
        Map<String, String> q = query(ex.getRequestURI());
        if (parts.length != 4 || !parts[3].endsWith(".png")) {
            return new Reply(
                    404,
                    "application/xml",
                    "<Error><Code>NoSuchKey</Code></Error>".getBytes(StandardCharsets.UTF_8),
                    Map.of());
        }
        String taskId = parts[2];
        int index = parseInt(parts[3].substring(0, parts[3].length() - 4), -1);
        long expires = parseLong(q.get("Expires"));
        if (!sign(taskId + "/" + index + "/" + expires).equals(q.get("Signature"))) {
            return new Reply(
                    403,
                    "application/xml",
                    "<Error><Code>SignatureDoesNotMatch</Code></Error>".getBytes(StandardCharsets.UTF_8),
                    Map.of());
        }
        if (settings.clock().instant().getEpochSecond() >= expires) {
            return new Reply(
                    403,
                    "application/xml",
                    "<Error><Code>AccessDenied</Code><Message>Request has expired.</Message></Error>"
                            .getBytes(StandardCharsets.UTF_8),
                    Map.of());
        }
        SimTask task = book.read(() -> {
            for (String k : keyDigests.values()) {
                Optional<SimTask> t = book.find(taskId, k, settings.clock().instant());
                if (t.isPresent()) {
                    return t.get();
                }
            }
            return null;
        });
        if (task == null) {
            return new Reply(
                    404,
                    "application/xml",
                    "<Error><Code>NoSuchKey</Code></Error>".getBytes(StandardCharsets.UTF_8),
                    Map.of());
        }
        return new Reply(
                200,
                "image/png",
                png.render(task.width, task.height, index, new PngRenderer.Label(null, task.prompt, "simulator")),
                Map.of());
    }

    private Reply blob(String path) {
        byte[] body = blobs.get(path.substring("/blobs/".length()));
        return body == null
                ? new Reply(
                        404,
                        "application/xml",
                        "<Error><Code>NoSuchKey</Code></Error>".getBytes(StandardCharsets.UTF_8),
                        Map.of())
                : new Reply(200, "application/octet-stream", body, Map.of());
    }

    private Reply redirect(HttpExchange ex) {
        String to = query(ex.getRequestURI()).get("to");
        return new Reply(302, "text/plain", new byte[0], to == null ? Map.of() : Map.of("Location", to));
    }

    private String signedUrl(SimTask t, int index, Instant now) {
        long expires = now.plus(settings.resultUrlTtl()).getEpochSecond();
        return base + "/results/" + t.id + "/" + index + ".png?Expires=" + expires + "&OSSAccessKeyId=SIMULATED"
                + "&Signature=" + sign(t.id + "/" + index + "/" + expires);
    }

    private void send(HttpExchange ex, Reply reply, Fault fault) throws IOException {
        ex.getResponseHeaders().set("Content-Type", reply.contentType());
        reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        byte[] body = reply.body();
        if (fault == Fault.UNKNOWN_STATUS
                && reply.status() == 200
                && reply.contentType().equals("application/json")) {
            JsonNode node = mapper.readTree(body);
            if (node.path("output").has("task_status")) {
                ((ObjectNode) node.path("output")).put("task_status", "UNKNOWN");
                ((ObjectNode) node.path("output")).remove(List.of("results", "choices", "task_metrics"));
                body = mapper.writeValueAsBytes(node);
            }
        }
        ex.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        if (body.length == 0) {
            return;
        }
        OutputStream out = ex.getResponseBody();
        if (fault == Fault.TRUNCATED_BODY) {
            out.write(body, 0, body.length / 2);
            out.flush();
            throw new IOException("truncated on purpose"); // closes the connection short of the announced length
        }
        if (fault == Fault.SLOW_BODY) {
            int step = Math.max(1, body.length / 5);
            for (int i = 0; i < body.length; i += step) {
                out.write(body, i, Math.min(step, body.length - i));
                out.flush();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return;
        }
        out.write(body);
    }

    /** A 500 envelope carrying the id of the request that was acted on. */
    private Reply failedAfterActing(Reply acted) throws IOException {
        JsonNode done = mapper.readTree(acted.body());
        ObjectNode e = mapper.createObjectNode();
        e.put("request_id", done.path("request_id").asText(UUID.randomUUID().toString()))
                .put("code", "InternalError")
                .put("message", "An internal error has occured, please try again later.");
        return Reply.json(500, e, mapper);
    }

    private Reply error(int status, String code, String message) {
        ObjectNode e = mapper.createObjectNode();
        e.put("request_id", UUID.randomUUID().toString()).put("code", code).put("message", message);
        return Reply.json(status, e, mapper);
    }

    private String sign(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(urlSecret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The input a model or family cannot do without, as the service names it when it is missing: the image to work
     * on of the image-to-image, out-painting and background services, and the target language of a translation.
     */
    private static Optional<String> missingInput(Optional<ModelSpec> spec, ApiFamily family, JsonNode input) {
        boolean listed = input.path("images").isArray() && !input.path("images").isEmpty();
        List<String> wanted =
                switch (family) {
                    case OUT_PAINTING -> List.of("image_url");
                    case BACKGROUND_GENERATION -> List.of("base_image_url");
                    case IMAGE2IMAGE ->
                        spec.filter(m -> m.supports(ModelOption.TRANSLATION)).isPresent()
                                ? List.of("image_url", "target_lang")
                                : listed || input.hasNonNull("sketch_image_url")
                                        ? List.of()
                                        : List.of("base_image_url");
                    default -> List.of();
                };
        return wanted.stream()
                .filter(f -> input.path(f).asText("").isBlank())
                .map(f -> "input." + f)
                .findFirst();
    }

    private static String time(Instant t) {
        return LocalDateTime.ofInstant(t, ZoneOffset.UTC).format(SERVER_TIME);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static int parseInt(String s, int dflt) {
        try {
            return s == null ? dflt : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static long parseLong(String s) {
        try {
            return s == null ? -1 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
