package io.jenkins.plugins.dashscope.usage;

import io.jenkins.plugins.dashscope.core.ledger.UsageReport;
import io.jenkins.plugins.dashscope.core.ledger.UsageText;
import java.math.BigDecimal;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/** The rows of a usage page as {@code api/json} and the page's tables read them: plain values of the report. */
public final class UsageRows {

    private UsageRows() {}

    /** Images and estimate, whatever they are of. */
    @ExportedBean(defaultVisibility = 2)
    public static class Counts {
        private final UsageReport.Totals totals;

        Counts(UsageReport.Totals totals) {
            this.totals = totals;
        }

        @Exported
        public int getPaid() {
            return totals.paid();
        }

        /** Held for generations under way (or whose outcome was lost), counted toward quotas. */
        @Exported
        public int getHeld() {
            return totals.held();
        }

        @Exported
        public int getReused() {
            return totals.reused();
        }

        @Exported
        public int getFailed() {
            return totals.failed();
        }

        /** {@code 1.20 CNY}, or {@code -} when nothing was priced. */
        @Exported
        public String getEstimate() {
            return totals.describeCost();
        }

        public String getCounts() {
            return UsageText.counts(totals);
        }
    }

    /** One month's totals. */
    public static final class Month extends Counts {
        private final String month;

        Month(UsageReport.MonthTotals m) {
            super(m.totals());
            this.month = m.month().toString();
        }

        @Exported
        public String getMonth() {
            return month;
        }
    }

    /** A month's use by one job and model. */
    public static final class Line extends Counts {
        private final UsageReport.Line line;

        Line(UsageReport.Line line) {
            super(line.totals());
            this.line = line;
        }

        @Exported
        public String getMonth() {
            return line.month().toString();
        }

        @Exported
        public String getFolder() {
            return line.folder();
        }

        @Exported
        public String getJob() {
            return line.job();
        }

        @Exported
        public String getModel() {
            return line.model();
        }
    }

    /** One build's use. */
    public static final class Build extends Counts {
        private final UsageReport.BuildTotals build;

        Build(UsageReport.BuildTotals build) {
            super(build.totals());
            this.build = build;
        }

        @Exported
        public int getNumber() {
            return build.build();
        }

        @Exported
        public String getMonth() {
            return build.month().toString();
        }
    }

    /** A quota and this month's use of it. */
    @ExportedBean(defaultVisibility = 2)
    public static final class Quota {
        private final UsageReport.QuotaStatus status;

        Quota(UsageReport.QuotaStatus status) {
            this.status = status;
        }

        /** {@code folder 'team-a'}. */
        @Exported
        public String getScope() {
            return status.quota().scope().describe();
        }

        @Exported
        public Integer getMonthlyImages() {
            return status.quota().images();
        }

        @Exported
        public String getMonthlyCost() {
            return status.quota().cost() == null ? null : status.quota().cost().describe();
        }

        @Exported
        public int getUsedImages() {
            return status.usedImages();
        }

        @Exported
        public Integer getRemainingImages() {
            return status.remainingImages();
        }

        @Exported
        public String getUsedCost() {
            return money(status.usedCost());
        }

        @Exported
        public String getRemainingCost() {
            return money(status.remainingCost());
        }

        /** {@code 500 image(s) and 100 CNY a month}. */
        public String getDescription() {
            return status.quota().describe();
        }

        private String money(BigDecimal amount) {
            return amount == null
                    ? null
                    : amount.toPlainString() + " " + status.quota().cost().currency();
        }
    }
}
