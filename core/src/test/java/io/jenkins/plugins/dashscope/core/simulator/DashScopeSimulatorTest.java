package io.jenkins.plugins.dashscope.core.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dashscope.core.client.HttpCall;
import io.jenkins.plugins.dashscope.core.client.HttpReply;
import io.jenkins.plugins.dashscope.core.client.HttpSettings;
import io.jenkins.plugins.dashscope.core.client.HttpTransport;
import io.jenkins.plugins.dashscope.core.client.ApiKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator's own rules, seen as raw HTTP. */
class DashScopeSimulatorTest {

    private static final String KEY = "sk-simulator-test";
    private DashScopeSimulator sim = DashScopeSimulator.start(SimulatorSettings.defaults(KEY)
            .withServiceTime(i -> Duration.ofMillis(200)).withLimits(1, 2, Duration.ofMillis(500)));
    private final HttpTransport http = new HttpTransport(HttpSettings.defaults());

    @AfterEach
    void close() {
        http.close();
        sim.close();
    }

    private HttpReply post(String path, String key, String body, Map<String, String> headers) throws Exception {
        return http.exchange(new HttpCall("POST", URI.create(sim.baseUrl() + "/" + path), key == null ? null : ApiKey.of(key),
                headers, body.getBytes(StandardCharsets.UTF_8), "application/json", null)).get();
    }

    private HttpReply get(String url, String key) throws Exception {
        return http.exchange(HttpCall.get(URI.create(url), key == null ? null : ApiKey.of(key))).get();
    }

    private static final String T2I = "services/aigc/text2image/image-synthesis";
    private static final Map<String, String> ASYNC = Map.of("X-DashScope-Async", "enable");

    @Test
    void rejectsUnknownKeysAndBadInput() throws Exception {
        sim.close();
        sim = DashScopeSimulator.start(SimulatorSettings.defaults(KEY).withLimits(1, 100, Duration.ofMillis(500)));
        assertThat(post(T2I, "sk-other", "{}", ASYNC).text()).contains("InvalidApiKey");
        assertThat(post(T2I, null, "{}", ASYNC).status()).isEqualTo(401);
        HttpReply noPrompt = post(T2I, KEY, "{\"model\":\"wanx-v1\",\"input\":{}}", ASYNC);
        assertThat(noPrompt.status()).isEqualTo(400);
        assertThat(noPrompt.text()).contains("InvalidParameter", "request_id");
        assertThat(post(T2I, KEY, "{\"model\":\"wanx-v1\",\"input\":{\"prompt\":\"x\"},\"parameters\":{\"size\":\"9*9\"}}", ASYNC)
                .text()).contains("InvalidParameter");
        assertThat(post(T2I, KEY, "not json", ASYNC).status()).isEqualTo(400);
        assertThat(post(T2I, KEY, "{\"model\":\"wanx-v1\",\"input\":{\"prompt\":\"x\"}}", Map.of()).status()).isEqualTo(403);
        assertThat(sim.tasksCreated()).isZero();
    }

    @Test
    void twoSubmitsPerWindowThenThrottling() throws Exception {
        sim.close(); // one window that cannot pass while the four requests are sent, however loaded the host
        sim = DashScopeSimulator.start(SimulatorSettings.defaults(KEY).withLimits(1, 2, Duration.ofMillis(500))
                .withClock(java.time.Clock.fixed(java.time.Instant.parse("2026-01-01T00:00:00Z"), java.time.ZoneOffset.UTC)));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(post(T2I, KEY, "{\"model\":\"wanx-v1\",\"input\":{\"prompt\":\"x\"}}", ASYNC).status());
        }
        assertThat(statuses).containsExactly(200, 200, 429, 429);
        assertThat(sim.throttledAnswers()).isEqualTo(2);
        assertThat(sim.tasksCreated()).isEqualTo(2);
    }

    @Test
    void oneTaskRunsAtATimePerKeyAndResultsExpire() throws Exception {
        String a = taskId(post(T2I, KEY, "{\"model\":\"wanx-v1\",\"input\":{\"prompt\":\"a\"}}", ASYNC));
        String b = taskId(post(T2I, KEY, "{\"model\":\"wanx-v1\",\"input\":{\"prompt\":\"b\"}}", ASYNC));
        assertThat(get(sim.baseUrl() + "/tasks/" + a, KEY).text()).contains("\"RUNNING\"");
        assertThat(get(sim.baseUrl() + "/tasks/" + b, KEY).text()).contains("\"PENDING\"");
        assertThat(get(sim.baseUrl() + "/tasks/" + a, "sk-other").status()).isEqualTo(401);
        Thread.sleep(450);
        String done = get(sim.baseUrl() + "/tasks/" + b, KEY).text();
        assertThat(done).contains("\"SUCCEEDED\"", "submit_time", "scheduled_time", "end_time", "image_count");
        String url = done.replaceAll("(?s).*\"url\" : \"([^\"]+)\".*", "$1");
        HttpReply png = get(url, null);
        assertThat(png.status()).isEqualTo(200);
        assertThat(png.headers().get("content-type")).isEqualTo("image/png");
        assertThat(get(url.replace("Signature=", "Signature=0"), null).status()).isEqualTo(403);
    }

    @Test
    void expiredSignedUrlsAnswer403() throws Exception {
        try (DashScopeSimulator shortLived = DashScopeSimulator.start(SimulatorSettings.defaults(KEY)
                .withServiceTime(i -> Duration.ZERO).withResultUrlTtl(Duration.ZERO))) {
            HttpReply created = http.exchange(new HttpCall("POST", URI.create(shortLived.baseUrl() + "/" + T2I), ApiKey.of(KEY),
                    ASYNC, "{\"model\":\"wanx-v1\",\"input\":{\"prompt\":\"a\"}}".getBytes(), "application/json", null)).get();
            String done = get(shortLived.baseUrl() + "/tasks/" + taskId(created), KEY).text();
            String url = done.replaceAll("(?s).*\"url\" : \"([^\"]+)\".*", "$1");
            HttpReply expired = get(url, null);
            assertThat(expired.status()).isEqualTo(403);
            assertThat(expired.text()).contains("expired");
        }
    }

    @Test
    void faultsAreServedInOrderAndCounted() throws Exception {
        sim.faults().inject(RequestKind.QUERY, Fault.SERVER_ERROR, 1).inject(RequestKind.QUERY, Fault.THROTTLED, 1);
        assertThat(get(sim.baseUrl() + "/tasks/x", KEY).status()).isEqualTo(500);
        assertThat(get(sim.baseUrl() + "/tasks/x", KEY).status()).isEqualTo(429);
        assertThat(get(sim.baseUrl() + "/tasks/x", KEY).text()).contains("UNKNOWN");
        assertThat(sim.count(RequestKind.QUERY)).isEqualTo(3);
        assertThat(sim.count(RequestKind.SUBMIT)).isZero();
    }

    private static String taskId(HttpReply created) {
        return created.text().replaceAll("(?s).*\"task_id\" : \"([^\"]+)\".*", "$1");
    }
}
