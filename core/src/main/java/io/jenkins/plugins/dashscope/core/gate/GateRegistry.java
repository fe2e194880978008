package io.jenkins.plugins.dashscope.core.gate;

import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.Endpoint;
import io.jenkins.plugins.dashscope.core.client.Region;
import io.jenkins.plugins.dashscope.core.wait.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One gate per endpoint, key and model, with that model's limits, and one query budget per endpoint and key,
 * shared by every request of the process that holds this registry (the plugin holds one, the CLI holds one).
 * The platform limits each model separately, so a slow model's queue never holds up another's. Gates are
 * keyed by the key's SHA-256, never by the key. Idle gates are dropped (a Pipeline looping over keys or model
 * names would otherwise grow the controller's heap without end); one that is dropped had nothing left to enforce.
 */
public final class GateRegistry {

    /** How long an idle gate is kept: far past any rate window or server's hold. */
    static final Duration KEEP_IDLE = Duration.ofMinutes(10);
    /** How often the registry looks for idle gates, at most. */
    static final Duration SWEEP_EVERY = Duration.ofMinutes(1);
    /** Beyond this many gates, idle ones go after a minute, not ten. */
    static final int CROWDED = 1_000;

    private final Map<String, RateGate> gates = new ConcurrentHashMap<>();
    private final Scheduler scheduler;
    private final Clock clock;
    private volatile GatePolicy policy;
    private volatile Instant lastSweep = Instant.MIN;

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
        return gate(
                endpoint.baseUrl() + " " + key.digest() + " model " + model,
                () -> new RateGate(
                        p.limitsFor(model, Region.of(endpoint).map(Region::id).orElse(null)), scheduler, clock));
    }

    /** The task-query budget of a key at an endpoint, shared by every wait on it: take a permit per query. */
    public RateGate queriesFor(Endpoint endpoint, ApiKey key) {
        GatePolicy p = policy;
        return gate(
                endpoint.baseUrl() + " " + key.digest() + " queries",
                () -> new RateGate(p.queryLimits(), scheduler, clock));
    }

    /** The gate of {@code id}, made if need be and marked used in the same atomic step a sweep takes. */
    private RateGate gate(String id, Supplier<RateGate> make) {
        sweep();
        return gates.compute(id, (k, existing) -> {
            RateGate g = existing == null ? make.get() : existing;
            g.touch();
            return g;
        });
    }

    private void sweep() {
        Instant now = clock.instant();
        boolean crowded = gates.size() > CROWDED;
        if (now.isBefore(lastSweep.plus(crowded ? Duration.ofSeconds(1) : SWEEP_EVERY))) {
            return;
        }
        lastSweep = now;
        Instant cutoff = now.minus(crowded ? SWEEP_EVERY : KEEP_IDLE);
        // per key, atomically with gate(): a gate handed out is never dropped by a sweep that saw it idle
        for (String id : gates.keySet()) {
            gates.computeIfPresent(id, (k, g) -> g.idle(cutoff) ? null : g);
        }
    }

    /** How many gates are held now. */
    int size() {
        return gates.size();
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
