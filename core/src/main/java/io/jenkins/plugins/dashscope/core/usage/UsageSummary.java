package io.jenkins.plugins.dashscope.core.usage;

import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Images generated (paid for), reused and failed, per model, from manifests; with a price table, what the
 * generated ones cost by its prices.
 */
public record UsageSummary(Map<String, ModelUsage> perModel) {

    /** One model's images. */
    public record ModelUsage(int generated, int reused, int failed) {
        ModelUsage plus(ModelUsage o) {
            return new ModelUsage(generated + o.generated, reused + o.reused, failed + o.failed);
        }
    }

    /** What the generated images cost by a price table: a total per currency, and the models it has no price for. */
    public record Estimate(Map<String, BigDecimal> totals, List<String> unpriced) {
        public String describe() {
            List<String> parts = new ArrayList<>();
            totals.forEach((currency, total) -> parts.add(total.toPlainString() + " " + currency));
            String text = parts.isEmpty() ? "0" : String.join(" + ", parts);
            return unpriced.isEmpty() ? text : text + " (no price for " + String.join(", ", unpriced) + ")";
        }
    }

    public UsageSummary {
        perModel = java.util.Collections.unmodifiableMap(
                new TreeMap<>(perModel)); // sorted: logs and pages read the same each time
    }

    /**
     * One generation's images, with the price an image of its model had when it was made (null when none was set):
     * a host that keeps records (the build page) prices each at its own time.
     */
    public record Line(String model, int generated, int reused, int failed, PriceTable.Price price) {}

    public static UsageSummary of(Collection<Manifest> manifests) {
        return ofLines(manifests.stream()
                .map(m -> new Line(
                        String.valueOf(m.model()),
                        m.paidImages(),
                        m.reusedFrom() == null ? 0 : m.images().size(),
                        m.failures().size(),
                        null))
                .toList());
    }

    public static UsageSummary ofLines(Collection<Line> lines) {
        Map<String, ModelUsage> map = new TreeMap<>();
        lines.forEach(
                l -> map.merge(l.model(), new ModelUsage(l.generated(), l.reused(), l.failed()), ModelUsage::plus));
        return new UsageSummary(map);
    }

    /** What the generated images cost at each line's own price. */
    public static Estimate estimateAtTheirPrices(Collection<Line> lines) {
        Map<String, BigDecimal> totals = new TreeMap<>();
        java.util.TreeSet<String> unpriced = new java.util.TreeSet<>();
        for (Line l : lines) {
            if (l.price() != null) {
                totals.merge(
                        l.price().currency(),
                        l.price().perImage().multiply(BigDecimal.valueOf(l.generated())),
                        BigDecimal::add);
            } else if (l.generated() > 0) {
                unpriced.add(l.model());
            }
        }
        return new Estimate(totals, List.copyOf(unpriced));
    }

    /** Images a request would pay for, by model (for a dry run's or a plan's estimate). */
    public static UsageSummary planned(Map<String, Integer> imagesPerModel) {
        return new UsageSummary(imagesPerModel.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new ModelUsage(e.getValue(), 0, 0))));
    }

    public int generated() {
        return perModel.values().stream().mapToInt(ModelUsage::generated).sum();
    }

    public int reused() {
        return perModel.values().stream().mapToInt(ModelUsage::reused).sum();
    }

    public int failed() {
        return perModel.values().stream().mapToInt(ModelUsage::failed).sum();
    }

    /** What the generated images cost by today's table. */
    public Estimate estimate(PriceTable prices) {
        return estimateAtTheirPrices(perModel.entrySet().stream()
                .map(e -> new Line(
                        e.getKey(),
                        e.getValue().generated(),
                        e.getValue().reused(),
                        e.getValue().failed(),
                        prices.priceOf(e.getKey()).orElse(null)))
                .toList());
    }

    /** One line for a log: {@code 6 generated, 2 reused, 0 failed (wan2.6-t2i: 6 generated, 2 reused); estimate 1.20 CNY}. */
    public String describe(PriceTable prices) {
        StringBuilder b = new StringBuilder()
                .append(generated())
                .append(" image(s) generated, ")
                .append(reused())
                .append(" reused, ")
                .append(failed())
                .append(" failed");
        if (!perModel.isEmpty()) {
            b.append(" (")
                    .append(perModel.entrySet().stream()
                            .map(e -> e.getKey() + ": " + e.getValue().generated() + " generated, "
                                    + e.getValue().reused() + " reused, "
                                    + e.getValue().failed() + " failed")
                            .collect(Collectors.joining("; ")))
                    .append(')');
        }
        if (!prices.isEmpty()) {
            b.append("; estimate ").append(estimate(prices).describe());
        }
        return b.toString();
    }
}
