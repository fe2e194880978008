package io.jenkins.plugins.dashscope.core.gate;

import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.Endpoint;
import io.jenkins.plugins.dashscope.core.wait.Scheduler;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One gate per key, shared by every request of the process that holds this registry (the plugin
 * holds one, the CLI holds one). Gates are keyed by the key's SHA-256, never by the key.
 */
public final class GateRegistry {

    private final Map<String, RateGate> gates = new ConcurrentHashMap<>();
    private final Scheduler scheduler;
    private final Clock clock;
    private volatile GateSettings settings;

    public GateRegistry(GateSettings settings, Scheduler scheduler, Clock clock) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /**
     * The gate of a key at an endpoint. Per endpoint too: a hostile or slow endpoint that holds its tasks
     * PENDING can only block itself, never the builds that use the same key at the real service.
     */
    public RateGate gateFor(Endpoint endpoint, ApiKey key) {
        return gates.computeIfAbsent(endpoint.baseUrl() + " " + key.digest(), d -> new RateGate(settings, scheduler, clock));
    }

    /** New limits apply to gates created from now on (admins change them rarely; queues stay intact). */
    public void updateSettings(GateSettings newSettings) {
        this.settings = newSettings;
        gates.entrySet().removeIf(e -> e.getValue().inFlight() == 0 && e.getValue().queued() == 0);
    }

    public GateSettings settings() {
        return settings;
    }
}
