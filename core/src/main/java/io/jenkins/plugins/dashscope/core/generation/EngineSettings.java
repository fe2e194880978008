package io.jenkins.plugins.dashscope.core.generation;

import io.jenkins.plugins.dashscope.core.client.Endpoint;
import io.jenkins.plugins.dashscope.core.client.HttpSettings;
import io.jenkins.plugins.dashscope.core.client.ProxyCredentials;
import io.jenkins.plugins.dashscope.core.download.DownloadPolicy;
import io.jenkins.plugins.dashscope.core.wait.PollSchedule;
import io.jenkins.plugins.dashscope.core.wait.RetrySettings;
import java.time.Duration;

/**
 * Everything an engine needs to know, as one value.
 *
 * @param proxyCredentials for the proxy of {@code http}; null for none
 * @param syncTimeout      longest wait for a synchronous family's answer
 */
public record EngineSettings(Endpoint endpoint, HttpSettings http, ProxyCredentials proxyCredentials, PollSchedule poll,
        RetrySettings retry, DownloadPolicy downloads, Duration syncTimeout) {

    public static EngineSettings defaults(Endpoint endpoint) {
        return new EngineSettings(endpoint, HttpSettings.defaults(), null, PollSchedule.defaults(),
                RetrySettings.defaults(), DownloadPolicy.forEndpoint(endpoint.baseUrl()), Duration.ofMinutes(5));
    }

    public EngineSettings withPoll(PollSchedule p) {
        return new EngineSettings(endpoint, http, proxyCredentials, p, retry, downloads, syncTimeout);
    }

    public EngineSettings withRetry(RetrySettings r) {
        return new EngineSettings(endpoint, http, proxyCredentials, poll, r, downloads, syncTimeout);
    }

    public EngineSettings withHttp(HttpSettings h) {
        return new EngineSettings(endpoint, h, proxyCredentials, poll, retry, downloads, syncTimeout);
    }

    public EngineSettings withProxyCredentials(ProxyCredentials c) {
        return new EngineSettings(endpoint, http, c, poll, retry, downloads, syncTimeout);
    }

    public EngineSettings withDownloads(DownloadPolicy d) {
        return new EngineSettings(endpoint, http, proxyCredentials, poll, retry, d, syncTimeout);
    }
}
