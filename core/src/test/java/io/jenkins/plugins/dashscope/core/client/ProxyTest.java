package io.jenkins.plugins.dashscope.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.simulator.DashScopeSimulator;
import io.jenkins.plugins.dashscope.core.simulator.SimulatorSettings;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proxy settings, with a simulator standing in as the proxy: it receives absolute-form requests, so
 * an endpoint where nothing listens is reachable only through it.
 */
class ProxyTest {

    private static final String KEY = "sk-proxy-test";
    private final DashScopeSimulator proxy = DashScopeSimulator.start(SimulatorSettings.defaults(KEY));
    /** Nothing listens there (the port is the discard service's, closed here): only the proxy can answer. */
    private final Endpoint unresolvable = new Endpoint(URI.create("http://127.0.0.2:9/api/v1"));

    @AfterEach
    void close() {
        proxy.close();
    }

    private TaskSnapshot query(ProxySettings settings, ProxyCredentials credentials, Endpoint endpoint)
            throws Exception {
        try (HttpTransport transport = new HttpTransport(HttpSettings.defaults().withProxy(settings), credentials)) {
            return new DashScopeClient(transport, endpoint)
                    .query(ApiKey.of(KEY), "some-task")
                    .get();
        }
    }

    private int proxyPort() {
        return proxy.baseUrl().getPort();
    }

    @Test
    void requestsGoThroughTheProxyWithItsCredentials() throws Exception {
        proxy.requireProxyAuthorization("builder", "s3cret");
        TaskSnapshot answer = query(
                new ProxySettings("127.0.0.1", proxyPort(), List.of()),
                ProxyCredentials.of("builder", "s3cret"),
                unresolvable);
        assertThat(answer.status()).isEqualTo(TaskStatus.UNKNOWN);
        assertThat(proxy.proxiedRequests()).isEqualTo(1);
    }

    @Test
    void wrongProxyCredentialsFail() {
        proxy.requireProxyAuthorization("builder", "s3cret");
        try {
            query(
                    new ProxySettings("127.0.0.1", proxyPort(), List.of()),
                    ProxyCredentials.of("builder", "wrong"),
                    unresolvable);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(DashScopeException.class);
            assertThat(proxy.proxiedRequests()).isZero();
            return;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void noProxyHostsGoDirect() throws Exception {
        try (DashScopeSimulator target = DashScopeSimulator.start(SimulatorSettings.defaults(KEY))) {
            TaskSnapshot answer = query(
                    new ProxySettings("127.0.0.1", proxyPort(), List.of("127.0.0.*")),
                    null,
                    new Endpoint(target.baseUrl()));
            assertThat(answer.status()).isEqualTo(TaskStatus.UNKNOWN);
            assertThat(target.count(io.jenkins.plugins.dashscope.core.simulator.RequestKind.QUERY))
                    .isEqualTo(1);
            assertThat(proxy.proxiedRequests()).isZero();
        }
    }
}
