package io.jenkins.plugins.dashscope.bench;

import java.time.LocalDate;
import java.util.List;

/**
 * Runs every scenario against the simulator on loopback and prints one table. Run it with
 * {@code mvn -B -q -f core/pom.xml test-compile exec:exec@benchmark} (see docs/performance.md).
 */
public final class Benchmark {

    private Benchmark() {}

    public static void main(String[] args) throws Exception {
        System.out.println("DashScope image plugin benchmark, " + LocalDate.now() + ", " + Bench.machine());
        System.out.println(
                "Simulated time scale " + Bench.SCALE + " (a 20 s task takes 200 ms; delays below are scaled back)");
        System.out.println();
        String only = System.getProperty("bench.only", "queue,waits,download,finishing,ledger");
        Table t = new Table("Scenario", "Client", "Figure", "Value", "Target");
        for (QueueScenario.Result r :
                only.contains("queue") ? new QueueScenario().run() : List.<QueueScenario.Result>of()) {
            String q = "Queue, " + r.workload().name() + " (" + QueueScenario.counts(r.workload()) + "; 1 key)";
            boolean ours = r.client().equals("ours (defaults)");
            boolean learned = ours || r.client().startsWith("ours, second run");
            boolean shared = r.client().startsWith("ours, 2 clients");
            t.row(q, r.client(), "makespan / platform's best", Bench.fmt(r.makespanRatio(), 3), ours ? "<= 1.05" : "");
            t.row(
                    q,
                    r.client(),
                    "queries per task",
                    Bench.fmt(r.queriesPerTask(), 2),
                    learned ? "<= 1/2 SDK-style" : "");
            t.row(
                    q,
                    r.client(),
                    "detection delay p50 / p95 (s)",
                    Bench.fmt(r.p50Delay(), 2) + " / " + Bench.fmt(r.p95Delay(), 2),
                    learned ? "p95 <= SDK-style" : "");
            t.row(q, r.client(), "most task queries in a second", String.valueOf(r.peakQueries()), ours ? "<= 20" : "");
            t.row(q, r.client(), "429 answers received", String.valueOf(r.throttled()), ours || shared ? "0" : "");
            t.row(
                    q,
                    r.client(),
                    "requests failed",
                    r.failed() + " of " + r.workload().requests(),
                    ours || shared ? "0" : "");
        }
        if (only.contains("waits")) {
            ManyWaitsScenario.Result w = new ManyWaitsScenario().run();
            String m = "Many waits (" + w.waits() + " concurrent, 1 key each)";
            t.row(m, "ours", "client threads at peak", String.valueOf(w.peakThreads()), "<= 16");
            t.row(m, "ours", "heap per wait", Bench.fmt(w.heapPerWaitBytes() / 1024.0, 1) + " KB", "<= 64 KB");
            t.row(m, "ours", "CPU s per 1,000 queries", Bench.fmt(w.cpuSecondsPer1000Queries(), 3), "");
            t.row(m, "ours", "queries / failures", w.queries() + " / " + w.failed(), "");
        }
        List<DownloadScenario.Result> downloads =
                only.contains("download") ? new DownloadScenario().run() : List.<DownloadScenario.Result>of();
        for (DownloadScenario.Result d : downloads) {
            String s = "Download (4 x 8 MB + 1 x 50 MB)";
            boolean ours = d.client().equals("ours");
            t.row(
                    s,
                    d.client(),
                    "throughput (MB/s, best of " + DownloadScenario.ROUNDS + ")",
                    Bench.fmt(d.megabytesPerSecond(), 0),
                    ours ? ">= 0.9 x plain + SHA-256" : "");
            t.row(s, d.client(), "peak heap growth (MB)", Bench.fmt(d.peakHeapGrowthMb(), 1), ours ? "<= 16" : "");
            if (ours) {
                // like for like: the manifest needs every byte's SHA-256, which a plain copy does not compute
                for (DownloadScenario.Result other : downloads) {
                    if (!other.client().equals("ours")) {
                        t.row(
                                s,
                                "ours",
                                "throughput / " + other.client(),
                                Bench.fmt(d.megabytesPerSecond() / other.megabytesPerSecond(), 2),
                                "");
                    }
                }
            }
        }
        if (only.contains("finishing")) {
            List<FinishingScenario.Result> finishing = new FinishingScenario().run();
            String f = "Finishing (1024x1024 PNG to 1200x630 PNG)";
            for (FinishingScenario.Result r : finishing) {
                t.row(
                        f,
                        r.client(),
                        "ms per derived size (median of " + FinishingScenario.ROUNDS + ")",
                        Bench.fmt(r.medianMillis(), 1),
                        "");
            }
            t.row(
                    f,
                    "2 texts + logo",
                    "time / no overlays",
                    Bench.fmt(finishing.get(1).medianMillis() / finishing.get(0).medianMillis(), 2),
                    "");
        }
        if (only.contains("ledger")) {
            LedgerScenario.Result r = new LedgerScenario().run();
            String l = "Usage ledger (" + LedgerScenario.ENTRIES + " entries, 13 months, "
                    + Bench.fmt(r.journalBytes() / 1e6, 1) + " MB)";
            t.row(l, "ours", "open: read and fold (ms, median of 5)", Bench.fmt(r.openMillis(), 0), "");
            t.row(l, "ours", "rows kept after folding", String.valueOf(r.rows()), "");
            t.row(
                    l,
                    "ours",
                    "usage page: report + 2 charts (ms, median of " + LedgerScenario.ROUNDS + ")",
                    Bench.fmt(r.pageMillis(), 1),
                    "< 1000");
            t.row(
                    l,
                    "ours",
                    "CSV export (ms, median of " + LedgerScenario.ROUNDS + ")",
                    Bench.fmt(r.csvMillis(), 1),
                    "");
        }
        t.print(System.out);
    }
}
