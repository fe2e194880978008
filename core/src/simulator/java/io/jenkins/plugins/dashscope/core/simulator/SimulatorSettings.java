package io.jenkins.plugins.dashscope.core.simulator;

import io.jenkins.plugins.dashscope.core.catalog.ModelLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
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
 * @param modelLimits       when set, each model of a key has its own submit limit and running slots, as the
 *                          platform has (these replace {@code maxRunningPerKey} and {@code submitsPerWindow})
 * @param queriesPerWindow  task queries per key per {@code queryWindow} (the vendor: 20 per second); beyond, 429
 */
public record SimulatorSettings(
        Set<String> keys,
        IntFunction<Duration> serviceTime,
        int maxRunningPerKey,
        int submitsPerWindow,
        Duration rateWindow,
        Duration resultUrlTtl,
        Duration hangTime,
        Clock clock,
        Function<String, ModelLimits> modelLimits,
        int queriesPerWindow,
        Duration queryWindow) {

    public SimulatorSettings {
        keys = Set.copyOf(keys);
    }

    public static SimulatorSettings defaults(String key) {
        return new SimulatorSettings(
                Set.of(key),
                i -> Duration.ofMillis(50),
                1,
                2,
                Duration.ofSeconds(1),
                Duration.ofHours(24),
                Duration.ofSeconds(30),
                Clock.systemUTC(),
                null,
                Integer.MAX_VALUE,
                Duration.ofSeconds(1));
    }

    public SimulatorSettings withServiceTime(IntFunction<Duration> f) {
        return new SimulatorSettings(
                keys,
                f,
                maxRunningPerKey,
                submitsPerWindow,
                rateWindow,
                resultUrlTtl,
                hangTime,
                clock,
                modelLimits,
                queriesPerWindow,
                queryWindow);
    }

    public SimulatorSettings withResultUrlTtl(Duration ttl) {
        return new SimulatorSettings(
                keys,
                serviceTime,
                maxRunningPerKey,
                submitsPerWindow,
                rateWindow,
                ttl,
                hangTime,
                clock,
                modelLimits,
                queriesPerWindow,
                queryWindow);
    }

    public SimulatorSettings withLimits(int running, int submits, Duration window) {
        return new SimulatorSettings(
                keys,
                serviceTime,
                running,
                submits,
                window,
                resultUrlTtl,
                hangTime,
                clock,
                modelLimits,
                queriesPerWindow,
                queryWindow);
    }

    /** The simulator's time: a fixed clock keeps a rate window open however slowly a loaded host sends. */
    public SimulatorSettings withClock(Clock c) {
        return new SimulatorSettings(
                keys,
                serviceTime,
                maxRunningPerKey,
                submitsPerWindow,
                rateWindow,
                resultUrlTtl,
                hangTime,
                c,
                modelLimits,
                queriesPerWindow,
                queryWindow);
    }

    public SimulatorSettings withHangTime(Duration hang) {
        return new SimulatorSettings(
                keys,
                serviceTime,
                maxRunningPerKey,
                submitsPerWindow,
                rateWindow,
                resultUrlTtl,
                hang,
                clock,
                modelLimits,
                queriesPerWindow,
                queryWindow);
    }

    public SimulatorSettings withKeys(Set<String> k) {
        return new SimulatorSettings(
                k,
                serviceTime,
                maxRunningPerKey,
                submitsPerWindow,
                rateWindow,
                resultUrlTtl,
                hangTime,
                clock,
                modelLimits,
                queriesPerWindow,
                queryWindow);
    }

    /** Each model with its own limits (scaled as the caller likes), as the platform limits them. */
    public SimulatorSettings withModelLimits(Function<String, ModelLimits> limits) {
        return new SimulatorSettings(
                keys,
                serviceTime,
                maxRunningPerKey,
                submitsPerWindow,
                rateWindow,
                resultUrlTtl,
                hangTime,
                clock,
                limits,
                queriesPerWindow,
                queryWindow);
    }

    /** At most {@code queries} task queries per key per {@code window}; beyond, 429 Throttling.RateQuota. */
    public SimulatorSettings withQueryLimit(int queries, Duration window) {
        return new SimulatorSettings(
                keys,
                serviceTime,
                maxRunningPerKey,
                submitsPerWindow,
                rateWindow,
                resultUrlTtl,
                hangTime,
                clock,
                modelLimits,
                queries,
                window);
    }
}
