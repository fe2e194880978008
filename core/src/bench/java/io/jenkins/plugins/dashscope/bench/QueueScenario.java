package io.jenkins.plugins.dashscope.bench;

import io.jenkins.plugins.dashscope.core.catalog.ModelLimits;
import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.DashScopeClient;
import io.jenkins.plugins.dashscope.core.client.Endpoint;
import io.jenkins.plugins.dashscope.core.client.HttpSettings;
import io.jenkins.plugins.dashscope.core.client.HttpTransport;
import io.jenkins.plugins.dashscope.core.gate.GatePolicy;
import io.jenkins.plugins.dashscope.core.gate.GateSettings;
import io.jenkins.plugins.dashscope.core.simulator.DashScopeSimulator;
import io.jenkins.plugins.dashscope.core.simulator.RequestKind;
import io.jenkins.plugins.dashscope.core.simulator.SimulatorSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Requests on one key against a simulator that limits each model as the platform does (its submit rate, its
 * tasks at once with a queue behind them, 20 task queries a second), service times drawn from a fixed seed.
 * Two workloads: 20 requests of one model ({@code wanx-v1}: 2 submits a second, 1 task at once), and a mix of
 * three models with different limits, 30 requests from parallel builds. Each client gets a fresh simulator
 * with the same service times.
 */
final class QueueScenario {

    static final long SEED = 42;
    static final Duration MIN_SERVICE = Duration.ofSeconds(10);
    static final Duration MAX_SERVICE = Duration.ofSeconds(40);
    private static final String KEY = "sk-bench-queue-0123456789";

    /** Which model each request asks for, in the order the builds send them. */
    record Workload(String name, List<String> models) {
        int requests() {
            return models.size();
        }
    }

    static final Workload SINGLE = new Workload("1 model", java.util.Collections.nCopies(20, "wanx-v1"));
    /** Three builds of ten requests each, started together, one model each. */
    static final Workload MIX =
            new Workload("3 models", interleave(List.of("wanx-v1", "wan2.2-t2i-flash", "wan2.5-t2i-preview"), 10));

    /**
     * One client's figures; delays in real-time seconds (scaled back).
     *
     * @param makespanRatio from the first submit to the last completion seen, over the platform's best: each
     *                      model's tasks started the moment they could be, on its slots in request order
     * @param peakQueries   the most task queries in any second (scaled back)
     */
    record Result(
            Workload workload,
            String client,
            int failed,
            int throttled,
            double makespanRatio,
            double queriesPerTask,
            double p50Delay,
            double p95Delay,
            int peakQueries) {}

    private final Map<Workload, Duration[]> serviceTimes = new HashMap<>();

    List<Result> run() throws Exception {
        List<Result> all = new ArrayList<>();
        for (Workload w : List.of(SINGLE, MIX)) {
            serviceTimes.put(w, Bench.serviceTimes(w.requests(), SEED, MIN_SERVICE, MAX_SERVICE));
            OurClients.Learned first = new OurClients.Learned();
            all.add(ours(w, "ours (defaults)", policy(false), 1, Map.of(), first));
            all.add(ours(w, "ours, second run (history from the first)", policy(false), 1, first.runTimes, null));
            all.add(ours(w, "ours, 2 clients at 50 % each", policy(false).withShare(50), 2, Map.of(), null));
            all.add(ours(w, "ours (only the model's concurrency)", policy(true), 1, Map.of(), null));
            all.add(baseline(w, "SDK-style (429s retried)", b -> b::sdkStyle));
            if (w == SINGLE) {
                all.add(baseline(w, "naive loop (3 s)", b -> b::naiveLoop));
            }
        }
        return all;
    }

    private static List<String> interleave(List<String> models, int each) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            out.addAll(models);
        }
        return out;
    }

    private static ModelLimits scaled(ModelLimits l) {
        return new ModelLimits(l.submits(), Bench.scaled(l.window()), l.concurrency());
    }

    private static ModelLimits platform(String model) {
        return ModelLimits.builtIn(model, "cn-beijing").orElse(ModelLimits.UNKNOWN);
    }

    /**
     * The product's default policy with every window scaled like the service. {@code noLookahead} keeps in
     * flight only what the model runs at once (the alternative the defaults improve on).
     */
    private static GatePolicy policy(boolean noLookahead) {
        Map<String, ModelLimits> perModel = new LinkedHashMap<>();
        ModelLimits.models().forEach(m -> perModel.put(m, scaled(platform(m))));
        GateSettings queries =
                new GateSettings(GatePolicy.QUERIES_PER_SECOND, Bench.scaled(Duration.ofSeconds(1)), Integer.MAX_VALUE);
        GatePolicy policy = new GatePolicy(null, null, perModel, null, queries, true, GatePolicy.WHOLE);
        return noLookahead ? policy.withoutLookahead() : policy;
    }

    private DashScopeSimulator simulator(Workload w) {
        Duration[] times = serviceTimes.get(w);
        return DashScopeSimulator.start(SimulatorSettings.defaults(KEY)
                .withServiceTime(i -> times[i % times.length])
                .withModelLimits(m -> scaled(platform(m)))
                .withQueryLimit(GatePolicy.QUERIES_PER_SECOND, Bench.scaled(Duration.ofSeconds(1))));
    }

    /**
     * Our engine on a fresh simulator: {@code clients} processes sharing the key (each its own runtime, the requests
     * dealt out in turn), the first starting with {@code history} (learned by an earlier run at another simulator,
     * so re-keyed to this one) and, if {@code learned} is given, handing back what it learned.
     */
    private Result ours(
            Workload w,
            String name,
            GatePolicy policy,
            int clients,
            Map<String, List<Long>> history,
            OurClients.Learned learned)
            throws Exception {
        try (DashScopeSimulator sim = simulator(w);
                OurClients ours = new OurClients(new Endpoint(sim.baseUrl()), policy, clients, history)) {
            Instant start = Instant.now();
            List<CompletableFuture<?>> runs = new ArrayList<>();
            for (int i = 0; i < w.requests(); i++) {
                runs.add(ours.generate(i, KEY, w.models().get(i), "asset " + i));
            }
            Result r = summarise(w, name, sim, start, await(runs));
            if (learned != null) {
                ours.learnedInto(learned);
            }
            return r;
        }
    }

    private Result baseline(
            Workload w, String name, Function<Baselines, Function<String[], CompletableFuture<?>>> style)
            throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Bench.named("baseline-timer"));
        try (DashScopeSimulator sim = simulator(w);
                HttpTransport transport =
                        new HttpTransport(HttpSettings.defaults().withResponseTimeout(Duration.ofSeconds(30)))) {
            Baselines b =
                    new Baselines(new DashScopeClient(transport, new Endpoint(sim.baseUrl())), ApiKey.of(KEY), timer);
            Function<String[], CompletableFuture<?>> client = style.apply(b);
            Instant start = Instant.now();
            List<CompletableFuture<?>> runs = new ArrayList<>();
            for (int i = 0; i < w.requests(); i++) {
                runs.add(client.apply(new String[] {w.models().get(i), "asset " + i}));
            }
            return summarise(w, name, sim, start, await(runs));
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

    /**
     * The platform's best makespan for the tasks it was given: each model's tasks, in the order they were created,
     * each started as soon as one of the model's slots is free, as if all had been submitted at once; the models
     * run side by side.
     */
    private static double lowerBoundNanos(List<DashScopeSimulator.TaskTimeline> tasks) {
        Map<String, long[]> slots = new TreeMap<>();
        long end = 0;
        for (DashScopeSimulator.TaskTimeline t : tasks.stream()
                .sorted(java.util.Comparator.comparing(DashScopeSimulator.TaskTimeline::created))
                .toList()) {
            long[] free =
                    slots.computeIfAbsent(t.model(), m -> new long[platform(m).concurrency()]);
            int s = 0;
            for (int k = 1; k < free.length; k++) {
                s = free[k] < free[s] ? k : s;
            }
            free[s] += t.service().toNanos();
            end = Math.max(end, free[s]);
        }
        return end;
    }

    private Result summarise(Workload w, String client, DashScopeSimulator sim, Instant start, int failed) {
        List<DashScopeSimulator.TaskTimeline> done = sim.timeline().stream()
                .filter(t -> t.ended() != null && t.detected() != null)
                .toList();
        Instant last = done.stream()
                .map(DashScopeSimulator.TaskTimeline::detected)
                .max(Instant::compareTo)
                .orElse(start);
        List<Double> delays = done.stream()
                .map(t -> Duration.between(t.ended(), t.detected()).toNanos() / 1e9 / Bench.SCALE)
                .toList();
        double queries = done.stream()
                .mapToInt(DashScopeSimulator.TaskTimeline::queries)
                .average()
                .orElse(Double.NaN);
        return new Result(
                w,
                client,
                failed,
                sim.throttledAnswers(),
                Duration.between(start, last).toNanos() / lowerBoundNanos(done),
                queries,
                Bench.percentile(delays, 0.50),
                Bench.percentile(delays, 0.95),
                peakQueries(sim));
    }

    /** The most task queries the simulator received within any (scaled) second. */
    private static int peakQueries(DashScopeSimulator sim) {
        long[] at = sim.recordedRequests().stream()
                .filter(r -> r.kind() == RequestKind.QUERY)
                .mapToLong(r -> r.at().toEpochMilli() * 1_000_000L + r.at().getNano() % 1_000_000)
                .sorted()
                .toArray();
        long window = Bench.scaled(Duration.ofSeconds(1)).toNanos();
        int peak = 0;
        for (int i = 0, j = 0; i < at.length; i++) {
            while (at[i] - at[j] >= window) {
                j++;
            }
            peak = Math.max(peak, i - j + 1);
        }
        return peak;
    }

    static String counts(Workload w) {
        Map<String, Integer> c = new TreeMap<>();
        w.models().forEach(m -> c.merge(m, 1, Integer::sum));
        StringBuilder b = new StringBuilder();
        c.forEach((m, n) -> b.append(b.length() == 0 ? "" : ", ")
                .append(n)
                .append(' ')
                .append(m)
                .append(" (")
                .append(platform(m).describe())
                .append(')'));
        return b.toString();
    }
}
