package io.jenkins.plugins.dashscope.core.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dashscope.core.request.InvalidRequestException;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DownloadPolicyTest {

    @Test
    void hostListsAcceptLinesAndCommasAndWidenThePolicy() {
        var hosts = DownloadPolicy.parseHosts("images.example.com\n *.cdn.example.net, Other.Example.org\n\n");
        assertThat(hosts).containsExactly("images.example.com", "*.cdn.example.net", "other.example.org");
        assertThat(DownloadPolicy.parseHosts("  ")).isEmpty();

        DownloadPolicy policy = DownloadPolicy.forEndpoint("dashscope.aliyuncs.com").withExtraHosts(hosts);
        assertThat(policy.refusal(URI.create("https://a.cdn.example.net/x.png"))).isEmpty();
        assertThat(policy.refusal(URI.create("http://a.cdn.example.net/x.png"))).isPresent();
        assertThat(policy.refusal(URI.create("https://evil.example.com/x.png"))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://images.example.com", "*", "*.*", "exa mple.com/x", "user@host", "host:8080"})
    void anythingButHostPatternsIsRefusedNamingTheField(String text) {
        assertThatThrownBy(() -> DownloadPolicy.parseHosts(text)).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.field()).isEqualTo("extraDownloadHosts"));
    }
}
