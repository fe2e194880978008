package io.jenkins.plugins.dashscope.config;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.ProxyConfiguration;
import hudson.model.Computer;
import hudson.security.ACL;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import hudson.util.Secret;
import io.jenkins.plugins.dashscope.core.client.Endpoint;
import io.jenkins.plugins.dashscope.core.client.HttpSettings;
import io.jenkins.plugins.dashscope.core.client.ProxyCredentials;
import io.jenkins.plugins.dashscope.core.client.ProxySettings;
import io.jenkins.plugins.dashscope.core.download.DownloadPolicy;
import io.jenkins.plugins.dashscope.core.gate.GatePolicy;
import io.jenkins.plugins.dashscope.core.generation.EngineRuntime;
import io.jenkins.plugins.dashscope.core.generation.EngineSettings;
import io.jenkins.plugins.dashscope.core.generation.GenerationEngine;
import io.jenkins.plugins.dashscope.core.wait.Scheduler;
import io.jenkins.plugins.dashscope.core.wait.ServiceTimeEstimator;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import jenkins.model.Jenkins;
import jenkins.security.ImpersonatingExecutorService;
import jenkins.util.Timer;

/**
 * The controller's one {@link EngineRuntime}: a gate per endpoint and API key (so parallel branches and builds
 * sharing a key queue here, not at the server), the learnt service times and the connection pools, on Jenkins'
 * timer (which only fires non-blocking calls) and a small pool of its own for continuations and file work. Calls that
 * wait on an agent stay on {@link Computer#threadPoolForRemoting}, as Jenkins' own remoting work does: a bound there
 * would let slow agents of one build hold up the deliveries (and the deadlines) of every other.
 * It keeps the current engine of each endpoint, at most {@value #MAX_ENGINES}; an engine whose settings changed
 * (proxy, download hosts) or that was dropped is closed once its generations under way have ended.
 */
@Extension
public final class DashScopeService {

    private static final int MAX_ENGINES = 32;

    /** Continuations and file work of every generation: a few threads, however many variants start at once. */
    static final int WORKERS = 4;

    private final ExecutorService worker = pool("DashScope image worker", WORKERS);
    private final EngineRuntime runtime;
    private final Map<Endpoint, GenerationEngine> engines = new LinkedHashMap<>(16, 0.75f, true);

    public DashScopeService() {
        runtime = EngineRuntime.on(
                Scheduler.of(Timer.get()),
                Clock.systemUTC(),
                worker,
                EngineRuntime.jitter(),
                DashScopeConfiguration.get().gatePolicy());
        RunTimes.history().loadInto(runtime.estimator()); // what earlier runs of this controller learned
    }

    /**
     * A pool of at most {@code size} threads, which end after a minute idle, running as SYSTEM as Jenkins' own pools
     * do. On {@code Computer.threadPoolForRemoting}, which has no bound, the continuations of a set of 200 variants
     * started at once each took a thread of their own.
     */
    private static ExecutorService pool(String name, int size) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                size,
                size,
                1,
                TimeUnit.MINUTES,
                new LinkedBlockingQueue<>(),
                new NamingThreadFactory(new DaemonThreadFactory(), name));
        pool.allowCoreThreadTimeOut(true);
        return new ImpersonatingExecutorService(pool, ACL.SYSTEM2);
    }

    public static DashScopeService get() {
        return ExtensionList.lookupSingleton(DashScopeService.class);
    }

    /** The run times this controller learned, which {@link RunTimes} keeps across restarts. */
    ServiceTimeEstimator estimator() {
        return runtime.estimator();
    }

    public Clock clock() {
        return runtime.clock();
    }

    /** When a generation started now with this timeout (null: the global default) must end. */
    public Instant deadline(Integer timeoutSeconds) {
        return runtime.clock()
                .instant()
                .plusSeconds(DashScopeConfiguration.get().effectiveTimeoutSeconds(timeoutSeconds));
    }

    /** The engine for this endpoint with the current proxy and download hosts. */
    public GenerationEngine engine(Endpoint endpoint) {
        DashScopeConfiguration config = DashScopeConfiguration.get();
        ProxyConfiguration p = Jenkins.get().proxy;
        EngineSettings settings = EngineSettings.defaults(endpoint)
                .withHttp(HttpSettings.defaults().withProxy(proxyOf(p)))
                .withProxyCredentials(p == null || p.getName() == null ? null : proxyCredentials(p))
                .withDownloads(DownloadPolicy.forEndpoint(endpoint.baseUrl()).withExtraHosts(config.extraHosts()));
        List<GenerationEngine> retired = new ArrayList<>();
        GenerationEngine engine;
        synchronized (engines) {
            engine = engines.get(endpoint);
            if (engine == null || !engine.settings().equals(settings)) {
                if (engine != null) {
                    retired.add(engine);
                }
                engine = runtime.engine(settings);
                engines.put(endpoint, engine);
                for (var it = engines.entrySet().iterator(); engines.size() > MAX_ENGINES && it.hasNext(); ) {
                    retired.add(it.next().getValue());
                    it.remove();
                }
            }
        }
        retired.forEach(GenerationEngine::close); // each closes when its last generation ends
        return engine;
    }

    void gatesChanged(GatePolicy policy) {
        runtime.gates().updatePolicy(policy);
    }

    /** The proxy's user and password, for an agent's delivery when an administrator allows it. */
    static ProxyCredentials proxyCredentials(ProxyConfiguration p) {
        return ProxyCredentials.of(p.getUserName(), Secret.toString(p.getSecretPassword()));
    }

    /** Manage Jenkins › System › HTTP Proxy Configuration, as the core's proxy settings (without its password). */
    private static ProxySettings proxyOf(ProxyConfiguration p) {
        if (p == null || p.getName() == null) {
            return null;
        }
        String noProxy = p.getNoProxyHost();
        return new ProxySettings(
                p.getName(), p.getPort(), noProxy == null ? null : Arrays.asList(noProxy.split("[ \t\n,|]+")));
    }
}
