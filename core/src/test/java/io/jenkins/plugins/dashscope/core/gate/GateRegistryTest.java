package io.jenkins.plugins.dashscope.core.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.Endpoint;
import io.jenkins.plugins.dashscope.core.testing.VirtualScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Hardening finding 11: gates were made per endpoint, key and model and never dropped. */
class GateRegistryTest {

    private static final Endpoint ENDPOINT = Endpoint.parse("https://dashscope.aliyuncs.com/api/v1");

    private final VirtualScheduler time = new VirtualScheduler();
    private final GateRegistry registry =
            new GateRegistry(GatePolicy.uniform(GateSettings.defaults()), time, time.clock);

    /** A gate used once: a task run to its end and a submit answered. */
    private void useOnce(String key, String model) {
        RateGate gate = registry.gateFor(ENDPOINT, ApiKey.of(key), model);
        gate.acquireSlot().join().release();
        gate.submitPermit().join().sent();
        registry.queriesFor(ENDPOINT, ApiKey.of(key));
    }

    @Test
    void gatesOfKeysAndModelsNoLongerUsedAreDropped() {
        for (int i = 0; i < 50; i++) {
            useOnce("sk-loop-" + i, "model-" + i);
        }
        assertThat(registry.size()).isEqualTo(100);

        time.advance(GateRegistry.KEEP_IDLE.plusMinutes(1));
        useOnce("sk-now", "wanx-v1");

        assertThat(registry.size()).isEqualTo(2);
    }

    @Test
    void aGateWithATaskInFlightOrASubmitInItsWindowIsKept() {
        RateGate busy = registry.gateFor(ENDPOINT, ApiKey.of("sk-busy"), "wanx-v1");
        var slot = busy.acquireSlot().join();
        RateGate recent = registry.gateFor(ENDPOINT, ApiKey.of("sk-recent"), "wanx-v1");

        time.advance(GateRegistry.KEEP_IDLE.plusMinutes(1));
        recent.submitPermit().join().sent(); // its window lasts a second from now
        useOnce("sk-now", "wanx-v1");

        assertThat(registry.gateFor(ENDPOINT, ApiKey.of("sk-busy"), "wanx-v1")).isSameAs(busy);
        assertThat(busy.inFlight()).isEqualTo(1);
        assertThat(registry.gateFor(ENDPOINT, ApiKey.of("sk-recent"), "wanx-v1"))
                .isSameAs(recent);
        slot.release();
    }

    @Test
    void aCrowdedRegistryDropsIdleGatesAfterAMinute() {
        for (int i = 0; i <= GateRegistry.CROWDED; i++) {
            useOnce("sk-crowd-" + i, "wanx-v1");
        }
        int crowded = registry.size();

        time.advance(Duration.ofMinutes(2));
        useOnce("sk-now", "wanx-v1");

        assertThat(crowded).isGreaterThan(GateRegistry.CROWDED);
        assertThat(registry.size()).isEqualTo(2);
    }

    /** A wait holds its key's query budget for as long as it polls; using it keeps it, however long ago it was handed out. */
    @Test
    void aGateInUseIsKeptHoweverLongAgoItWasHandedOut() {
        RateGate queries = registry.queriesFor(ENDPOINT, ApiKey.of("sk-long-wait"));
        for (int minute = 0; minute < 30; minute++) {
            time.advance(Duration.ofMinutes(1));
            queries.submitPermit().join().sent(); // a poll a minute, as a long wait may make
            useOnce("sk-other-" + minute, "wanx-v1"); // lets the registry sweep
        }

        assertThat(registry.queriesFor(ENDPOINT, ApiKey.of("sk-long-wait"))).isSameAs(queries);
    }
}
