package io.jenkins.plugins.dashscope.bench;

import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.Endpoint;
import io.jenkins.plugins.dashscope.core.gate.GatePolicy;
import io.jenkins.plugins.dashscope.core.generation.GenerationEngine;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One or more processes running our engine against one endpoint, each with its own threads, gates and learned run
 * times, as two controllers (or a controller and a CLI job) sharing an account are.
 */
final class OurClients implements AutoCloseable {

    /** What a run learned, per model, for the next run to start with. */
    static final class Learned {
        Map<String, List<Long>> runTimes = Map.of();
    }

    private final List<ScheduledExecutorService> timers = new ArrayList<>();
    private final List<ExecutorService> workers = new ArrayList<>();
    private final List<Bench.Client> clients = new ArrayList<>();

    OurClients(Endpoint endpoint, GatePolicy policy, int count, Map<String, List<Long>> history) {
        for (int c = 0; c < count; c++) {
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Bench.named("ours-timer"));
            ExecutorService worker = Executors.newFixedThreadPool(2, Bench.named("ours-worker"));
            timers.add(timer);
            workers.add(worker);
            clients.add(Bench.client(endpoint, policy, timer, worker, Bench.SCALE));
        }
        // learned at another simulator: the same models, this endpoint
        Map<String, List<Long>> here = new LinkedHashMap<>();
        history.forEach((key, times) -> here.put(endpoint.baseUrl() + " " + model(key), times));
        clients.get(0).runtime().estimator().restore(here);
    }

    /** Request {@code index}, sent by the client whose turn it is. */
    CompletableFuture<?> generate(int index, String key, String model, String prompt) {
        GenerationEngine engine = clients.get(index % clients.size()).engine();
        GenerationRequest r =
                GenerationRequest.builder().model(model).prompt(prompt).n(1).build();
        return engine.generate(
                        ApiKey.of(key),
                        engine.prepare(r, (java.nio.file.Path) null),
                        Instant.now().plusSeconds(600),
                        e -> {},
                        Bench.noDownload(polls -> {}),
                        task -> {})
                .result();
    }

    /** The first client's run times, keyed by model alone. */
    void learnedInto(Learned learned) {
        Map<String, List<Long>> byModel = new LinkedHashMap<>();
        clients.get(0).runtime().estimator().snapshot().forEach((key, times) -> byModel.put(model(key), times));
        learned.runTimes = byModel;
    }

    private static String model(String key) {
        return key.substring(key.lastIndexOf(' ') + 1);
    }

    @Override
    public void close() {
        clients.forEach(c -> c.engine().close());
        clients.forEach(c -> c.runtime().close());
        timers.forEach(ExecutorService::shutdownNow);
        workers.forEach(ExecutorService::shutdownNow);
    }
}
