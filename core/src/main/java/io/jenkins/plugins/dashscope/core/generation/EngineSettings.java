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
 * @param scope            where requests go as their fingerprint names it: the endpoint, unless the host says
 *                         otherwise (a simulator on a new port each run is still "the simulator")
 * @param lookupGrace      after a submit whose answer was lost, how long to wait before the second look at the task
 *                         list that must confirm a task is absent before the submit is sent again
 */
public record EngineSettings(
        Endpoint endpoint,
        HttpSettings http,
        ProxyCredentials proxyCredentials,
        PollSchedule poll,
        RetrySettings retry,
        DownloadPolicy downloads,
        Duration syncTimeout,
        String scope,
        Duration lookupGrace) {

    public static EngineSettings defaults(Endpoint endpoint) {
        return new EngineSettings(
                endpoint,
                HttpSettings.defaults(),
                null,
                PollSchedule.defaults(),
                RetrySettings.defaults(),
                DownloadPolicy.forEndpoint(endpoint.baseUrl()),
                Duration.ofMinutes(5),
                endpoint.toString(),
                Duration.ofSeconds(5));
    }

    public EngineSettings withPoll(PollSchedule p) {
        return new EngineSettings(
                endpoint, http, proxyCredentials, p, retry, downloads, syncTimeout, scope, lookupGrace);
    }

    public EngineSettings withRetry(RetrySettings r) {
        return new EngineSettings(
                endpoint, http, proxyCredentials, poll, r, downloads, syncTimeout, scope, lookupGrace);
    }

    public EngineSettings withHttp(HttpSettings h) {
        return new EngineSettings(
                endpoint, h, proxyCredentials, poll, retry, downloads, syncTimeout, scope, lookupGrace);
    }

    public EngineSettings withProxyCredentials(ProxyCredentials c) {
        return new EngineSettings(endpoint, http, c, poll, retry, downloads, syncTimeout, scope, lookupGrace);
    }

    public EngineSettings withDownloads(DownloadPolicy d) {
        return new EngineSettings(endpoint, http, proxyCredentials, poll, retry, d, syncTimeout, scope, lookupGrace);
    }

    public EngineSettings withScope(String s) {
        return new EngineSettings(
                endpoint, http, proxyCredentials, poll, retry, downloads, syncTimeout, s, lookupGrace);
    }

    public EngineSettings withLookupGrace(Duration g) {
        return new EngineSettings(endpoint, http, proxyCredentials, poll, retry, downloads, syncTimeout, scope, g);
    }
}
