package io.jenkins.plugins.dashscope.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dashscope.core.testing.MovableClock;
import io.jenkins.plugins.dashscope.core.usage.PriceTable;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Months past the retention folded into totals: the same sums, fewer lines, and a crash mid-fold counted once. */
class LedgerRetentionTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final PriceTable.Price PRICE = new PriceTable.Price(new BigDecimal("0.25"), "CNY");

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock(Instant.parse("2025-11-15T00:00:00Z"));

    /** Two builds of two jobs a month, 14 months from November 2025. */
    private UsageLedger aYear() {
        UsageLedger ledger = UsageLedger.open(dir, clock, UTC, 13);
        for (int m = 0; m < 14; m++) {
            clock.set(YearMonth.of(2025, 11)
                    .plusMonths(m)
                    .atDay(15)
                    .atStartOfDay(UTC)
                    .toInstant());
            for (String job : List.of("a/poster", "b/card")) {
                for (int build = 1; build <= 2; build++) {
                    String id = ledger.hold(
                                    new Payer(job, m * 10 + build),
                                    List.of(new UsageLedger.Hold("wan2.6-t2i", 4, PRICE)),
                                    List.of())
                            .get(0);
                    ledger.settle(id, 3, 0, 1, false);
                }
            }
        }
        return ledger;
    }

    private static int paid(LedgerSnapshot s, YearMonth month) {
        return s.rows().stream()
                .filter(r -> r.month().equals(month))
                .mapToInt(UsageRow::paid)
                .sum();
    }

    @Test
    void monthsPastTheRetentionKeepTheirTotalsPerJobAndModel() {
        LedgerSnapshot s = aYear().snapshot(); // now December 2026: November 2025 is the 14th month back

        assertThat(s.month()).isEqualTo(YearMonth.of(2026, 12));
        List<UsageRow> folded = s.rows().stream()
                .filter(r -> r.month().equals(YearMonth.of(2025, 11)))
                .toList();
        assertThat(folded).hasSize(2).allSatisfy(r -> {
            assertThat(r.payer().build()).isZero();
            assertThat(r.paid()).isEqualTo(6);
            assertThat(r.failed()).isEqualTo(2);
            assertThat(r.cost()).isEqualByComparingTo("1.50");
        });
        assertThat(s.rows().stream().filter(r -> r.month().equals(YearMonth.of(2025, 12))))
                .as("kept line by line")
                .hasSize(4);
        assertThat(Files.exists(dir.resolve("2025-11.jsonl"))).isFalse();
        assertThat(Files.exists(dir.resolve("2025-12.jsonl"))).isTrue();

        LedgerSnapshot reread = UsageLedger.open(dir, clock, UTC, 13).snapshot();
        assertThat(reread.rows()).containsExactlyInAnyOrderElementsOf(s.rows());
    }

    @Test
    void aCrashAfterTheTotalsBeforeTheJournalWasRemovedCountsTheMonthOnce() throws IOException {
        aYear();
        Path totals = dir.resolve(LedgerFiles.TOTALS);
        // as if the controller died right after the rename: the folded month's journal is still there
        Files.writeString(
                dir.resolve("2025-11.jsonl"),
                LedgerEntry.hold("late", Instant.parse("2025-11-20T00:00:00Z"), new Payer("a/poster", 9), "m", 50, null)
                                .toLine()
                        + "\n");
        assertThat(totals).exists();

        LedgerSnapshot s = UsageLedger.open(dir, clock, UTC, 13).snapshot();
        assertThat(paid(s, YearMonth.of(2025, 11))).isEqualTo(12);
        assertThat(s.rows().stream().mapToInt(UsageRow::held).sum()).isZero();
        assertThat(Files.exists(dir.resolve("2025-11.jsonl"))).isFalse();
    }

    @Test
    void aPartFileLeftByACrashBeforeTheRenameIsNotRead() throws IOException {
        aYear();
        Files.writeString(dir.resolve("." + LedgerFiles.TOTALS + ".0000.part"), "{\"rows\":[{\"paid\":9");

        LedgerSnapshot s = UsageLedger.open(dir, clock, UTC, 13).snapshot();
        assertThat(s.problem()).isNull();
        assertThat(paid(s, YearMonth.of(2025, 11))).isEqualTo(12);
    }

    @Test
    void aShorterRetentionFoldsMoreAtOnce() {
        UsageLedger ledger = aYear();
        ledger.retain(2);
        LedgerSnapshot s = ledger.snapshot();
        assertThat(s.rows().stream().filter(r -> r.payer().build() != 0))
                .extracting(UsageRow::month)
                .containsOnly(YearMonth.of(2026, 11), YearMonth.of(2026, 12));
        assertThat(s.rows().stream().mapToInt(UsageRow::paid).sum()).isEqualTo(14 * 4 * 3);
    }

    /**
     * A busy controller's year, written as journals directly (as 100,000 appends would leave them): opening it folds
     * the month past the retention, and every job's totals are the same before and after, and after a second open.
     */
    @Test
    void aYearOfAHundredThousandEntriesFoldsToTheSameTotals() throws IOException {
        java.util.Map<String, Integer> paidPerJob = new java.util.TreeMap<>();
        java.util.Map<YearMonth, StringBuilder> journals = new java.util.TreeMap<>();
        Instant start = Instant.parse("2025-11-01T00:00:00Z");
        for (int i = 0; i < 50_000; i++) {
            Instant at = start.plusSeconds(i * 680L); // 13 months, evenly
            String job = "team-" + (i % 8) + "/job-" + (i % 40);
            Payer payer = new Payer(job, 1 + i / 40);
            StringBuilder lines = journals.computeIfAbsent(YearMonth.from(at.atZone(UTC)), m -> new StringBuilder());
            lines.append(LedgerEntry.hold("h" + i, at, payer, "wan2.6-t2i", 4, PRICE)
                            .toLine())
                    .append('\n');
            lines.append(LedgerEntry.settle("h" + i, at, 3, 0, 1, false).toLine())
                    .append('\n');
            paidPerJob.merge(job, 3, Integer::sum);
        }
        for (var journal : journals.entrySet()) {
            Files.writeString(dir.resolve(journal.getKey() + ".jsonl"), journal.getValue());
        }
        clock.set(Instant.parse("2026-12-15T00:00:00Z"));

        LedgerSnapshot s = UsageLedger.open(dir, clock, UTC, 13).snapshot();

        assertThat(journals.keySet()).first().isEqualTo(YearMonth.of(2025, 11));
        assertThat(Files.exists(dir.resolve("2025-11.jsonl"))).as("folded").isFalse();
        assertThat(s.rows().stream().filter(r -> r.month().equals(YearMonth.of(2025, 11))))
                .hasSize(40)
                .allSatisfy(r -> assertThat(r.payer().build()).isZero());
        assertThat(perJob(s)).isEqualTo(paidPerJob);
        assertThat(perJob(UsageLedger.open(dir, clock, UTC, 13).snapshot())).isEqualTo(paidPerJob);
        assertThat(s.problem()).isNull();
    }

    private static java.util.Map<String, Integer> perJob(LedgerSnapshot s) {
        java.util.Map<String, Integer> paid = new java.util.TreeMap<>();
        s.rows().forEach(r -> paid.merge(r.payer().job(), r.paid(), Integer::sum));
        return paid;
    }
}
