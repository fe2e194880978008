package io.jenkins.plugins.dashscope.bench;

import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.Endpoint;
import io.jenkins.plugins.dashscope.core.gate.GateSettings;
import io.jenkins.plugins.dashscope.core.generation.Delivery;
import io.jenkins.plugins.dashscope.core.generation.GenerationEngine;
import io.jenkins.plugins.dashscope.core.generation.GenerationEvent;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A thousand generations waiting at once, one key each, in this JVM; the simulator runs in another
 * JVM so that only the client is measured.
 */
final class ManyWaitsScenario {

    static final int WAITS = 1000;
    /** A 20 s task at one tenth: the engine's default schedule, scaled alike, polls several times per wait. */
    private static final double SCALE = 0.1;

    private static final Duration SERVICE = Duration.ofMillis(2000);

    record Result(
            int waits,
            int peakThreads,
            double heapPerWaitBytes,
            double cpuSecondsPer1000Queries,
            int queries,
            int failed) {}

    Result run() throws Exception {
        try (SimulatorProcess.Handle server =
                SimulatorProcess.launch(1, String.valueOf(WAITS), String.valueOf(SERVICE.toMillis()))) {
            return measure(server.urls().get(0));
        }
    }

    private Result measure(URI base) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int threadsBefore = threads.getThreadCount();
        long heapBefore = Bench.usedHeapAfterGc();
        threads.resetPeakThreadCount();
        long cpuBefore = os.getProcessCpuTime();

        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Bench.named("waits-timer"));
        ExecutorService worker = Executors.newFixedThreadPool(2, Bench.named("waits-worker"));
        AtomicInteger queries = new AtomicInteger();
        AtomicInteger submitted = new AtomicInteger();
        Delivery countPolls = Bench.noDownload(queries::addAndGet);
        long heapWhileWaiting;
        int failed = 0;
        try (GenerationEngine engine = Bench.engine(
                new Endpoint(base), Bench.gates(SCALE, GateSettings.defaults().maxInFlight()), timer, worker, SCALE)) {
            List<CompletableFuture<GenerationResult>> runs = new ArrayList<>();
            GenerationRequest request =
                    GenerationRequest.builder().prompt("many waits").n(1).build();
            for (int i = 0; i < WAITS; i++) {
                runs.add(engine.generate(
                                ApiKey.of(SimulatorProcess.key(i)),
                                engine.prepare(request, (java.nio.file.Path) null),
                                Instant.now().plusSeconds(300),
                                e -> {
                                    if (e instanceof GenerationEvent.Submitted) {
                                        submitted.incrementAndGet();
                                    }
                                },
                                countPolls,
                                task -> {})
                        .result());
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (submitted.get() < WAITS && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            heapWhileWaiting = Bench.usedHeapAfterGc(); // every wait submitted, none finished (tasks take 2 s)
            for (CompletableFuture<GenerationResult> f : runs) {
                try {
                    f.get(5, TimeUnit.MINUTES);
                } catch (Exception e) {
                    failed++;
                }
            }
        } finally {
            timer.shutdownNow();
            worker.shutdownNow();
        }
        double cpuSeconds = (os.getProcessCpuTime() - cpuBefore) / 1e9;
        return new Result(
                WAITS,
                threads.getPeakThreadCount() - threadsBefore,
                (double) (heapWhileWaiting - heapBefore) / WAITS,
                cpuSeconds / queries.get() * 1000,
                queries.get(),
                failed);
    }
}
