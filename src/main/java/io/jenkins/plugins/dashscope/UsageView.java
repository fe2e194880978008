package io.jenkins.plugins.dashscope;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

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
        Map<String, int[]> perModel = new TreeMap<>();
        Map<String, BigDecimal> totals = new TreeMap<>();
        TreeSet<String> unpriced = new TreeSet<>();
        boolean priced = false;
        for (GeneratedImagesAction.Entry e : entries) {
            int paid = e.paid != null ? e.paid : e.artifacts == null ? 0 : e.artifacts.size();
            int[] u = perModel.computeIfAbsent(String.valueOf(e.model), m -> new int[3]);
            u[0] += paid;
            u[1] += e.reused;
            u[2] += e.failed == null ? 0 : e.failed.size();
            if (e.pricePerImage != null) {
                priced = true;
                totals.merge(e.currency, e.pricePerImage.multiply(BigDecimal.valueOf(paid)), BigDecimal::add);
            } else if (paid > 0) {
                unpriced.add(String.valueOf(e.model));
            }
        }
        List<Row> rows = new ArrayList<>();
        int[] sum = new int[3];
        perModel.forEach((model, u) -> {
            rows.add(new Row(model, u[0], u[1], u[2]));
            for (int i = 0; i < 3; i++) {
                sum[i] += u[i];
            }
        });
        String estimate = null;
        if (priced || !DashScopeConfiguration.get().priceTable().isEmpty()) {
            List<String> parts = new ArrayList<>();
            totals.forEach((currency, amount) -> parts.add(amount.toPlainString() + " " + currency));
            estimate = (parts.isEmpty() ? "0" : String.join(" + ", parts))
                    + (unpriced.isEmpty() ? "" : " (" + Messages.UsageView_Unpriced(String.join(", ", unpriced)) + ")");
        }
        return new UsageView(rows, new Row(null, sum[0], sum[1], sum[2]), estimate);
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
        private final int failed;

        Row(String model, int generated, int reused, int failed) {
            this.model = model;
            this.generated = generated;
            this.reused = reused;
            this.failed = failed;
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
