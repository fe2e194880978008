package io.jenkins.plugins.dashscope.usage;

import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.core.ledger.LedgerSnapshot;
import io.jenkins.plugins.dashscope.core.ledger.Quota;
import io.jenkins.plugins.dashscope.core.ledger.UsageCharts;
import io.jenkins.plugins.dashscope.core.ledger.UsageCsv;
import io.jenkins.plugins.dashscope.core.ledger.UsageReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * What one view of a usage page shows (the controller's, a folder's or a job's): drawn once per request from the
 * ledger, so the page, its {@code api/json} and its CSV say the same. Whoever hands it out has checked the viewer's
 * permission.
 */
@ExportedBean(defaultVisibility = 2)
public final class UsagePage {

    private final Quota.Scope scope;
    private final LedgerSnapshot snapshot;
    private final UsageReport report;
    private final YearMonth shown;

    private UsagePage(Quota.Scope scope, LedgerSnapshot snapshot, List<Quota> quotas, YearMonth shown) {
        this.scope = scope;
        this.snapshot = snapshot;
        this.report = UsageReport.of(snapshot, scope, quotas);
        this.shown = shown == null ? snapshot.month() : shown;
    }

    /**
     * @param month the month whose lines to show ({@code 2026-11}); null or not a month for the current one
     */
    static UsagePage of(Quota.Scope scope, List<Quota> quotas, String month) {
        YearMonth shown = null;
        try {
            shown = month == null || month.length() > 7 ? null : YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            // the current month, rather than an error page for a hand-edited link
        }
        return new UsagePage(scope, UsageStore.get().ledger().snapshot(), quotas, shown);
    }

    /** {@code folder 'team-a'}. */
    @Exported
    public String getScope() {
        return scope.describe();
    }

    /** The current month, in the controller's time zone. */
    @Exported
    public String getMonth() {
        return report.month().toString();
    }

    /** The month the lines are of. */
    @Exported
    public String getShownMonth() {
        return shown.toString();
    }

    @Exported
    public UsageRows.Counts getThisMonth() {
        return new UsageRows.Counts(report.thisMonth());
    }

    @Exported
    public List<UsageRows.Month> getMonths() {
        return report.months().stream().map(UsageRows.Month::new).toList();
    }

    @Exported
    public List<UsageRows.Line> getLines() {
        return report.lines().stream()
                .filter(l -> l.month().equals(shown))
                .map(UsageRows.Line::new)
                .toList();
    }

    @Exported
    public List<UsageRows.Quota> getQuotas() {
        return report.quotas().stream().map(UsageRows.Quota::new).toList();
    }

    /** The newest builds of a job's page, at most {@link UsageCharts#BUILDS}; empty for a folder's or the controller's. */
    @Exported
    public List<UsageRows.Build> getBuilds() {
        if (scope.kind() != Quota.Kind.JOB) {
            return List.of();
        }
        return report.builds().stream()
                .limit(UsageCharts.BUILDS)
                .map(UsageRows.Build::new)
                .toList();
    }

    /** Holds not settled: generations under way, or whose outcome was lost and counts as paid. */
    @Exported
    public int getOpenHolds() {
        return report.openHolds();
    }

    /** Why the ledger could not be read or written; null when all is well. */
    @Exported
    public String getProblem() {
        if (report.problem() == null || Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            return report.problem();
        }
        return Messages.UsagePage_ProblemForAdministrators(); // the controller's paths are for administrators
    }

    /** SVG drawn here, every label escaped: the page writes it as it is. */
    public String getImagesChart() {
        return UsageCharts.imagesPerMonth(report);
    }

    /** Null when nothing was priced. */
    public String getCostChart() {
        return UsageCharts.costPerMonth(report);
    }

    /** Null unless this is a job's page. */
    public String getBuildsChart() {
        return scope.kind() == Quota.Kind.JOB ? UsageCharts.imagesPerBuild(report, scope.path()) : null;
    }

    /** The rows as CSV, one per month, build and model. */
    void writeCsv(StaplerResponse2 rsp, String fileName) throws IOException {
        rsp.setContentType("text/csv;charset=UTF-8");
        rsp.setHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        rsp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        try (PrintWriter w = rsp.getWriter()) {
            w.write(UsageCsv.of(snapshot, scope));
        }
    }
}
