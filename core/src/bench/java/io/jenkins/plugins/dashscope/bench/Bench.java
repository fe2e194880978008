package io.jenkins.plugins.dashscope.bench;

import io.jenkins.plugins.dashscope.core.client.Endpoint;
import io.jenkins.plugins.dashscope.core.client.HttpSettings;
import io.jenkins.plugins.dashscope.core.download.DownloadPolicy;
import io.jenkins.plugins.dashscope.core.download.ImageFailure;
import io.jenkins.plugins.dashscope.core.gate.GateSettings;
import io.jenkins.plugins.dashscope.core.generation.Delivery;
import io.jenkins.plugins.dashscope.core.generation.EngineRuntime;
import io.jenkins.plugins.dashscope.core.generation.EngineSettings;
import io.jenkins.plugins.dashscope.core.generation.GenerationEngine;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.wait.PollSchedule;
import io.jenkins.plugins.dashscope.core.wait.RetrySettings;
import io.jenkins.plugins.dashscope.core.wait.Scheduler;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** What the scenarios share: the time scale, engines built as the plugin builds them, statistics. */
final class Bench {

    /** Real durations (service times, poll and retry pauses, the 1 s rate window) times this. */
    static final double SCALE = 0.01;

    private Bench() {}

    static Duration scaled(Duration real) {
        return Duration.ofNanos((long) (real.toNanos() * SCALE));
    }

    /** An engine with the product's default schedule and limits, all scaled like the service. */
    static GenerationEngine engine(
            Endpoint endpoint,
            GateSettings gates,
            ScheduledExecutorService timer,
            ExecutorService worker,
            double scale) {
        return engine(endpoint, io.jenkins.plugins.dashscope.core.gate.GatePolicy.uniform(gates), timer, worker, scale);
    }

    /** An engine with the product's default schedule, these limits, and the poll and retry pauses scaled. */
    static GenerationEngine engine(
            Endpoint endpoint,
            io.jenkins.plugins.dashscope.core.gate.GatePolicy gates,
            ScheduledExecutorService timer,
            ExecutorService worker,
            double scale) {
        // closing the engine closes its connection pool; the runtime owns no threads of its own
        return client(endpoint, gates, timer, worker, scale).engine();
    }

    /** An engine and the runtime it runs on (its gates and learned run times), as one process holds them. */
    record Client(EngineRuntime runtime, GenerationEngine engine) {}

    static Client client(
            Endpoint endpoint,
            io.jenkins.plugins.dashscope.core.gate.GatePolicy gates,
            ScheduledExecutorService timer,
            ExecutorService worker,
            double scale) {
        EngineSettings settings = EngineSettings.defaults(endpoint)
                .withHttp(HttpSettings.defaults().withResponseTimeout(Duration.ofSeconds(30)))
                .withPoll(PollSchedule.defaults().scaled(scale))
                .withRetry(RetrySettings.defaults().scaled(scale))
                .withDownloads(DownloadPolicy.forEndpoint(endpoint.baseUrl()));
        Random random = new Random(7);
        EngineRuntime runtime =
                EngineRuntime.on(Scheduler.of(timer), Clock.systemUTC(), worker, random::nextDouble, gates);
        return new Client(runtime, runtime.engine(settings));
    }

    /** The default gate (2 submits per second), scaled, with this many tasks in flight per key. */
    static GateSettings gates(double scale, int inFlight) {
        GateSettings d = GateSettings.defaults();
        return new GateSettings(
                d.submitsPerWindow(), Duration.ofNanos((long) (d.window().toNanos() * scale)), inFlight);
    }

    /**
     * Ends the generation where the download would start (these scenarios measure waiting only),
     * reporting each wait's query count.
     */
    static Delivery noDownload(java.util.function.IntConsumer polls) {
        return order -> {
            polls.accept(order.outcome().polls());
            return CompletableFuture.completedFuture(new GenerationResult(
                    null,
                    null,
                    List.of(new io.jenkins.plugins.dashscope.core.download.SavedImage(
                            1, java.nio.file.Path.of("none"), "", 0, null, null, "image/png", "none")),
                    List.<ImageFailure>of()));
        };
    }

    static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int i = (int) Math.ceil(p * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, i))];
    }

    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static String machine() {
        Runtime rt = Runtime.getRuntime();
        return System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", " + rt.availableProcessors()
                + " CPUs, Java " + System.getProperty("java.version") + ", max heap " + rt.maxMemory() / (1024 * 1024)
                + " MB";
    }

    static Duration[] serviceTimes(int count, long seed, Duration min, Duration max) {
        Random r = new Random(seed);
        Duration[] times = new Duration[count];
        for (int i = 0; i < count; i++) {
            long ms = min.toMillis() + (long) (r.nextDouble() * (max.toMillis() - min.toMillis()));
            times[i] = scaled(Duration.ofMillis(ms));
        }
        return times;
    }

    static String fmt(double v, int decimals) {
        return Double.isNaN(v) ? "n/a" : String.format(java.util.Locale.ROOT, "%." + decimals + "f", v);
    }
}
