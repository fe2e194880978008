package io.jenkins.plugins.dashscope.bench;

import io.jenkins.plugins.dashscope.core.client.HttpSettings;
import io.jenkins.plugins.dashscope.core.client.HttpTransport;
import io.jenkins.plugins.dashscope.core.client.ResultItem;
import io.jenkins.plugins.dashscope.core.download.DownloadPolicy;
import io.jenkins.plugins.dashscope.core.download.DownloadReport;
import io.jenkins.plugins.dashscope.core.download.ImageDownloader;
import io.jenkins.plugins.dashscope.core.wait.Retrier;
import io.jenkins.plugins.dashscope.core.wait.RetrySettings;
import io.jenkins.plugins.dashscope.core.wait.Scheduler;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Four 8 MB images and one 50 MB image, fetched by our downloader (streaming, checked, atomically
 * renamed) and by a plain {@code InputStream}-to-file copy with the same concurrency, from the same URLs.
 */
final class DownloadScenario {

    static final int ROUNDS = 5;
    private static final int[] SIZES = {8_000_000, 8_000_000, 8_000_000, 8_000_000, 50_000_000};

    record Result(String client, double megabytesPerSecond, double peakHeapGrowthMb) {}

    List<Result> run() throws Exception {
        String[] args = new String[SIZES.length + 1];
        args[0] = "blobs";
        for (int i = 0; i < SIZES.length; i++) {
            args[i + 1] = String.valueOf(SIZES[i]);
        }
        // The server in a JVM of its own: its buffers must not count as our heap.
        try (SimulatorProcess.Handle server = SimulatorProcess.launch(SIZES.length, args)) {
            List<URI> urls = server.urls();
            long total = 0;
            for (int s : SIZES) {
                total += s;
            }
            double[] ours = {Double.MAX_VALUE, 0};
            double[] plain = {Double.MAX_VALUE, 0};
            double[] hashed = {Double.MAX_VALUE, 0};
            measure(new double[2], dir -> ours(urls, dir)); // warm-up, not counted (JIT)
            measure(new double[2], dir -> plain(urls, dir, false));
            measure(new double[2], dir -> plain(urls, dir, true));
            for (int round = 0; round < ROUNDS; round++) {
                measure(ours, dir -> ours(urls, dir));
                measure(plain, dir -> plain(urls, dir, false));
                measure(hashed, dir -> plain(urls, dir, true));
            }
            double mb = total / 1e6;
            return List.of(
                    new Result("ours", mb / ours[0], ours[1] / 1e6),
                    new Result("plain copy", mb / plain[0], plain[1] / 1e6),
                    new Result("plain copy + SHA-256", mb / hashed[0], hashed[1] / 1e6));
        }
    }

    private interface Download {
        void into(Path dir) throws Exception;
    }

    /** Best time in seconds into best[0], largest heap growth in bytes into best[1]. */
    private static void measure(double[] best, Download d) throws Exception {
        Path dir = Files.createTempDirectory("dashscope-bench");
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long baseline = Bench.usedHeapAfterGc();
        AtomicLong peak = new AtomicLong(baseline);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(
                () -> {
                    while (running.get()) {
                        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                        try {
                            Thread.sleep(2);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "heap-sampler");
        sampler.start();
        long start = System.nanoTime();
        try {
            d.into(dir);
        } finally {
            double seconds = (System.nanoTime() - start) / 1e9;
            running.set(false);
            sampler.join();
            best[0] = Math.min(best[0], seconds);
            best[1] = Math.max(best[1], peak.get() - baseline);
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Our downloader as the engine uses it: two worker threads, HttpClient's I/O threads, a size cap. */
    private static void ours(List<URI> urls, Path dir) throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Bench.named("dl-timer"));
        ExecutorService worker = Executors.newFixedThreadPool(2, Bench.named("dl-worker"));
        try (HttpTransport transport = HttpTransport.forDownloads(HttpSettings.defaults(), null)) {
            ImageDownloader downloader = new ImageDownloader(
                    transport,
                    DownloadPolicy.forEndpoint(urls.get(0).resolve("/api/v1")), // the blobs' own origin
                    new Retrier(Scheduler.of(timer), java.time.Clock.systemUTC()),
                    RetrySettings.defaults(),
                    new Random(3)::nextDouble,
                    worker);
            List<ResultItem> results = new ArrayList<>();
            for (int i = 0; i < urls.size(); i++) {
                results.add(new ResultItem(i + 1, urls.get(i).toString(), null, null, null));
            }
            DownloadReport report =
                    downloader.downloadAll(results, dir, "image", img -> {}).get(5, TimeUnit.MINUTES);
            if (!report.failures().isEmpty() || report.images().size() != urls.size()) {
                throw new IllegalStateException("download failed: " + report.failures());
            }
        } finally {
            timer.shutdownNow();
            worker.shutdownNow();
        }
    }

    /**
     * The baseline: one thread per URL, {@code openStream()} copied to a file; with {@code hash}, also
     * the SHA-256 our manifest records, to show what that costs by itself.
     */
    private static void plain(List<URI> urls, Path dir, boolean hash) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(urls.size(), Bench.named("plain"));
        try {
            List<Future<Long>> copies = new ArrayList<>();
            for (int i = 0; i < urls.size(); i++) {
                URI url = urls.get(i);
                Path target = dir.resolve("plain-" + i + ".png");
                copies.add(pool.submit(() -> {
                    try (InputStream in = hash
                            ? new DigestInputStream(url.toURL().openStream(), MessageDigest.getInstance("SHA-256"))
                            : url.toURL().openStream()) {
                        return Files.copy(in, target);
                    }
                }));
            }
            for (Future<Long> f : copies) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A PNG signature and header (4096 x 4096) followed by random bytes: typed and measured like an image. */
    static byte[] png(int size, Random random) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        b.putInt(13);
        int crcFrom = b.position();
        b.put("IHDR".getBytes(StandardCharsets.US_ASCII))
                .putInt(4096)
                .putInt(4096)
                .put(new byte[] {8, 2, 0, 0, 0});
        CRC32 crc = new CRC32();
        crc.update(bytes, crcFrom, 17);
        b.putInt((int) crc.getValue());
        return bytes;
    }
}
