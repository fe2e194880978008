package io.jenkins.plugins.dashscope.core.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DownloadPolicyTest {

    @Test
    void hostListsAcceptLinesAndCommasAndWidenThePolicy() {
        var hosts = DownloadPolicy.parseHosts("images.example.com\n *.cdn.example.net, Other.Example.org\n\n");
        assertThat(hosts).containsExactly("images.example.com", "*.cdn.example.net", "other.example.org");
        assertThat(DownloadPolicy.parseHosts("  ")).isEmpty();

        DownloadPolicy policy = DownloadPolicy.forEndpoint(URI.create("https://dashscope.aliyuncs.com/api/v1"))
                .withExtraHosts(hosts);
        assertThat(policy.refusal(URI.create("https://a.cdn.example.net/x.png")))
                .isEmpty();
        assertThat(policy.refusal(URI.create("http://a.cdn.example.net/x.png"))).isPresent();
        assertThat(policy.refusal(URI.create("https://evil.example.com/x.png"))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://images.example.com", "*", "*.*", "exa mple.com/x", "user@host", "host:8080"})
    void anythingButHostPatternsIsRefusedNamingTheField(String text) {
        assertThatThrownBy(() -> DownloadPolicy.parseHosts(text))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("extraDownloadHosts"));
    }

    /** Finding 14: the endpoint's own host is trusted only with its scheme and port. */
    @Test
    void theEndpointsHostIsTrustedOnlyWithItsSchemeAndPort() {
        DownloadPolicy https = DownloadPolicy.forEndpoint(URI.create("https://gateway.example.com/api/v1"));
        DownloadPolicy local = DownloadPolicy.forEndpoint(URI.create("http://127.0.0.1:8089/api/v1"));

        assertThat(https.refusal(URI.create("https://gateway.example.com/results/a.png")))
                .isEmpty();
        assertThat(https.refusal(URI.create("https://gateway.example.com:443/results/a.png")))
                .isEmpty();
        assertThat(https.refusal(URI.create("http://gateway.example.com/results/a.png")))
                .isPresent();
        assertThat(https.refusal(URI.create("http://gateway.example.com:8080/results/a.png")))
                .isPresent();
        assertThat(https.refusal(URI.create("https://gateway.example.com:8443/results/a.png")))
                .isPresent();
        assertThat(local.refusal(URI.create("http://127.0.0.1:8089/results/a.png")))
                .isEmpty();
        assertThat(local.refusal(URI.create("http://127.0.0.1:22/results/a.png")))
                .isPresent();
        assertThat(https.refusal(URI.create("https://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/a.png")))
                .isEmpty();
        assertThat(https.refusal(URI.create("https://dashscope-result-bj.oss-cn-beijing.aliyuncs.com:8443/a.png")))
                .isPresent();
    }
}
