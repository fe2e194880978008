package io.jenkins.plugins.dashscope.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dashscope.core.testing.MovableClock;
import io.jenkins.plugins.dashscope.core.usage.PriceTable;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report a page, an export and the CLI draw from a ledger: scopes, months, builds, quotas, CSV and chart. */
class UsageReportTest {

    private static final PriceTable.Price PRICE = new PriceTable.Price(new BigDecimal("0.20"), "CNY");

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-20T00:00:00Z"));

    private LedgerSnapshot twoMonths() {
        UsageLedger ledger = UsageLedger.open(dir, clock, ZoneOffset.UTC, 13);
        settle(ledger, new Payer("team-a/poster", 1), 4, 4);
        clock.set(Instant.parse("2026-12-02T00:00:00Z"));
        settle(ledger, new Payer("team-a/poster", 2), 4, 3);
        settle(ledger, new Payer("=HYPERLINK(\"x\")", 5), 2, 2);
        ledger.reused(new Payer("team-a/poster", 3), "wan2.6-t2i", 4);
        ledger.hold(new Payer("team-a/poster", 4), List.of(new UsageLedger.Hold("wan2.6-t2i", 1, PRICE)), List.of());
        return ledger.snapshot();
    }

    private static void settle(UsageLedger ledger, Payer payer, int held, int paid) {
        String id = ledger.hold(payer, List.of(new UsageLedger.Hold("wan2.6-t2i", held, PRICE)), List.of())
                .get(0);
        ledger.settle(id, paid, 0, held - paid, false);
    }

    @Test
    void aFolderReportCountsItsJobsOnlyPerMonthBuildAndModelWithItsQuota() {
        Quota quota = new Quota(Quota.Scope.folder("team-a"), 10, Quota.Cost.parse("cost", "1.50 CNY"));

        UsageReport r = UsageReport.of(twoMonths(), Quota.Scope.folder("team-a"), List.of(quota));

        assertThat(r.month()).isEqualTo(YearMonth.of(2026, 12));
        assertThat(r.months())
                .extracting(UsageReport.MonthTotals::month)
                .containsExactly(YearMonth.of(2026, 12), YearMonth.of(2026, 11));
        UsageReport.Totals december = r.thisMonth();
        assertThat(december.paid()).isEqualTo(3);
        assertThat(december.held()).isEqualTo(1);
        assertThat(december.reused()).isEqualTo(4);
        assertThat(december.failed()).isEqualTo(1);
        assertThat(december.describeCost()).isEqualTo("0.80 CNY");
        assertThat(r.builds()).extracting(UsageReport.BuildTotals::build).containsExactly(4, 3, 2, 1);
        UsageReport.QuotaStatus q = r.quotas().get(0);
        assertThat(q.usedImages()).isEqualTo(4);
        assertThat(q.remainingImages()).isEqualTo(6);
        assertThat(q.remainingCost()).isEqualByComparingTo("0.70");
        assertThat(r.openHolds()).isEqualTo(1);
    }

    @Test
    void theCsvHasARowPerBuildAndModelAndWritesFormulasAsText() {
        String csv = UsageCsv.of(twoMonths(), Quota.Scope.GLOBAL);

        assertThat(csv.split("\r\n"))
                .containsExactly(
                        UsageCsv.HEADER,
                        "2026-11,team-a,team-a/poster,1,wan2.6-t2i,4,0,0,0,0,0.80,CNY",
                        "2026-12,,\"'=HYPERLINK(\"\"x\"\")\",5,wan2.6-t2i,2,0,0,0,0,0.40,CNY",
                        "2026-12,team-a,team-a/poster,2,wan2.6-t2i,3,0,0,1,0,0.60,CNY",
                        "2026-12,team-a,team-a/poster,3,wan2.6-t2i,0,0,4,0,0,,",
                        "2026-12,team-a,team-a/poster,4,wan2.6-t2i,0,1,0,0,0,0.20,CNY");
        assertThat(UsageCsv.cell("-1+2")).isEqualTo("'-1+2");
        assertThat(UsageCsv.cell("a,b")).isEqualTo("\"a,b\"");
    }

    @Test
    void theChartIsSvgWithEveryLabelEscapedAndNoScript() {
        String svg = UsageChart.svg(
                "Images <per> month",
                List.of("paid", "reused"),
                "images",
                List.of(
                        new UsageChart.Bar("2026-11", List.of(BigDecimal.valueOf(4), BigDecimal.ZERO)),
                        new UsageChart.Bar(
                                "<script>alert(1)</script>", List.of(BigDecimal.valueOf(3), BigDecimal.ONE))));

        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>");
        assertThat(svg).doesNotContain("<script").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(svg).contains("Images &lt;per&gt; month (images)");
        assertThat(svg.split("<rect ", -1))
                .as("two legend swatches and four parts")
                .hasSize(1 + 2 + 4);
        assertThat(svg).contains(">4</text>", ">2026-11</text>");
        assertThat(UsageChart.svg("t", List.of("paid"), "images", List.of())).contains("nothing recorded");
    }
}
