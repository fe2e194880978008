package io.jenkins.plugins.dashscope.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.dashscope.core.catalog.ApiFamily;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.ErrorKind;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.simulator.Fault;
import io.jenkins.plugins.dashscope.core.simulator.RequestKind;
import io.jenkins.plugins.dashscope.core.testing.SimulatorFixture;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DashScopeClientTest {

    private final SimulatorFixture fx = new SimulatorFixture();
    private final DashScopeClient client = fx.client();

    @AfterEach
    void close() {
        fx.close();
    }

    private ObjectNode body(String prompt) {
        ObjectNode b = Json.newMapper().createObjectNode();
        b.put("model", "wanx-v1");
        b.putObject("input").put("prompt", prompt);
        return b;
    }

    private static DashScopeException failure(java.util.concurrent.CompletableFuture<?> f) {
        try {
            f.get();
        } catch (ExecutionException e) {
            return (DashScopeException) e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void createQueryCancelAndList() throws Exception {
        try (SimulatorFixture slow =
                new SimulatorFixture(s -> s.withServiceTime(i -> java.time.Duration.ofSeconds(5)), e -> e)) {
            createQueryCancelAndList(slow.client(), slow.key);
        }
    }

    private void createQueryCancelAndList(DashScopeClient client, ApiKey key) throws Exception {
        TaskSnapshot first = client.create(key, ApiFamily.TEXT2IMAGE, body("one"), false, null)
                .get();
        TaskSnapshot second = client.create(key, ApiFamily.TEXT2IMAGE, body("two"), false, null)
                .get();
        assertThat(first.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(first.taskId()).isNotBlank();
        assertThat(first.requestId()).isNotBlank();
        // one task runs at a time per key: the second waits PENDING and can be cancelled
        assertThat(client.query(key, second.taskId()).get().status()).isEqualTo(TaskStatus.PENDING);
        assertThat(client.cancel(key, second.taskId()).get().status()).isEqualTo(TaskStatus.CANCELED);
        assertThat(client.query(key, second.taskId()).get().status()).isEqualTo(TaskStatus.CANCELED);
        TaskPage page =
                client.list(key, Map.of("page_no", "1", "page_size", "10")).get();
        assertThat(page.total()).isEqualTo(2);
        assertThat(page.tasks()).extracting(TaskPage.Entry::taskId).containsExactly(first.taskId(), second.taskId());
        assertThat(client.list(key, Map.of("status", "CANCELED")).get().tasks()).hasSize(1);
    }

    @Test
    void cancellingARunningTaskIsRefused() throws Exception {
        TaskSnapshot t = client.create(fx.key, ApiFamily.TEXT2IMAGE, body("x"), false, null)
                .get();
        DashScopeException e = failure(client.cancel(fx.key, t.taskId()));
        assertThat(e.code()).isEqualTo("UnsupportedOperation");
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_PARAMETER);
    }

    @Test
    void unknownTaskIsUnknown() throws Exception {
        assertThat(client.query(fx.key, "no-such-task").get().status()).isEqualTo(TaskStatus.UNKNOWN);
    }

    @Test
    void errorsAreTypedWithCodeMessageAndRequestId() {
        DashScopeException auth =
                failure(client.create(ApiKey.of("sk-wrong"), ApiFamily.TEXT2IMAGE, body("x"), false, null));
        assertThat(auth.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(auth.code()).isEqualTo("InvalidApiKey");
        assertThat(auth.httpStatus()).isEqualTo(401);
        assertThat(auth.requestId()).isNotBlank();
        assertThat(auth.getMessage())
                .contains("InvalidApiKey", "HTTP 401", auth.requestId())
                .doesNotContain("sk-wrong");

        DashScopeException moderation =
                failure(client.create(fx.key, ApiFamily.TEXT2IMAGE, body("simulate:moderation"), false, null));
        assertThat(moderation.kind()).isEqualTo(ErrorKind.MODERATION);

        fx.simulator
                .faults()
                .inject(RequestKind.SUBMIT, Fault.QUOTA_EXHAUSTED, 1)
                .inject(RequestKind.QUERY, Fault.THROTTLED, 1)
                .inject(RequestKind.LIST, Fault.SERVER_ERROR, 1)
                .inject(RequestKind.CANCEL, Fault.UNAVAILABLE_NO_ENVELOPE, 1);
        DashScopeException quota = failure(client.create(fx.key, ApiFamily.TEXT2IMAGE, body("x"), false, null));
        assertThat(quota.kind()).isEqualTo(ErrorKind.QUOTA_EXHAUSTED);
        assertThat(quota.provablyNotApplied()).isTrue();
        fx.simulator.faults().inject(RequestKind.SUBMIT, Fault.SERVER_ERROR, 1);
        DashScopeException internal = failure(client.create(fx.key, ApiFamily.TEXT2IMAGE, body("x"), false, null));
        assertThat(internal.code()).isEqualTo("InternalError");
        assertThat(internal.provablyNotApplied())
                .as("a 5xx envelope may come after the task was created")
                .isFalse();
        assertThat(failure(client.query(fx.key, "t")).kind()).isEqualTo(ErrorKind.THROTTLED);
        assertThat(failure(client.list(fx.key, Map.of())).kind()).isEqualTo(ErrorKind.SERVER);
        DashScopeException gateway = failure(client.cancel(fx.key, "t"));
        assertThat(gateway.kind()).isEqualTo(ErrorKind.SERVER);
        assertThat(gateway.provablyNotApplied())
                .as("no envelope: the server may have acted")
                .isFalse();
    }

    @Test
    void asyncHeaderOnASyncOnlyFamilyIsAccessDenied() throws Exception {
        // The multimodal family is sync-only; like the vendor, the simulator refuses the async header.
        HttpReply reply = client.transport()
                .exchange(new HttpCall(
                        "POST",
                        fx.engineSettings().endpoint().resolve(ApiFamily.MULTIMODAL_GENERATION.path()),
                        fx.key,
                        Map.of("X-DashScope-Async", "enable"),
                        body("x").toString().getBytes(),
                        "application/json",
                        null))
                .get();
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.text()).contains("AccessDenied");
    }

    @Test
    void transportFailuresAreNetworkErrorsAndMalformedAnswersProtocolErrors() {
        fx.simulator
                .faults()
                .inject(RequestKind.QUERY, Fault.DROP_CONNECTION, 1)
                .inject(RequestKind.QUERY, Fault.MALFORMED_JSON, 1)
                .inject(RequestKind.QUERY, Fault.TRUNCATED_BODY, 1);
        DashScopeException dropped = failure(client.query(fx.key, "t"));
        assertThat(dropped.kind()).isEqualTo(ErrorKind.NETWORK);
        assertThat(dropped.provablyNotApplied()).isFalse();
        assertThat(failure(client.query(fx.key, "t")).kind()).isEqualTo(ErrorKind.PROTOCOL);
        assertThat(failure(client.query(fx.key, "t")).kind()).isIn(ErrorKind.NETWORK, ErrorKind.PROTOCOL);
    }

    @Test
    void refusedConnectionProvesNothingWasSent() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        DashScopeClient nowhere = new DashScopeClient(
                client.transport(), new Endpoint(java.net.URI.create("http://127.0.0.1:" + port + "/api/v1")));
        DashScopeException e = failure(nowhere.create(fx.key, ApiFamily.TEXT2IMAGE, body("x"), false, null));
        assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK);
        assertThat(e.provablyNotApplied()).isTrue();
    }

    @Test
    void taskIdsCannotEscapeThePath() {
        assertThatThrownBy(() -> client.query(fx.key, "../uploads")).hasMessageContaining("taskId");
    }

    @Test
    void endpointsAndRegions() {
        assertThat(Endpoint.choose(null, null).baseUrl().toString()).isEqualTo("https://dashscope.aliyuncs.com/api/v1");
        assertThat(Endpoint.choose("ap-southeast-1", null).host()).isEqualTo("dashscope-intl.aliyuncs.com");
        assertThat(Endpoint.choose("us-east-1", null).host()).isEqualTo("dashscope-us.aliyuncs.com");
        assertThat(Endpoint.choose("cn-hongkong", null).host()).isEqualTo("cn-hongkong.dashscope.aliyuncs.com");
        assertThat(Endpoint.choose(null, "https://ws1.cn-beijing.maas.aliyuncs.com/api/v1/")
                        .toString())
                .isEqualTo("https://ws1.cn-beijing.maas.aliyuncs.com/api/v1");
        assertThatThrownBy(() -> Endpoint.choose("mars-1", null)).hasMessageStartingWith("region: ");
        assertThatThrownBy(() -> Endpoint.choose(null, "ftp://x/api/v1")).hasMessageStartingWith("endpoint: ");
        assertThatThrownBy(() -> Endpoint.choose(null, "file:///etc/passwd")).hasMessageStartingWith("endpoint: ");
        assertThatThrownBy(() -> Endpoint.choose("cn-beijing", "https://x/api/v1"))
                .hasMessageStartingWith("endpoint: ");
    }

    /** Finding 3: the key is sent in clear text only to this machine, and only below an /api/v1 path. */
    @Test
    void endpointsMustEndInApiV1AndUseHttpsUnlessOnLoopback() {
        for (String refused : new String[] {
            "http://gateway.example.com/api/v1",
            "http://10.0.0.8:8080/api/v1",
            "https://gateway.example.com/",
            "https://gateway.example.com/api/v2",
            "https://internal.example.com/admin"
        }) {
            assertThatThrownBy(() -> Endpoint.parse(refused)).as(refused).hasMessageStartingWith("endpoint: ");
        }
        for (String accepted : new String[] {
            "http://127.0.0.1:8089/api/v1",
            "http://localhost:8089/api/v1/",
            "http://[::1]:8089/api/v1",
            "https://gateway.example.com/dashscope/api/v1"
        }) {
            assertThat(Endpoint.parse(accepted).baseUrl().getPath())
                    .as(accepted)
                    .endsWith("/api/v1");
        }
    }

    @Test
    void proxySettingsBypassNoProxyHostsAndHideThePassword() {
        ProxySettings p = new ProxySettings("proxy.corp", 3128, java.util.List.of("*.internal", "127.0.0.1"));
        ProxyCredentials c = ProxyCredentials.of("bob", "hunter2");
        assertThat(p.bypasses("ci.internal")).isTrue();
        assertThat(p.bypasses("127.0.0.1")).isTrue();
        assertThat(p.bypasses("dashscope.aliyuncs.com")).isFalse();
        assertThat(c.toString()).doesNotContain("hunter2");
    }
}
