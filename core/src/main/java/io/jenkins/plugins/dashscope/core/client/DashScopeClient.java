package io.jenkins.plugins.dashscope.core.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.dashscope.core.catalog.ApiFamily;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.ErrorKind;
import io.jenkins.plugins.dashscope.core.common.Json;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.ConnectTimeoutException;

/**
 * The DashScope task API: create, query, cancel, list, upload policy. Stateless apart from its endpoint
 * and transport; the key comes with every call, so one client serves any number of keys.
 */
public final class DashScopeClient {

    /**
     * The code of an answer over {@link HttpTransport#MAX_ANSWER_BYTES}: the server would answer the same again,
     * so it is never retried.
     */
    public static final String ANSWER_TOO_LARGE = "AnswerTooLarge";

    private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final HttpTransport transport;
    private final Endpoint endpoint;
    private final ObjectMapper mapper;

    public DashScopeClient(HttpTransport transport, Endpoint endpoint) {
        this.transport = transport;
        this.endpoint = endpoint;
        this.mapper = Json.newMapper();
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public HttpTransport transport() {
        return transport;
    }

    /**
     * Creates a task (async families) or runs the generation (sync families).
     *
     * @param ossResolve send {@code X-DashScope-OssResourceResolve}: inputs are {@code oss://} uploads
     * @param timeout    response timeout; a sync call must wait for the whole generation
     */
    public CompletableFuture<TaskSnapshot> create(
            ApiKey key, ApiFamily family, ObjectNode body, boolean ossResolve, Duration timeout) {
        Map<String, String> headers = baseHeaders();
        if (family.isAsync()) {
            headers.put("X-DashScope-Async", "enable");
        }
        if (ossResolve) {
            headers.put("X-DashScope-OssResourceResolve", "enable");
        }
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpCall call =
                new HttpCall("POST", endpoint.resolve(family.path()), key, headers, json, "application/json", timeout);
        return send(call, root -> {
            TaskSnapshot created = SnapshotParser.parse(root);
            // the id goes into every later URL: refuse one that is not an id now, not inside a scheduled poll
            if (family.isAsync() && (created.taskId() == null || !isTaskId(created.taskId()))) {
                throw new IllegalArgumentException("the task id is missing or not an id");
            }
            return created;
        });
    }

    public CompletableFuture<TaskSnapshot> query(ApiKey key, String taskId) {
        return send(
                new HttpCall(
                        "GET", endpoint.resolve("tasks/" + checkTaskId(taskId)), key, baseHeaders(), null, null, null),
                SnapshotParser::parse);
    }

    /** Cancels a task; the vendor cancels only PENDING tasks. */
    public CompletableFuture<TaskSnapshot> cancel(ApiKey key, String taskId) {
        return send(
                new HttpCall(
                        "POST",
                        endpoint.resolve("tasks/" + checkTaskId(taskId) + "/cancel"),
                        key,
                        baseHeaders(),
                        new byte[0],
                        "application/json",
                        null),
                root -> {
                    JsonNode out = root.path("output");
                    return new TaskSnapshot(
                            taskId,
                            TaskStatus.parse(out.path("task_status").asText("CANCELED")),
                            SnapshotParser.text(root, "request_id"),
                            null,
                            null,
                            List.of(),
                            null,
                            null,
                            null,
                            null,
                            null,
                            null);
                });
    }

    /** Lists tasks. Keys of {@code filters}: page_no, page_size, start_time, end_time, model_name, status. */
    public CompletableFuture<TaskPage> list(ApiKey key, Map<String, String> filters) {
        StringBuilder q = new StringBuilder("tasks");
        char sep = '?';
        for (var e : filters.entrySet()) {
            q.append(sep)
                    .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        HttpCall call = new HttpCall("GET", endpoint.resolve(q.toString()), key, baseHeaders(), null, null, null);
        return transport.exchange(call).handle((reply, failure) -> {
            if (failure != null) {
                throw transportFailure(call, failure);
            }
            return read(
                    call, reply, root -> TaskPage.parse(root, reply.headers().get("date")));
        });
    }

    public CompletableFuture<UploadPolicy> uploadPolicy(ApiKey key, String model) {
        URI uri =
                endpoint.resolve("uploads?action=getPolicy&model=" + URLEncoder.encode(model, StandardCharsets.UTF_8));
        return send(new HttpCall("GET", uri, key, baseHeaders(), null, null, null), root -> {
            JsonNode d = root.path("data");
            String host = SnapshotParser.text(d, "upload_host");
            if (host == null || SnapshotParser.text(d, "upload_dir") == null) {
                throw new IllegalArgumentException("upload policy lacks upload_host or upload_dir");
            }
            return new UploadPolicy(
                    URI.create(host),
                    d.path("upload_dir").asText(),
                    SnapshotParser.text(d, "oss_access_key_id"),
                    SnapshotParser.text(d, "signature"),
                    SnapshotParser.text(d, "policy"),
                    SnapshotParser.text(d, "x_oss_object_acl"),
                    SnapshotParser.text(d, "x_oss_forbid_overwrite"));
        });
    }

    private Map<String, String> baseHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Accept", "application/json");
        return h;
    }

    private <T> CompletableFuture<T> send(HttpCall call, Function<JsonNode, T> reader) {
        return transport.exchange(call).handle((reply, failure) -> {
            if (failure != null) {
                throw transportFailure(call, failure);
            }
            return read(call, reply, reader);
        });
    }

    private <T> T read(HttpCall call, HttpReply reply, Function<JsonNode, T> reader) {
        JsonNode root = null;
        try {
            root = ServerText.clean(mapper.readTree(reply.body()), call.key());
        } catch (java.io.IOException e) {
            // not JSON: handled below by status
        }
        if (!reply.ok()) {
            String code = root == null ? null : SnapshotParser.text(root, "code");
            String message = root == null ? null : SnapshotParser.text(root, "message");
            String requestId = root == null ? null : SnapshotParser.text(root, "request_id");
            boolean envelope = code != null;
            // An error envelope below 500 is the server refusing the request; a 5xx one may come after it acted.
            boolean refused = envelope && reply.status() < 500;
            // without the vendor's envelope (a 404 page, a redirect) the answer says nothing about our input
            ErrorKind kind = envelope || reply.status() >= 500 || reply.status() == 408 || reply.status() == 429
                    ? ErrorKind.of(reply.status(), code)
                    : ErrorKind.PROTOCOL;
            throw new DashScopeException(
                    kind,
                    code,
                    message != null ? message : call + " answered HTTP " + reply.status(),
                    requestId,
                    reply.status(),
                    refused,
                    null,
                    RetryAfter.parse(reply.headers().get("retry-after"), java.time.Clock.systemUTC()));
        }
        if (root == null || !root.isObject()) {
            throw new DashScopeException(
                    ErrorKind.PROTOCOL,
                    null,
                    call + " answered with malformed JSON",
                    null,
                    reply.status(),
                    false,
                    null);
        }
        try {
            return reader.apply(root);
        } catch (RuntimeException e) {
            throw new DashScopeException(
                    ErrorKind.PROTOCOL,
                    null,
                    call + " answered an unexpected shape: " + e.getMessage(),
                    SnapshotParser.text(root, "request_id"),
                    reply.status(),
                    false,
                    null);
        }
    }

    static DashScopeException transportFailure(Object what, Throwable failure) {
        Throwable t =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof DashScopeException d) {
            return d;
        }
        if (t instanceof BoundedResponseConsumer.TooLarge) {
            return new DashScopeException(
                    ErrorKind.PROTOCOL, ANSWER_TOO_LARGE, what + " failed: " + t.getMessage(), null, 0, false, t);
        }
        if (t instanceof CancellationException) {
            return new DashScopeException(ErrorKind.CANCELLED, null, what + " was cancelled", null, 0, false, t);
        }
        // Nothing reached the server when the connection could not be made.
        boolean notSent = t instanceof ConnectException
                || t instanceof ConnectTimeoutException
                || t instanceof UnknownHostException;
        String why = t instanceof InterruptedIOException ? "timed out" : "failed";
        return new DashScopeException(
                ErrorKind.NETWORK,
                null,
                what + " " + why + ": " + t.getClass().getSimpleName()
                        + (t.getMessage() == null ? "" : " " + t.getMessage()),
                null,
                0,
                notSent,
                t);
    }

    private static boolean isTaskId(String taskId) {
        return taskId != null && TASK_ID.matcher(taskId).matches() && !taskId.equals("null");
    }

    private static String checkTaskId(String taskId) {
        if (!isTaskId(taskId)) {
            throw new io.jenkins.plugins.dashscope.core.common.InvalidRequestException(
                    "taskId", "'" + taskId + "' is not a task id (letters, digits, '-' and '_')");
        }
        return taskId;
    }
}
