package io.jenkins.plugins.dashscope.core.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * How the simulated service behaves.
 *
 * @param keys              API keys it accepts; others get 401 InvalidApiKey
 * @param serviceTime       how long task number i (0-based, in creation order) runs
 * @param maxRunningPerKey  tasks that run at once per key; further tasks wait PENDING
 * @param submitsPerWindow create calls per key per {@code rateWindow} (the vendor: 2 per second); beyond,
 *                          429 Throttling.RateQuota
 * @param resultUrlTtl      how long result URLs stay valid (the vendor: 24 h)
 * @param hangTime          how long a HANG fault keeps the connection silent
 */
public record SimulatorSettings(Set<String> keys, IntFunction<Duration> serviceTime, int maxRunningPerKey,
        int submitsPerWindow, Duration rateWindow, Duration resultUrlTtl, Duration hangTime, Clock clock) {

    public SimulatorSettings {
        keys = Set.copyOf(keys);
    }

    public static SimulatorSettings defaults(String key) {
        return new SimulatorSettings(Set.of(key), i -> Duration.ofMillis(50), 1, 2, Duration.ofSeconds(1), Duration.ofHours(24),
                Duration.ofSeconds(30), Clock.systemUTC());
    }

    public SimulatorSettings withServiceTime(IntFunction<Duration> f) {
        return new SimulatorSettings(keys, f, maxRunningPerKey, submitsPerWindow, rateWindow, resultUrlTtl, hangTime, clock);
    }

    public SimulatorSettings withResultUrlTtl(Duration ttl) {
        return new SimulatorSettings(keys, serviceTime, maxRunningPerKey, submitsPerWindow, rateWindow, ttl, hangTime, clock);
    }

    public SimulatorSettings withLimits(int running, int submits, Duration window) {
        return new SimulatorSettings(keys, serviceTime, running, submits, window, resultUrlTtl, hangTime, clock);
    }

    /** The simulator's time: a fixed clock keeps a rate window open however slowly a loaded host sends. */
    public SimulatorSettings withClock(Clock c) {
        return new SimulatorSettings(keys, serviceTime, maxRunningPerKey, submitsPerWindow, rateWindow, resultUrlTtl, hangTime, c);
    }

    public SimulatorSettings withHangTime(Duration hang) {
        return new SimulatorSettings(keys, serviceTime, maxRunningPerKey, submitsPerWindow, rateWindow, resultUrlTtl, hang, clock);
    }

    public SimulatorSettings withKeys(Set<String> k) {
        return new SimulatorSettings(k, serviceTime, maxRunningPerKey, submitsPerWindow, rateWindow, resultUrlTtl, hangTime, clock);
    }
}
