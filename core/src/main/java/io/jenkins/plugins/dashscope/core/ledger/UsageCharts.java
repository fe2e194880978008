package io.jenkins.plugins.dashscope.core.ledger;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The charts a usage page shows, drawn from its report: images and estimated cost per month, images per build. */
public final class UsageCharts {

    /** The most builds the per-build chart shows, newest. */
    public static final int BUILDS = 30;

    private UsageCharts() {}

    /** Images per month, oldest first: paid (with what is held) under reused. */
    public static String imagesPerMonth(UsageReport report) {
        List<UsageChart.Bar> bars = new ArrayList<>();
        for (UsageReport.MonthTotals m : report.months()) {
            bars.add(new UsageChart.Bar(
                    m.month().toString(),
                    List.of(
                            BigDecimal.valueOf(m.totals().charged()),
                            BigDecimal.valueOf(m.totals().reused()))));
        }
        Collections.reverse(bars);
        return UsageChart.svg("Images per month", List.of("paid", "reused"), "images", bars);
    }

    /** Estimated cost per month, oldest first, in the report's first currency; null when nothing was priced. */
    public static String costPerMonth(UsageReport report) {
        String currency = report.months().stream()
                .flatMap(m -> m.totals().cost().keySet().stream())
                .sorted()
                .findFirst()
                .orElse(null);
        if (currency == null) {
            return null;
        }
        List<UsageChart.Bar> bars = new ArrayList<>();
        for (UsageReport.MonthTotals m : report.months()) {
            bars.add(new UsageChart.Bar(
                    m.month().toString(), List.of(m.totals().cost().getOrDefault(currency, BigDecimal.ZERO))));
        }
        Collections.reverse(bars);
        return UsageChart.svg("Estimated cost per month", List.of("estimate"), currency, bars);
    }

    /** Images of the newest {@link #BUILDS} builds of one job, oldest first. */
    public static String imagesPerBuild(UsageReport report, String job) {
        List<UsageChart.Bar> bars = new ArrayList<>();
        for (UsageReport.BuildTotals b : report.builds()) {
            if (b.job().equals(job) && bars.size() < BUILDS) {
                bars.add(new UsageChart.Bar(
                        "#" + b.build(),
                        List.of(
                                BigDecimal.valueOf(b.totals().charged()),
                                BigDecimal.valueOf(b.totals().reused()))));
            }
        }
        Collections.reverse(bars);
        return UsageChart.svg("Images per build", List.of("paid", "reused"), "images", bars);
    }
}
