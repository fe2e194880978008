package io.jenkins.plugins.dashscope.core.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.testing.VirtualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RateGateTest {

    private static final io.jenkins.plugins.dashscope.core.client.Endpoint ENDPOINT =
            io.jenkins.plugins.dashscope.core.client.Endpoint.parse("https://dashscope.aliyuncs.com/api/v1");

    private final VirtualScheduler time = new VirtualScheduler();
    private final GateRegistry registry = new GateRegistry(GateSettings.defaults(), time, time.clock);
    private final RateGate gate = registry.gateFor(ENDPOINT, ApiKey.of("sk-one"));

    @Test
    void oneTaskInFlightFirstComeFirstServed() {
        List<CompletableFuture<RateGate.Slot>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(gate.acquireSlot());
        }
        assertThat(waiting.get(0)).isDone();
        assertThat(waiting.get(1)).isNotDone();
        assertThat(gate.queued()).isEqualTo(2);
        waiting.get(0).join().release();
        waiting.get(0).join().release(); // twice is harmless
        assertThat(waiting.get(1)).isDone();
        assertThat(waiting.get(2)).isNotDone();
        assertThat(gate.inFlight()).isEqualTo(1);
    }

    @Test
    void aCancelledWaiterLeavesTheQueue() {
        var first = gate.acquireSlot();
        var second = gate.acquireSlot();
        var third = gate.acquireSlot();
        second.cancel(false);
        first.join().release();
        assertThat(third).isDone();
        assertThat(gate.inFlight()).isEqualTo(1);
    }

    @Test
    void twoSubmitsPerSecondCountedFromTheirAnswers() {
        List<CompletableFuture<RateGate.SubmitPermit>> permits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            permits.add(gate.submitPermit());
        }
        assertThat(permits.stream().filter(CompletableFuture::isDone)).hasSize(2);
        time.advance(Duration.ofMillis(300));
        permits.get(0).join().sent(); // answered 300 ms after it was sent
        time.advance(Duration.ofMillis(999));
        assertThat(permits.stream().filter(CompletableFuture::isDone)).as("the window runs from the answer").hasSize(2);
        time.advance(Duration.ofMillis(1));
        assertThat(permits.stream().filter(CompletableFuture::isDone)).hasSize(3);
        permits.get(1).join().sent();
        permits.get(2).join().sent();
        time.advance(Duration.ofSeconds(1));
        assertThat(permits.stream().filter(CompletableFuture::isDone)).hasSize(5);
    }

    @Test
    void permitsUnderWayHoldTheWindowUntilAnswered() {
        var first = gate.submitPermit();
        var second = gate.submitPermit();
        var third = gate.submitPermit();
        time.advance(Duration.ofSeconds(10));
        assertThat(third).isNotDone(); // both earlier submits are still waiting for their answers
        first.join().sent();
        time.advance(Duration.ofSeconds(1));
        assertThat(third).isDone();
        assertThat(second).isDone();
    }

    @Test
    void oneGatePerKeyKeyedByDigest() {
        assertThat(registry.gateFor(ENDPOINT, ApiKey.of("sk-one"))).isSameAs(gate);
        assertThat(registry.gateFor(ENDPOINT, ApiKey.of("sk-two"))).isNotSameAs(gate);
        // finding 3: another endpoint with the same key holds none of this gate's slots
        assertThat(registry.gateFor(io.jenkins.plugins.dashscope.core.client.Endpoint.parse(
                "https://gateway.example.com/api/v1"), ApiKey.of("sk-one"))).isNotSameAs(gate);
    }

    @Test
    void limitsAreConfigurable() {
        GateRegistry wide = new GateRegistry(new GateSettings(5, Duration.ofSeconds(1), 3), time, time.clock);
        RateGate g = wide.gateFor(ENDPOINT, ApiKey.of("k"));
        List<CompletableFuture<RateGate.Slot>> slots = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            slots.add(g.acquireSlot());
        }
        assertThat(slots.stream().filter(CompletableFuture::isDone)).hasSize(3);
    }
}
