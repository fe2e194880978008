package io.jenkins.plugins.dashscope.bench;

import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.DashScopeClient;
import io.jenkins.plugins.dashscope.core.client.Endpoint;
import io.jenkins.plugins.dashscope.core.client.HttpSettings;
import io.jenkins.plugins.dashscope.core.client.HttpTransport;
import io.jenkins.plugins.dashscope.core.gate.GateSettings;
import io.jenkins.plugins.dashscope.core.generation.GenerationEngine;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.simulator.DashScopeSimulator;
import io.jenkins.plugins.dashscope.core.simulator.SimulatorSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Twenty requests with one key against a server that runs one task at a time and accepts two submits
 * per second, service times drawn from a fixed seed. Each client gets a fresh simulator with the same
 * service times.
 */
final class QueueScenario {

    static final int REQUESTS = 20;
    static final long SEED = 42;
    static final Duration MIN_SERVICE = Duration.ofSeconds(10);
    static final Duration MAX_SERVICE = Duration.ofSeconds(40);
    private static final String KEY = "sk-bench-queue-0123456789";

    /** One client's figures; delays in real-time seconds (scaled back). */
    record Result(String client, int requests, int failed, int throttled, double makespanRatio, double queriesPerTask,
            double p50Delay, double p95Delay) {
    }

    private final Duration[] serviceTimes = Bench.serviceTimes(REQUESTS, SEED, MIN_SERVICE, MAX_SERVICE);

    List<Result> run() throws Exception {
        int defaultInFlight = GateSettings.defaults().maxInFlight();
        return List.of(ours("ours (default, " + defaultInFlight + " in flight)", defaultInFlight), ours("ours (2 in flight)", 2),
                baseline("SDK-style", b -> b::sdkStyle), baseline("naive loop (3 s)", b -> b::naiveLoop));
    }

    private DashScopeSimulator simulator() {
        return DashScopeSimulator.start(SimulatorSettings.defaults(KEY).withServiceTime(i -> serviceTimes[i % REQUESTS])
                .withLimits(1, 2, Bench.scaled(Duration.ofSeconds(1))));
    }

    /** @param inFlight tasks per key the gate lets reach the server: with 2, the next one waits queued there */
    private Result ours(String name, int inFlight) throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Bench.named("ours-timer"));
        ExecutorService worker = Executors.newFixedThreadPool(2, Bench.named("ours-worker"));
        try (DashScopeSimulator sim = simulator();
                GenerationEngine engine = Bench.engine(new Endpoint(sim.baseUrl()), Bench.gates(Bench.SCALE, inFlight),
                        timer, worker, Bench.SCALE)) {
            ApiKey key = ApiKey.of(KEY);
            Instant start = Instant.now();
            List<CompletableFuture<?>> runs = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                GenerationRequest r = GenerationRequest.builder().prompt("asset " + i).n(1).build();
                runs.add(engine.generate(key, engine.prepare(r, (java.nio.file.Path) null), Instant.now().plusSeconds(600), e -> { },
                        Bench.noDownload(polls -> { }), task -> { }).result());
            }
            return summarise(name, sim, start, await(runs));
        } finally {
            timer.shutdownNow();
            worker.shutdownNow();
        }
    }

    private Result baseline(String name, Function<Baselines, Function<String, CompletableFuture<?>>> style) throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Bench.named("baseline-timer"));
        try (DashScopeSimulator sim = simulator();
                HttpTransport transport = new HttpTransport(HttpSettings.defaults().withResponseTimeout(Duration.ofSeconds(30)))) {
            Baselines b = new Baselines(new DashScopeClient(transport, new Endpoint(sim.baseUrl())), ApiKey.of(KEY), timer);
            Function<String, CompletableFuture<?>> client = style.apply(b);
            Instant start = Instant.now();
            List<CompletableFuture<?>> runs = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                runs.add(client.apply("asset " + i));
            }
            return summarise(name, sim, start, await(runs));
        } finally {
            timer.shutdownNow();
        }
    }

    private static int await(List<CompletableFuture<?>> runs) {
        int failed = 0;
        for (CompletableFuture<?> f : runs) {
            try {
                f.get(10, TimeUnit.MINUTES);
            } catch (Exception e) {
                failed++;
            }
        }
        return failed;
    }

    private static Result summarise(String client, DashScopeSimulator sim, Instant start, int failed) {
        List<DashScopeSimulator.TaskTimeline> done = sim.timeline().stream()
                .filter(t -> t.ended() != null && t.detected() != null).toList();
        double lowerBound = done.stream().mapToLong(t -> Duration.between(t.started(), t.ended()).toNanos()).sum();
        Instant last = done.stream().map(DashScopeSimulator.TaskTimeline::detected).max(Instant::compareTo).orElse(start);
        List<Double> delays = done.stream()
                .map(t -> Duration.between(t.ended(), t.detected()).toNanos() / 1e9 / Bench.SCALE).toList();
        double queries = done.stream().mapToInt(DashScopeSimulator.TaskTimeline::queries).average().orElse(Double.NaN);
        return new Result(client, REQUESTS, failed, sim.throttledAnswers(),
                Duration.between(start, last).toNanos() / lowerBound, queries,
                Bench.percentile(delays, 0.50), Bench.percentile(delays, 0.95));
    }
}
