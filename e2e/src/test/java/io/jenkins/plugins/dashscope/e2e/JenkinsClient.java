package io.jenkins.plugins.dashscope.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Jenkins' REST API as one user (or anonymous): a cookie session with its crumb, as a browser or a
 * script with a password would use it. {@link #forget()} starts a new session, e.g. after a restart.
 */
final class JenkinsClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A build of a job. */
    record Build(String job, int number) {
        String path() {
            return "job/" + job + "/" + number + "/";
        }
    }

    private final URI root;
    private final String authorization;
    private HttpClient http;
    private String crumbField;
    private String crumb;

    JenkinsClient(URI root, String user, String password) {
        this.root = root;
        this.authorization = user == null
                ? null
                : "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        forget();
    }

    static JenkinsClient anonymous(URI root) {
        return new JenkinsClient(root, null, null);
    }

    /** A new session: no cookies, no crumb. */
    void forget() {
        http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        crumb = null;
    }

    URI root() {
        return root;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + ": HTTP " + r.statusCode());
        }
        return JSON.readTree(r.body());
    }

    /** A form POST with this session's crumb, as a browser submits it. */
    HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return http.send(
                crumbed(request(path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postXml(String path, String xml) throws IOException, InterruptedException {
        return http.send(
                crumbed(request(path))
                        .header("Content-Type", "application/xml; charset=UTF-8")
                        .POST(HttpRequest.BodyPublishers.ofString(xml))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    void createPipeline(String name, String script) throws IOException, InterruptedException {
        createPipeline("", name, script);
    }

    /** A Pipeline job in a folder ({@code marketing}, or {@code a/job/b}; empty for the top level). */
    void createPipeline(String folder, String name, String script) throws IOException, InterruptedException {
        String parent = folder.isEmpty() ? "" : "job/" + path(folder) + "/";
        expect(200, postXml(parent + "createItem?name=" + enc(name), """
                <flow-definition plugin="workflow-job">
                  <definition class="org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition" plugin="workflow-cps">
                    <script>%s</script>
                    <sandbox>true</sandbox>
                  </definition>
                </flow-definition>
                """.formatted(xmlText(script))), "create " + name);
    }

    void createFreestyle(String name) throws IOException, InterruptedException {
        expect(
                200,
                postXml("createItem?name=" + enc(name), "<project><builders/><publishers/><buildWrappers/></project>"),
                "create " + name);
    }

    /** Queues a build and waits until it has a number. */
    Build build(String job) throws IOException, InterruptedException {
        HttpResponse<String> r = post("job/" + path(job) + "/build?delay=0sec", Map.of());
        expect(201, r, "build " + job);
        String queueItem = root.relativize(
                        URI.create(r.headers().firstValue("Location").orElseThrow()))
                .toString();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode item = json(queueItem + "api/json");
            if (item.path("executable").has("number")) {
                return new Build(job, item.path("executable").path("number").asInt());
            }
            Thread.sleep(100);
        }
        throw new IOException(job + " stayed in the queue for 2 minutes");
    }

    /** Waits (bounded) until the build is over and returns its JSON ({@code result}, {@code artifacts}, ...). */
    JsonNode await(Build b, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            JsonNode j = json(b.path() + "api/json?tree=number,building,result,duration,artifacts[relativePath]");
            if (!j.path("building").asBoolean(true)) {
                return j;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(b + " still building after " + limit + "; log so far:\n" + console(b));
            }
            Thread.sleep(200);
        }
    }

    String console(Build b) throws IOException, InterruptedException {
        return get(b.path() + "consoleText").body();
    }

    /** Waits (bounded) until the running build's log matches {@code regex}; returns the first group, or the match. */
    String awaitLog(Build b, String regex, Duration limit) throws IOException, InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = p.matcher(console(b));
            if (m.find()) {
                return m.groupCount() > 0 ? m.group(1) : m.group();
            }
            Thread.sleep(200);
        }
        throw new IOException(b + ": no log line matching " + regex + " within " + limit + ":\n" + console(b));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(root.resolve(path)).timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private HttpRequest.Builder crumbed(HttpRequest.Builder b) throws IOException, InterruptedException {
        if (crumb == null) {
            JsonNode c = json("crumbIssuer/api/json");
            crumbField = c.path("crumbRequestField").asText();
            crumb = c.path("crumb").asText();
        }
        return b.header(crumbField, crumb);
    }

    static void expect(int status, HttpResponse<String> r, String what) throws IOException {
        if (r.statusCode() != status) {
            throw new IOException(what + ": HTTP " + r.statusCode() + " (expected " + status + ")\n" + r.body());
        }
    }

    /** A job's path under {@code job/}, each name encoded: {@code team-a/job/poster} stays one. */
    static String path(String job) {
        return String.join(
                "/",
                java.util.Arrays.stream(job.split("/")).map(JenkinsClient::enc).toList());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String xmlText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Form fields in order, for {@link #post}. */
    static Map<String, String> form(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
