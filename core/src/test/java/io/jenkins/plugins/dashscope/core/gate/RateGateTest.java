package io.jenkins.plugins.dashscope.core.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.Endpoint;
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
    private final GateRegistry registry =
            new GateRegistry(GatePolicy.uniform(GateSettings.defaults()), time, time.clock);
    private final RateGate gate = registry.gateFor(ENDPOINT, ApiKey.of("sk-one"), "wanx-v1");

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

    /**
     * Hardening finding 6: one build's set of 8 queued first made a one-image build on the same key and model wait
     * behind all 8. Builds now take turns: each owner waiting gets one slot, then the next owner's turn.
     */
    @Test
    void buildsWaitingForAModelTakeTurnsWhateverTheyQueued() {
        List<CompletableFuture<RateGate.Slot>> set = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            set.add(gate.acquireSlot("build-of-a-set"));
        }
        var single = gate.acquireSlot("a one-image build");
        var another = gate.acquireSlot("another build");

        set.get(0).join().release();
        set.get(1).join().release(); // the set queued before the others came: its turn first

        assertThat(single).isDone(); // after one more of the set, not after all 8
        assertThat(set.get(2)).isNotDone();
        single.join().release();
        assertThat(another).isDone();
        another.join().release();
        assertThat(set.get(2)).isDone(); // and the set goes on in its own order
        assertThat(set.get(3)).isNotDone();
        assertThat(gate.queued()).isEqualTo(5);
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
        assertThat(permits.stream().filter(CompletableFuture::isDone))
                .as("the window runs from the answer")
                .hasSize(2);
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
    void oneGatePerKeyAndModelKeyedByDigest() {
        assertThat(registry.gateFor(ENDPOINT, ApiKey.of("sk-one"), "wanx-v1")).isSameAs(gate);
        assertThat(registry.gateFor(ENDPOINT, ApiKey.of("sk-two"), "wanx-v1")).isNotSameAs(gate);
        assertThat(registry.gateFor(ENDPOINT, ApiKey.of("sk-one"), "wan2.2-t2i-flash"))
                .isNotSameAs(gate);
        // finding 3: another endpoint with the same key holds none of this gate's slots
        assertThat(registry.gateFor(
                        io.jenkins.plugins.dashscope.core.client.Endpoint.parse("https://gateway.example.com/api/v1"),
                        ApiKey.of("sk-one"),
                        "wanx-v1"))
                .isNotSameAs(gate);
    }

    @Test
    void limitsAreConfigurable() {
        GateRegistry wide =
                new GateRegistry(GatePolicy.uniform(new GateSettings(5, Duration.ofSeconds(1), 3)), time, time.clock);
        RateGate g = wide.gateFor(ENDPOINT, ApiKey.of("k"), "wanx-v1");
        List<CompletableFuture<RateGate.Slot>> slots = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            slots.add(g.acquireSlot());
        }
        assertThat(slots.stream().filter(CompletableFuture::isDone)).hasSize(3);
    }

    private static long granted(List<? extends CompletableFuture<?>> futures) {
        return futures.stream().filter(CompletableFuture::isDone).count();
    }

    @Test
    void eachModelGetsItsOwnLimitsAndOneTaskMoreInFlightSoTheNextWaitsQueuedOnThePlatform() {
        GateRegistry catalog = new GateRegistry(GatePolicy.defaults(), time, time.clock);
        ApiKey key = ApiKey.of("sk-mixed");
        Endpoint intl = Endpoint.parse("https://dashscope-intl.aliyuncs.com/api/v1");
        Endpoint gateway = Endpoint.parse("https://gateway.example.com/api/v1");

        assertThat(catalog.gateFor(ENDPOINT, key, "wanx-v1").settings())
                .isEqualTo(new GateSettings(2, Duration.ofSeconds(1), 2));
        assertThat(catalog.gateFor(ENDPOINT, key, "wan2.5-t2i-preview").settings())
                .isEqualTo(new GateSettings(5, Duration.ofSeconds(1), 6));
        assertThat(catalog.gateFor(ENDPOINT, key, "qwen-image-max").settings())
                .isEqualTo(new GateSettings(2, Duration.ofMinutes(1), 2));
        // wan2.6-t2i takes 1 submit a second in Beijing, 5 elsewhere, and the lower at an endpoint of no known region
        assertThat(catalog.gateFor(ENDPOINT, key, "wan2.6-t2i").settings().submitsPerWindow())
                .isEqualTo(1);
        assertThat(catalog.gateFor(intl, key, "wan2.6-t2i").settings().submitsPerWindow())
                .isEqualTo(5);
        assertThat(catalog.gateFor(gateway, key, "wan2.6-t2i").settings().submitsPerWindow())
                .isEqualTo(1);
        assertThat(catalog.gateFor(ENDPOINT, key, "a-model-nobody-knows").settings())
                .isEqualTo(new GateSettings(2, Duration.ofSeconds(1), 2));

        List<CompletableFuture<RateGate.Slot>> classic = new ArrayList<>();
        List<CompletableFuture<RateGate.Slot>> preview = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            classic.add(catalog.gateFor(ENDPOINT, key, "wanx-v1").acquireSlot());
            preview.add(catalog.gateFor(ENDPOINT, key, "wan2.5-t2i-preview").acquireSlot());
        }
        assertThat(granted(classic)).as("a full model does not hold up another").isEqualTo(2);
        assertThat(granted(preview)).isEqualTo(6);
    }

    @Test
    void administratorsOverrideEveryModelOrOneModel() {
        GatePolicy policy = GatePolicy.defaults()
                .withOverrides(
                        3,
                        4,
                        GatePolicy.parseOverrides(
                                "modelLimits", "# raised for us\nwan2.6-t2i 5/s 5\nqwen-image-max 10/min 2\n"));
        GateRegistry overridden = new GateRegistry(policy, time, time.clock);
        ApiKey key = ApiKey.of("sk-admin");

        assertThat(overridden.gateFor(ENDPOINT, key, "wanx-v1").settings())
                .isEqualTo(new GateSettings(3, Duration.ofSeconds(1), 4));
        assertThat(overridden.gateFor(ENDPOINT, key, "wan2.6-t2i").settings())
                .isEqualTo(new GateSettings(5, Duration.ofSeconds(1), 6));
        assertThat(overridden.gateFor(ENDPOINT, key, "qwen-image-max").settings())
                .isEqualTo(new GateSettings(10, Duration.ofMinutes(1), 3));
        assertThatThrownBy(() -> GatePolicy.parseOverrides("modelLimits", "wan2.6-t2i 5/s 5\nwanx-v1 fast"))
                .hasMessageContaining("modelLimits")
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> GatePolicy.parseOverrides("modelLimits", "wanx-v1 0/s 1"))
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> GatePolicy.parseOverrides("modelLimits", "wanx-v1 1/s 1\nwanx-v1 2/s 1"))
                .hasMessageContaining("appears twice");
    }

    @Test
    void aControllerThatSharesTheAccountTakesItsPartOfEveryLimit() {
        GatePolicy half = GatePolicy.defaults().withShare(50);
        GateRegistry shared = new GateRegistry(half, time, time.clock);
        ApiKey key = ApiKey.of("sk-shared");

        // wan2.5-t2i-preview: 5/s and 5 at once for the account; half, rounded down, plus the one queued task
        assertThat(shared.gateFor(ENDPOINT, key, "wan2.5-t2i-preview").settings())
                .isEqualTo(new GateSettings(2, Duration.ofSeconds(1), 3));
        assertThat(shared.gateFor(ENDPOINT, key, "wanx-v1").settings())
                .isEqualTo(new GateSettings(1, Duration.ofSeconds(1), 2));
        assertThat(half.queryLimits().submitsPerWindow()).isEqualTo(10);
        List<CompletableFuture<RateGate.SubmitPermit>> permits = new ArrayList<>();
        RateGate queries = shared.queriesFor(ENDPOINT, key);
        for (int i = 0; i < 15; i++) {
            permits.add(queries.submitPermit());
        }
        assertThat(granted(permits)).as("ten queries in the first second").isEqualTo(10);
        // an administrator's overrides describe the account too, and are shared alike
        GatePolicy raised = GatePolicy.defaults()
                .withOverrides(null, null, GatePolicy.parseOverrides("modelLimits", "wanx-v1 10/s 4"))
                .withShare(50);
        assertThat(new GateRegistry(raised, time, time.clock)
                        .gateFor(ENDPOINT, key, "wanx-v1")
                        .settings())
                .isEqualTo(new GateSettings(5, Duration.ofSeconds(1), 3));
        assertThat(GatePolicy.parseShare("accountShare", " 50 % ")).isEqualTo(50);
        assertThat(GatePolicy.parseShare("accountShare", "")).isEqualTo(100);
        for (String bad : List.of("0", "101", "0.5", "-1", "half")) {
            assertThatThrownBy(() -> GatePolicy.parseShare("accountShare", bad))
                    .as(bad)
                    .hasMessageContaining("accountShare");
        }
        assertThatThrownBy(() -> GatePolicy.defaults().withShare(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allWaitsOnAKeyShareTwentyQueriesASecond() {
        GateRegistry catalog = new GateRegistry(GatePolicy.defaults(), time, time.clock);
        RateGate queries = catalog.queriesFor(ENDPOINT, ApiKey.of("sk-q"));
        assertThat(catalog.queriesFor(ENDPOINT, ApiKey.of("sk-q"))).isSameAs(queries);

        List<CompletableFuture<RateGate.SubmitPermit>> permits = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            permits.add(queries.submitPermit());
        }
        assertThat(granted(permits)).isEqualTo(20);
        permits.stream().filter(CompletableFuture::isDone).forEach(p -> p.join().sent());
        time.advance(Duration.ofMillis(999));
        assertThat(granted(permits)).isEqualTo(20);
        time.advance(Duration.ofMillis(1));
        assertThat(granted(permits)).isEqualTo(30);
    }

    @Test
    void aRetryAfterHoldsEverySubmitOfTheGate() {
        RateGate wide = new GateRegistry(
                        GatePolicy.uniform(new GateSettings(10, Duration.ofSeconds(1), 10)), time, time.clock)
                .gateFor(ENDPOINT, ApiKey.of("sk-r"), "wanx-v1");
        wide.holdSubmits(Duration.ofSeconds(3));

        CompletableFuture<RateGate.SubmitPermit> next = wide.submitPermit();
        time.advance(Duration.ofMillis(2999));
        assertThat(next).isNotDone();
        time.advance(Duration.ofMillis(1));
        assertThat(next).isDone();
    }
}
