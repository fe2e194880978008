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
 * Images generated (paid for), reused, simulated (a dry run's, which cost nothing) and failed, per model, from
 * manifests; with a price table, what the generated ones cost by its prices. Every image a gallery shows is in exactly
 * one of the first three counts, every failure card in the last.
 */
public record UsageSummary(Map<String, ModelUsage> perModel) {

    /** One model's images. */
    public record ModelUsage(int generated, int reused, int simulated, int failed) {
        ModelUsage plus(ModelUsage o) {
            return new ModelUsage(
                    generated + o.generated, reused + o.reused, simulated + o.simulated, failed + o.failed);
        }

        /** {@code 6 image(s) generated, 2 reused, 0 failed}, with {@code unit} after the first number. */
        String describe(String unit) {
            return generated + unit + " generated, " + reused + " reused, "
                    + (simulated == 0 ? "" : simulated + " simulated, ") + failed + " failed";
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
    public record Line(String model, int generated, int reused, int simulated, int failed, PriceTable.Price price) {

        /** One manifest's images; a simulated one (a dry run) paid for none of its images, and reused none. */
        public static Line of(Manifest m, boolean simulated, PriceTable.Price price) {
            int reused = m.reusedFrom() == null ? 0 : m.images().size();
            return new Line(
                    String.valueOf(m.model()),
                    simulated ? 0 : m.paidImages(),
                    simulated ? 0 : reused,
                    simulated ? m.images().size() : 0,
                    m.failures().size(),
                    price);
        }
    }

    public static UsageSummary of(Collection<Manifest> manifests) {
        return of(manifests, false);
    }

    /** @param simulated the manifests are a dry run's: their images are counted as simulated, none as paid */
    public static UsageSummary of(Collection<Manifest> manifests, boolean simulated) {
        return ofLines(manifests.stream().map(m -> Line.of(m, simulated, null)).toList());
    }

    public static UsageSummary ofLines(Collection<Line> lines) {
        Map<String, ModelUsage> map = new TreeMap<>();
        lines.forEach(l -> map.merge(
                l.model(), new ModelUsage(l.generated(), l.reused(), l.simulated(), l.failed()), ModelUsage::plus));
        return new UsageSummary(map);
    }

    /**
     * What the generated images cost at each line's own price. A priced line that paid for nothing still names its
     * currency, so an all-reused set costs {@code 0 CNY}, not a bare 0.
     */
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
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new ModelUsage(e.getValue(), 0, 0, 0))));
    }

    public int generated() {
        return perModel.values().stream().mapToInt(ModelUsage::generated).sum();
    }

    public int reused() {
        return perModel.values().stream().mapToInt(ModelUsage::reused).sum();
    }

    public int simulated() {
        return perModel.values().stream().mapToInt(ModelUsage::simulated).sum();
    }

    public int failed() {
        return perModel.values().stream().mapToInt(ModelUsage::failed).sum();
    }

    /** What the generated images cost by today's table; nothing generated costs 0 in the table's currencies. */
    public Estimate estimate(PriceTable prices) {
        Estimate e = estimateAtTheirPrices(perModel.entrySet().stream()
                .map(u -> new Line(
                        u.getKey(),
                        u.getValue().generated(),
                        u.getValue().reused(),
                        u.getValue().simulated(),
                        u.getValue().failed(),
                        prices.priceOf(u.getKey()).orElse(null)))
                .toList());
        if (!e.totals().isEmpty()) {
            return e;
        }
        Map<String, BigDecimal> zero = new TreeMap<>();
        prices.currencies().forEach(c -> zero.put(c, BigDecimal.ZERO));
        return new Estimate(zero, e.unpriced());
    }

    /** One line for a log: {@code 6 generated, 2 reused, 0 failed (wan2.6-t2i: 6 generated, 2 reused); estimate 1.20 CNY}. */
    public String describe(PriceTable prices) {
        StringBuilder b =
                new StringBuilder(new ModelUsage(generated(), reused(), simulated(), failed()).describe(" image(s)"));
        if (!perModel.isEmpty()) {
            b.append(" (")
                    .append(perModel.entrySet().stream()
                            .map(e -> e.getKey() + ": " + e.getValue().describe(""))
                            .collect(Collectors.joining("; ")))
                    .append(')');
        }
        if (!prices.isEmpty()) {
            b.append("; estimate ").append(estimate(prices).describe());
        }
        return b.toString();
    }
}
