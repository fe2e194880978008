package io.jenkins.plugins.dashscope.core.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dashscope.core.catalog.ModelLimits;
import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.HttpCall;
import io.jenkins.plugins.dashscope.core.client.HttpReply;
import io.jenkins.plugins.dashscope.core.client.HttpSettings;
import io.jenkins.plugins.dashscope.core.client.HttpTransport;
import io.jenkins.plugins.dashscope.core.common.Json;
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
            .withServiceTime(i -> Duration.ofMillis(200))
            .withLimits(1, 2, Duration.ofMillis(500)));
    private final HttpTransport http = new HttpTransport(HttpSettings.defaults());

    @AfterEach
    void close() {
        http.close();
        sim.close();
    }

    private HttpReply post(String path, String key, String body, Map<String, String> headers) throws Exception {
        return http.exchange(new HttpCall(
                        "POST",
                        URI.create(sim.baseUrl() + "/" + path),
                        key == null ? null : ApiKey.of(key),
                        headers,
                        body.getBytes(StandardCharsets.UTF_8),
                        "application/json",
                        null))
                .get();
    }

    private HttpReply get(String url, String key) throws Exception {
        return http.exchange(HttpCall.get(URI.create(url), key == null ? null : ApiKey.of(key)))
                .get();
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
        assertThat(post(
                                T2I,
                                KEY,
                                "{\"model\":\"wanx-v1\",\"input\":{\"prompt\":\"x\"},\"parameters\":{\"size\":\"9*9\"}}",
                                ASYNC)
                        .text())
                .contains("InvalidParameter");
        assertThat(post(T2I, KEY, "not json", ASYNC).status()).isEqualTo(400);
        assertThat(post(T2I, KEY, "{\"model\":\"wanx-v1\",\"input\":{\"prompt\":\"x\"}}", Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(sim.tasksCreated()).isZero();
    }

    @Test
    void twoSubmitsPerWindowThenThrottling() throws Exception {
        sim.close(); // one window that cannot pass while the four requests are sent, however loaded the host
        sim = DashScopeSimulator.start(SimulatorSettings.defaults(KEY)
                .withLimits(1, 2, Duration.ofMillis(500))
                .withClock(java.time.Clock.fixed(
                        java.time.Instant.parse("2026-01-01T00:00:00Z"), java.time.ZoneOffset.UTC)));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(post(T2I, KEY, "{\"model\":\"wanx-v1\",\"input\":{\"prompt\":\"x\"}}", ASYNC)
                    .status());
        }
        assertThat(statuses).containsExactly(200, 200, 429, 429);
        assertThat(sim.throttledAnswers()).isEqualTo(2);
        assertThat(sim.tasksCreated()).isEqualTo(2);
    }

    @Test
    void oneTaskRunsAtATimePerKeyAndResultsExpire() throws Exception {
        sim.close(); // the simulator's own clock, moved by the test: a loaded host cannot make it late
        io.jenkins.plugins.dashscope.core.testing.VirtualScheduler time =
                new io.jenkins.plugins.dashscope.core.testing.VirtualScheduler();
        sim = DashScopeSimulator.start(SimulatorSettings.defaults(KEY)
                .withClock(time.clock)
                .withServiceTime(i -> Duration.ofMillis(200))
                .withLimits(1, 2, Duration.ofMillis(500)));
        String a = taskId(post(T2I, KEY, "{\"model\":\"wanx-v1\",\"input\":{\"prompt\":\"a\"}}", ASYNC));
        String b = taskId(post(T2I, KEY, "{\"model\":\"wanx-v1\",\"input\":{\"prompt\":\"b\"}}", ASYNC));
        assertThat(get(sim.baseUrl() + "/tasks/" + a, KEY).text()).contains("\"RUNNING\"");
        assertThat(get(sim.baseUrl() + "/tasks/" + b, KEY).text()).contains("\"PENDING\"");
        assertThat(get(sim.baseUrl() + "/tasks/" + a, "sk-other").status()).isEqualTo(401);
        time.advance(Duration.ofMillis(400));
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
                .withServiceTime(i -> Duration.ZERO)
                .withResultUrlTtl(Duration.ZERO))) {
            HttpReply created = http.exchange(new HttpCall(
                            "POST",
                            URI.create(shortLived.baseUrl() + "/" + T2I),
                            ApiKey.of(KEY),
                            ASYNC,
                            "{\"model\":\"wanx-v1\",\"input\":{\"prompt\":\"a\"}}".getBytes(),
                            "application/json",
                            null))
                    .get();
            String done =
                    get(shortLived.baseUrl() + "/tasks/" + taskId(created), KEY).text();
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

    private String submit(String model) throws Exception {
        HttpReply r = post(T2I, KEY, "{\"model\":\"" + model + "\",\"input\":{\"prompt\":\"x\"}}", ASYNC);
        return r.status() == 200
                ? Json.newMapper()
                        .readTree(r.body())
                        .path("output")
                        .path("task_id")
                        .asText()
                : "HTTP " + r.status();
    }

    private com.fasterxml.jackson.databind.JsonNode task(String id) throws Exception {
        return Json.newMapper()
                .readTree(get(sim.baseUrl() + "/tasks/" + id, KEY).body())
                .path("output");
    }

    @Test
    void eachModelHasItsOwnSubmitLimitAndSlotsAndQueuesTheRestPending() throws Exception {
        sim.close();
        io.jenkins.plugins.dashscope.core.testing.VirtualScheduler time =
                new io.jenkins.plugins.dashscope.core.testing.VirtualScheduler();
        sim = DashScopeSimulator.start(SimulatorSettings.defaults(KEY)
                .withClock(time.clock)
                .withServiceTime(i -> Duration.ofSeconds(10))
                .withModelLimits(m -> m.equals("wanx-v1") ? ModelLimits.perSecond(2, 1) : ModelLimits.perSecond(5, 5)));

        List<String> classic = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            classic.add(submit("wanx-v1"));
        }
        List<String> preview = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            preview.add(submit("wan2.5-t2i-preview"));
        }

        assertThat(classic.get(2)).isEqualTo("HTTP 429");
        assertThat(preview.subList(0, 5)).noneMatch(id -> id.startsWith("HTTP"));
        assertThat(preview.get(5)).as("another model's submits do not count").isEqualTo("HTTP 429");
        assertThat(task(classic.get(0)).path("task_status").asText()).isEqualTo("RUNNING");
        assertThat(task(classic.get(1)).path("task_status").asText())
                .as("one slot: queued")
                .isEqualTo("PENDING");
        assertThat(preview.subList(0, 5))
                .allSatisfy(
                        id -> assertThat(task(id).path("task_status").asText()).isEqualTo("RUNNING"));
        time.advance(Duration.ofSeconds(10));
        com.fasterxml.jackson.databind.JsonNode second = task(classic.get(1));
        assertThat(second.path("task_status").asText()).isEqualTo("RUNNING");
        assertThat(java.time.Instant.parse(
                        second.path("scheduled_time").asText().replace(' ', 'T') + "Z"))
                .isAfter(java.time.Instant.parse(
                        second.path("submit_time").asText().replace(' ', 'T') + "Z"));
    }

    @Test
    void taskQueriesBeyondTheLimitAreRefused() throws Exception {
        sim.close();
        sim = DashScopeSimulator.start(SimulatorSettings.defaults(KEY)
                .withQueryLimit(3, Duration.ofSeconds(1))
                .withClock(java.time.Clock.fixed(
                        java.time.Instant.parse("2026-01-01T00:00:00Z"), java.time.ZoneOffset.UTC)));
        String id = submit("wanx-v1");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(get(sim.baseUrl() + "/tasks/" + id, KEY).status());
        }
        assertThat(statuses).containsExactly(200, 200, 200, 429);
    }
}
