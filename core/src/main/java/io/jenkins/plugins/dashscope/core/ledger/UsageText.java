package io.jenkins.plugins.dashscope.core.ledger;

import java.io.PrintStream;

/** A usage report as plain text: what the CLI prints for {@code --usage}. */
public final class UsageText {

    private UsageText() {}

    public static void print(UsageReport report, PrintStream out) {
        if (report.months().isEmpty()) {
            out.println("Nothing recorded.");
        }
        for (UsageReport.MonthTotals m : report.months()) {
            out.println(m.month() + "  " + counts(m.totals()) + "  estimate "
                    + m.totals().describeCost());
            report.lines().stream()
                    .filter(l -> l.month().equals(m.month()))
                    .forEach(l -> out.println("  " + l.job() + "  " + l.model() + "  " + counts(l.totals())
                            + "  estimate " + l.totals().describeCost()));
        }
        for (UsageReport.QuotaStatus q : report.quotas()) {
            out.println("quota of " + q.quota().scope().describe() + ": "
                    + q.quota().describe() + "; "
                    + q.usedImages() + " image(s) used"
                    + (q.remainingImages() == null ? "" : ", " + q.remainingImages() + " left"));
        }
        if (report.problem() != null) {
            out.println("note: " + report.problem());
        }
    }

    /** {@code 12 paid, 2 reused, 1 failed}, with what is held when anything is. */
    public static String counts(UsageReport.Totals t) {
        return t.paid() + " paid, " + (t.held() == 0 ? "" : t.held() + " held, ") + t.reused() + " reused, "
                + t.failed() + " failed";
    }
}
