package io.jenkins.plugins.dashscope.core.gate;

import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.Endpoint;
import io.jenkins.plugins.dashscope.core.client.Region;
import io.jenkins.plugins.dashscope.core.wait.Scheduler;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One gate per endpoint, key and model, with that model's limits, and one query budget per endpoint and key,
 * shared by every request of the process that holds this registry (the plugin holds one, the CLI holds one).
 * The platform limits each model separately, so a slow model's queue never holds up another's. Gates are
 * keyed by the key's SHA-256, never by the key.
 */
public final class GateRegistry {

    private final Map<String, RateGate> gates = new ConcurrentHashMap<>();
    private final Scheduler scheduler;
    private final Clock clock;
    private volatile GatePolicy policy;

    public GateRegistry(GatePolicy policy, Scheduler scheduler, Clock clock) {
        this.policy = policy;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /**
     * The gate of a model for a key at an endpoint. Per endpoint too: a hostile or slow endpoint that holds its
     * tasks PENDING can only block itself, never the builds that use the same key at the real service.
     */
    public RateGate gateFor(Endpoint endpoint, ApiKey key, String model) {
        GatePolicy p = policy;
        return gates.computeIfAbsent(
                endpoint.baseUrl() + " " + key.digest() + " model " + model,
                d -> new RateGate(
                        p.limitsFor(model, Region.of(endpoint).map(Region::id).orElse(null)), scheduler, clock));
    }

    /** The task-query budget of a key at an endpoint, shared by every wait on it: take a permit per query. */
    public RateGate queriesFor(Endpoint endpoint, ApiKey key) {
        GatePolicy p = policy;
        return gates.computeIfAbsent(
                endpoint.baseUrl() + " " + key.digest() + " queries", d -> new RateGate(p.queries(), scheduler, clock));
    }

    /** New limits apply to gates created from now on (admins change them rarely; queues stay intact). */
    public void updatePolicy(GatePolicy newPolicy) {
        this.policy = newPolicy;
        gates.entrySet()
                .removeIf(e -> e.getValue().inFlight() == 0 && e.getValue().queued() == 0);
    }

    public GatePolicy policy() {
        return policy;
    }
}
