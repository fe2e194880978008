package io.jenkins.plugins.dashscope;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.ProxyConfiguration;
import hudson.model.Computer;
import hudson.util.Secret;
import io.jenkins.plugins.dashscope.core.client.Endpoint;
import io.jenkins.plugins.dashscope.core.client.HttpSettings;
import io.jenkins.plugins.dashscope.core.client.HttpTransport;
import io.jenkins.plugins.dashscope.core.client.ProxySettings;
import io.jenkins.plugins.dashscope.core.download.DownloadPolicy;
import io.jenkins.plugins.dashscope.core.gate.GateRegistry;
import io.jenkins.plugins.dashscope.core.gate.GateSettings;
import io.jenkins.plugins.dashscope.core.generation.EngineSettings;
import io.jenkins.plugins.dashscope.core.generation.GenerationEngine;
import io.jenkins.plugins.dashscope.core.wait.Scheduler;
import io.jenkins.plugins.dashscope.core.wait.ServiceTimeEstimator;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import jenkins.model.Jenkins;
import jenkins.util.Timer;

/**
 * The controller's one set of shared engine state: a gate per endpoint and API key (so parallel branches
 * and builds sharing a key queue here, not at the server), the learnt service times, one HTTP connection
 * pool per proxy setting, and a bounded set of engines (one per endpoint) on it. Waiting is scheduled on
 * Jenkins' timer, which only fires non-blocking calls; file and remoting work runs on
 * {@link Computer#threadPoolForRemoting}.
 */
@Extension
public final class DashScopeService {

    private static final int MAX_ENGINES = 32;

    private final Scheduler scheduler = Scheduler.of(Timer.get());
    private final Clock clock = Clock.systemUTC();
    private final ServiceTimeEstimator estimator = new ServiceTimeEstimator();
    private final GateRegistry gates;
    /** One connection pool per proxy setting, shared by every engine: endpoints cost no threads. */
    private final Map<HttpSettings, HttpTransport> transports = new ConcurrentHashMap<>();
    /** Engines are small without transports of their own; the least recently used beyond this are dropped. */
    private final Map<EngineSettings, GenerationEngine> engines = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<EngineSettings, GenerationEngine> eldest) {
                    return size() > MAX_ENGINES;
                }
            });

    public DashScopeService() {
        gates = new GateRegistry(DashScopeConfiguration.get().gateSettings(), scheduler, clock);
    }

    public static DashScopeService get() {
        return ExtensionList.lookupSingleton(DashScopeService.class);
    }

    Clock clock() {
        return clock;
    }

    /** An engine for this endpoint with the current proxy and download hosts. */
    GenerationEngine engine(Endpoint endpoint) {
        DashScopeConfiguration config = DashScopeConfiguration.get();
        EngineSettings settings = EngineSettings.defaults(endpoint)
                .withHttp(HttpSettings.defaults().withProxy(jenkinsProxy()))
                .withDownloads(DownloadPolicy.forEndpoint(endpoint.baseUrl()).withExtraHosts(config.extraHosts()));
        HttpTransport transport = transports.computeIfAbsent(settings.http(), HttpTransport::new);
        return engines.computeIfAbsent(settings, s -> new GenerationEngine(s, transport, gates, estimator, scheduler,
                clock, Computer.threadPoolForRemoting, () -> ThreadLocalRandom.current().nextDouble()));
    }

    void gatesChanged(GateSettings settings) {
        gates.updateSettings(settings);
    }

    /** Manage Jenkins › System › HTTP Proxy Configuration, as the core's proxy settings. */
    private static ProxySettings jenkinsProxy() {
        ProxyConfiguration p = Jenkins.get().proxy;
        if (p == null || p.getName() == null) {
            return null;
        }
        String noProxy = p.getNoProxyHost();
        return new ProxySettings(p.getName(), p.getPort(), p.getUserName(), Secret.toString(p.getSecretPassword()),
                noProxy == null ? null : Arrays.asList(noProxy.split("[ \t\n,|]+")));
    }
}
