package io.jenkins.plugins.dashscope.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's headless Chromium driven over the DevTools protocol, for screenshots of Jenkins pages as a
 * logged-in user sees them (the protocol lets every request carry the user's Authorization header, and
 * lets a page be clicked or filled before the picture is taken).
 */
final class Chromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    /** The browser's executable, or null when none is installed (Debian package {@code chromium}). */
    static Path executable() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    Chromium(Path executable, Path profile, String authorization) throws Exception {
        Files.createDirectories(profile);
        Files.deleteIfExists(profile.resolve("DevToolsActivePort")); // a reused profile's is an earlier browser's
        // the flags keep it from reaching out to the internet, which this machine does not have
        process = new ProcessBuilder(
                        executable.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-quic",
                        "--hide-scrollbars",
                        "--remote-debugging-port=0",
                        "--user-data-dir=" + profile,
                        "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(profile.resolveSibling("chromium.log").toFile())
                .start();
        try {
            socket = connect(profile);
        } catch (Exception | Error e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly); // no browser outlives a failed start
            process.destroyForcibly();
            throw e;
        }
        send("Page.enable", Map.of());
        send("Network.enable", Map.of());
        if (authorization != null) {
            send("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", authorization)));
        }
    }

    /** Opens {@code url} at this window width and waits until the page and its scripts have settled. */
    void open(URI url, int width) throws Exception {
        send(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", false));
        eval("window.__leaving = true");
        send("Page.navigate", Map.of("url", url.toString()));
        // the marker is gone once the new document replaced the old one
        waitFor("!window.__leaving && document.readyState === 'complete'", Duration.ofSeconds(30));
        Thread.sleep(500); // layout after late scripts (Jenkins renders some controls on load)
    }

    /** Evaluates a JavaScript expression in the page and returns its value. */
    JsonNode eval(String expression) throws Exception {
        JsonNode r =
                send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IOException("script failed: " + r.path("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    void waitFor(String condition, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!eval("!!(" + condition + ")").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("page never met: " + condition);
            }
            Thread.sleep(100);
        }
    }

    /**
     * A PNG of the element {@code selector} finds (with a margin), or of the whole page when it is null.
     */
    byte[] screenshot(String selector) throws Exception {
        // drop-downs fill themselves with a request after the page loaded
        waitFor("!document.querySelector('.select-ajax-pending')", Duration.ofSeconds(20));
        JsonNode box = eval(
                selector == null
                        ? "({x: 0, y: 0, width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight})"
                        : "(() => { const r = document.querySelector(" + JSON.writeValueAsString(selector)
                                + ").getBoundingClientRect(); return {x: r.left + scrollX - 16, y: r.top + scrollY - 16,"
                                + " width: r.width + 32, height: r.height + 32}; })()");
        ObjectNode clip = JSON.createObjectNode();
        clip.put("x", Math.max(0, box.path("x").asDouble()));
        clip.put("y", Math.max(0, box.path("y").asDouble()));
        clip.put("width", box.path("width").asDouble());
        clip.put("height", box.path("height").asDouble());
        clip.put("scale", 1);
        JsonNode shot =
                send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        return Base64.getDecoder().decode(shot.path("data").asText());
    }

    /** The DevTools socket of the page the browser opened, once it has written its port. */
    private WebSocket connect(Path profile) throws Exception {
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // generous: a busy machine starts slowly
        while (!Files.exists(portFile) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets = JSON.readTree(http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        String page = null;
        for (JsonNode t : targets) {
            if (t.path("type").asText().equals("page")) {
                page = t.path("webSocketDebuggerUrl").asText();
            }
        }
        return http.newWebSocketBuilder()
                .buildAsync(URI.create(page), new Listener())
                .get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        socket.abort();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private JsonNode send(String method, Object params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true)
                .get(10, TimeUnit.SECONDS);
        JsonNode reply = answer.get(60, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IOException(method + ": " + reply.path("error"));
        }
        return reply.path("result");
    }

    /** Joins the parts of each message and completes the command it answers; events are not needed. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                try {
                    JsonNode node = JSON.readTree(message.toString());
                    CompletableFuture<JsonNode> f =
                            node.has("id") ? pending.remove(node.path("id").asInt()) : null;
                    if (f != null) {
                        f.complete(node);
                    }
                } catch (IOException e) {
                    pending.values().forEach(f -> f.completeExceptionally(e));
                }
                message.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }
}
