package io.jenkins.plugins.dashscope.build;

import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.config.DashScopeConfiguration;
import io.jenkins.plugins.dashscope.core.usage.PriceTable;
import io.jenkins.plugins.dashscope.core.usage.UsageSummary;
import java.util.ArrayList;
import java.util.List;

/**
 * The build page's usage summary: images generated (paid for), reused and failed per model, and an estimate
 * from the prices recorded with each generation. Getters, because Jelly reads bean properties.
 */
public final class UsageView {

    private final List<Row> rows;
    private final Row total;
    private final String estimate;

    private UsageView(List<Row> rows, Row total, String estimate) {
        this.rows = List.copyOf(rows);
        this.total = total;
        this.estimate = estimate;
    }

    static UsageView of(List<GeneratedImagesAction.Entry> entries) {
        List<UsageSummary.Line> lines = new ArrayList<>();
        boolean priced = false;
        for (GeneratedImagesAction.Entry e : entries) {
            int paid = e.paid != null ? e.paid : e.artifacts == null ? 0 : e.artifacts.size();
            PriceTable.Price price = e.pricePerImage == null ? null : new PriceTable.Price(e.pricePerImage, e.currency);
            priced |= price != null;
            lines.add(new UsageSummary.Line(
                    String.valueOf(e.model),
                    paid,
                    e.reused,
                    e.simulated,
                    e.failed == null ? 0 : e.failed.size(),
                    price));
        }
        UsageSummary summary = UsageSummary.ofLines(lines);
        List<Row> rows = new ArrayList<>();
        summary.perModel()
                .forEach((model, u) -> rows.add(new Row(model, u.generated(), u.reused(), u.simulated(), u.failed())));
        String estimate = null;
        if (priced || !DashScopeConfiguration.get().priceTable().isEmpty()) {
            UsageSummary.Estimate e = UsageSummary.estimateAtTheirPrices(lines);
            List<String> parts = new ArrayList<>();
            e.totals().forEach((currency, amount) -> parts.add(amount.toPlainString() + " " + currency));
            estimate = (parts.isEmpty() ? "0" : String.join(" + ", parts))
                    + (e.unpriced().isEmpty()
                            ? ""
                            : " (" + Messages.UsageView_Unpriced(String.join(", ", e.unpriced())) + ")");
        }
        return new UsageView(
                rows,
                new Row(null, summary.generated(), summary.reused(), summary.simulated(), summary.failed()),
                estimate);
    }

    /** Whether any generation was a dry run: the page shows the column only then. */
    public boolean isAnySimulated() {
        return total.simulated > 0;
    }

    /** Images the gallery shows: paid, reused and simulated. */
    public int getShown() {
        return total.generated + total.reused + total.simulated;
    }

    public List<Row> getRows() {
        return rows;
    }

    public Row getTotal() {
        return total;
    }

    /** Null when no prices are configured. */
    public String getEstimate() {
        return estimate;
    }

    /** One model's images; the model is null for the total. */
    public static final class Row {
        private final String model;
        private final int generated;
        private final int reused;
        private final int simulated;
        private final int failed;

        Row(String model, int generated, int reused, int simulated, int failed) {
            this.model = model;
            this.generated = generated;
            this.reused = reused;
            this.simulated = simulated;
            this.failed = failed;
        }

        /** A dry run's images: shown in the gallery, never paid. */
        public int getSimulated() {
            return simulated;
        }

        public String getModel() {
            return model;
        }

        public int getGenerated() {
            return generated;
        }

        public int getReused() {
            return reused;
        }

        public int getFailed() {
            return failed;
        }
    }
}
