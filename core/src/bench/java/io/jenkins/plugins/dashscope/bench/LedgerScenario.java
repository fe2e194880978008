package io.jenkins.plugins.dashscope.bench;

import io.jenkins.plugins.dashscope.core.ledger.LedgerSnapshot;
import io.jenkins.plugins.dashscope.core.ledger.Payer;
import io.jenkins.plugins.dashscope.core.ledger.Quota;
import io.jenkins.plugins.dashscope.core.ledger.UsageCharts;
import io.jenkins.plugins.dashscope.core.ledger.UsageCsv;
import io.jenkins.plugins.dashscope.core.ledger.UsageLedger;
import io.jenkins.plugins.dashscope.core.ledger.UsageReport;
import io.jenkins.plugins.dashscope.core.testing.MovableClock;
import io.jenkins.plugins.dashscope.core.usage.PriceTable;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A year of a busy controller's ledger: {@link #ENTRIES} journal lines (holds and their settlements, and reuses) over
 * 13 months, 40 jobs in 8 folders. Measured: opening it (reading, and folding the month past the retention), and
 * what the usage page does on each view (the snapshot, the report with its quotas, both charts) and the CSV export,
 * as the median of {@link #ROUNDS} after a warm-up.
 */
final class LedgerScenario {

    static final int ENTRIES = 100_000;
    static final int ROUNDS = 20;

    record Result(double openMillis, double pageMillis, double csvMillis, int rows, long journalBytes) {}

    Result run() throws Exception {
        Path dir = Files.createTempDirectory("bench-ledger");
        try {
            Instant start = Instant.parse("2025-11-01T00:00:00Z");
            Instant end = Instant.parse("2026-12-01T00:00:00Z");
            MovableClock clock = new MovableClock(start);
            UsageLedger writer = UsageLedger.open(dir, clock, ZoneOffset.UTC, 24);
            PriceTable.Price price = new PriceTable.Price(new BigDecimal("0.20"), "CNY");
            long step = (end.toEpochMilli() - start.toEpochMilli()) / (ENTRIES / 2);
            for (int i = 0; i < ENTRIES / 2; i++) {
                clock.set(start.plusMillis(step * i));
                Payer payer = new Payer("team-" + (i % 8) + "/job-" + (i % 40), 1 + i / 40);
                if (i % 10 == 9) {
                    writer.reused(payer, "wan2.6-t2i", 2);
                    writer.reused(payer, "qwen-image", 1);
                } else {
                    String id = writer.hold(payer, List.of(new UsageLedger.Hold("wan2.6-t2i", 4, price)), List.of())
                            .get(0);
                    writer.settle(id, 3, 0, 1, false);
                }
            }
            long bytes;
            try (var files = Files.list(dir)) {
                bytes = files.mapToLong(f -> f.toFile().length()).sum();
            }
            clock.set(Instant.parse("2026-12-15T00:00:00Z"));
            List<Double> open = new ArrayList<>();
            UsageLedger ledger = null;
            for (int i = 0; i < 5; i++) {
                long t = System.nanoTime();
                ledger = UsageLedger.open(dir, clock, ZoneOffset.UTC, 13);
                open.add((System.nanoTime() - t) / 1e6);
            }
            List<Quota> quotas = List.of(
                    new Quota(Quota.Scope.GLOBAL, 100_000, null), new Quota(Quota.Scope.folder("team-3"), 5_000, null));
            List<Double> page = new ArrayList<>();
            List<Double> csv = new ArrayList<>();
            int rows = 0;
            for (int i = 0; i < ROUNDS + 5; i++) {
                long t = System.nanoTime();
                LedgerSnapshot s = ledger.snapshot();
                UsageReport r = UsageReport.of(s, Quota.Scope.GLOBAL, quotas);
                String charts = UsageCharts.imagesPerMonth(r) + UsageCharts.costPerMonth(r);
                long took = System.nanoTime() - t;
                t = System.nanoTime();
                String text = UsageCsv.of(s, Quota.Scope.GLOBAL);
                long tookCsv = System.nanoTime() - t;
                if (i >= 5) {
                    page.add(took / 1e6);
                    csv.add(tookCsv / 1e6);
                }
                rows = s.rows().size() + (charts.isEmpty() || text.isEmpty() ? 1 : 0);
            }
            return new Result(median(open), median(page), median(csv), rows, bytes);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double median(List<Double> times) {
        List<Double> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
