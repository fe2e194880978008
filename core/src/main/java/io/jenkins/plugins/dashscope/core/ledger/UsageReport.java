package io.jenkins.plugins.dashscope.core.ledger;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a scope (the controller, a folder, a job) spent, drawn from a ledger snapshot: totals per month, per folder,
 * job and model, per build, and each quota with what remains this month. The usage page, its exports and the CLI's
 * summary read it; nothing here knows how it is shown.
 *
 * @param lines  per month (newest first), folder, job and model
 * @param builds per build, newest month first
 */
public record UsageReport(
        YearMonth month,
        List<MonthTotals> months,
        List<Line> lines,
        List<BuildTotals> builds,
        List<QuotaStatus> quotas,
        int openHolds,
        String problem) {

    /** Images and estimated cost; {@code cost} per currency, sorted. */
    public record Totals(int paid, int held, int reused, int failed, int assumed, Map<String, BigDecimal> cost) {

        public static final Totals ZERO = new Totals(0, 0, 0, 0, 0, Map.of());

        public Totals {
            cost = Collections.unmodifiableMap(new TreeMap<>(cost));
        }

        Totals plus(UsageRow r) {
            Map<String, BigDecimal> c = new TreeMap<>(cost);
            if (r.currency() != null) {
                c.merge(r.currency(), r.chargedCost(), BigDecimal::add);
            }
            return new Totals(
                    paid + r.paid(),
                    held + r.held(),
                    reused + r.reused(),
                    failed + r.failed(),
                    assumed + r.assumed(),
                    c);
        }

        /** What counts toward a quota: paid and held. */
        public int charged() {
            return paid + held;
        }

        /** {@code 1.20 CNY}, {@code 1.20 CNY + 0.50 USD}, or {@code -} when nothing was priced. */
        public String describeCost() {
            return cost.isEmpty()
                    ? "-"
                    : cost.entrySet().stream()
                            .map(e -> e.getValue().toPlainString() + " " + e.getKey())
                            .collect(Collectors.joining(" + "));
        }
    }

    public record MonthTotals(YearMonth month, Totals totals) {}

    public record Line(YearMonth month, String folder, String job, String model, Totals totals) {}

    public record BuildTotals(YearMonth month, String job, int build, Totals totals) {}

    /** A quota over the scope and this month's use of it; {@code remaining} null for a kind it does not limit. */
    public record QuotaStatus(
            Quota quota, int usedImages, Integer remainingImages, BigDecimal usedCost, BigDecimal remainingCost) {}

    /**
     * @param scope  whose spending: the controller's, a folder's or a job's
     * @param quotas the quotas to show with what remains, each counted over its own scope
     */
    public static UsageReport of(LedgerSnapshot s, Quota.Scope scope, List<Quota> quotas) {
        Map<YearMonth, Totals> months = new TreeMap<>(Comparator.reverseOrder());
        Map<List<Object>, Totals> lines = new LinkedHashMap<>();
        Map<List<Object>, Totals> builds = new LinkedHashMap<>();
        List<UsageRow> thisMonth = new ArrayList<>(); // every scope's: a quota's may be wider than the page's
        for (UsageRow r : s.rows()) {
            if (r.month().equals(s.month())) {
                thisMonth.add(r);
            }
            if (!scope.covers(r.payer().job())) {
                continue;
            }
            months.merge(r.month(), Totals.ZERO.plus(r), UsageReport::sum);
            lines.merge(List.of(r.month(), r.payer().job(), r.model()), Totals.ZERO.plus(r), UsageReport::sum);
            if (r.payer().build() > 0) {
                builds.merge(
                        List.of(r.month(), r.payer().job(), r.payer().build()), Totals.ZERO.plus(r), UsageReport::sum);
            }
        }
        return new UsageReport(
                s.month(),
                months.entrySet().stream()
                        .map(e -> new MonthTotals(e.getKey(), e.getValue()))
                        .toList(),
                lines(lines),
                builds(builds),
                quotas.stream().map(q -> status(thisMonth, q)).toList(),
                s.openHolds(),
                s.problem());
    }

    private static Totals sum(Totals a, Totals b) {
        Map<String, BigDecimal> c = new TreeMap<>(a.cost());
        b.cost().forEach((k, v) -> c.merge(k, v, BigDecimal::add));
        return new Totals(
                a.paid() + b.paid(),
                a.held() + b.held(),
                a.reused() + b.reused(),
                a.failed() + b.failed(),
                a.assumed() + b.assumed(),
                c);
    }

    private static List<Line> lines(Map<List<Object>, Totals> lines) {
        List<Line> all = new ArrayList<>();
        lines.forEach((k, t) -> {
            String job = (String) k.get(1);
            all.add(new Line((YearMonth) k.get(0), new Payer(job, 0).folder(), job, (String) k.get(2), t));
        });
        all.sort(Comparator.comparing(Line::month, Comparator.reverseOrder())
                .thenComparing(Line::folder)
                .thenComparing(Line::job)
                .thenComparing(Line::model));
        return all;
    }

    private static List<BuildTotals> builds(Map<List<Object>, Totals> builds) {
        List<BuildTotals> all = new ArrayList<>();
        builds.forEach(
                (k, t) -> all.add(new BuildTotals((YearMonth) k.get(0), (String) k.get(1), (Integer) k.get(2), t)));
        all.sort(Comparator.comparing(BuildTotals::job).thenComparing(BuildTotals::build, Comparator.reverseOrder()));
        return all;
    }

    /** A quota and what {@code monthRows} (the current month's) charge to it, as the check counts. */
    private static QuotaStatus status(List<UsageRow> monthRows, Quota q) {
        int used = (int) Math.min(Integer.MAX_VALUE, q.usedImages(monthRows));
        BigDecimal cost = q.usedCost(monthRows);
        return new QuotaStatus(
                q,
                used,
                q.images() == null ? null : Math.max(0, q.images() - used),
                cost,
                cost == null ? null : q.cost().amount().subtract(cost).max(BigDecimal.ZERO));
    }

    /** This month's totals; zero when nothing was spent. */
    public Totals thisMonth() {
        return months.stream()
                .filter(m -> m.month().equals(month))
                .map(MonthTotals::totals)
                .findFirst()
                .orElse(Totals.ZERO);
    }
}
