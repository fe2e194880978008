package io.jenkins.plugins.dashscope.core.catalog;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the platform allows of one model per account: submits per window (per second, or per minute for the
 * slowest models) and tasks processed at once; beyond the concurrency a created task waits PENDING in the
 * platform's queue, beyond the submit rate a create call is refused with 429. For a synchronous model the
 * concurrency is the number of calls kept open at once.
 *
 * <p>Sources: the vendor's rate-limit page and the model pages (see {@code docs/performance.md}). Where a
 * region differs, the numbers of the others are kept in {@link #elsewhere}; an endpoint of no known region
 * gets the lower of the two.
 */
public record ModelLimits(int submits, Duration window, int concurrency) {

    public ModelLimits {
        if (submits < 1 || concurrency < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** For a model the table lacks: the classic models' numbers, the most cautious of the table but one. */
    public static final ModelLimits UNKNOWN = perSecond(2, 1);

    public static ModelLimits perSecond(int submits, int concurrency) {
        return new ModelLimits(submits, Duration.ofSeconds(1), concurrency);
    }

    public static ModelLimits perMinute(int submits, int concurrency) {
        return new ModelLimits(submits, Duration.ofMinutes(1), concurrency);
    }

    private static final ModelLimits WAN_NEW = perSecond(5, 5);
    private static final ModelLimits WAN2 = perSecond(2, 2);
    private static final ModelLimits CLASSIC = perSecond(2, 1);
    private static final ModelLimits QWEN_SLOW = perMinute(2, 1);
    private static final ModelLimits QWEN = perSecond(2, 2);

    private static final Map<String, ModelLimits> BUILT_IN = Map.ofEntries(
            Map.entry("wan2.7-image", WAN_NEW),
            Map.entry("wan2.7-image-pro", WAN_NEW),
            Map.entry("wan2.6-image", WAN_NEW),
            Map.entry("wan2.5-t2i-preview", WAN_NEW),
            Map.entry("wan2.5-i2i-preview", WAN_NEW),
            Map.entry("wan2.6-t2i", perSecond(1, 5)), // Beijing; see ELSEWHERE
            Map.entry("wan2.2-t2i-flash", WAN2),
            Map.entry("wan2.2-t2i-plus", WAN2),
            Map.entry("wanx2.1-t2i-turbo", WAN2),
            Map.entry("wanx2.1-t2i-plus", WAN2),
            Map.entry("wanx2.0-t2i-turbo", WAN2),
            Map.entry("wanx2.1-imageedit", WAN2),
            Map.entry("wanx-v1", CLASSIC),
            Map.entry("wanx-x-painting", CLASSIC),
            Map.entry("wanx-sketch-to-image-lite", CLASSIC),
            Map.entry("wanx-background-generation-v2", CLASSIC),
            Map.entry("qwen-image-2.0-pro", QWEN_SLOW),
            Map.entry("qwen-image-max", QWEN_SLOW),
            Map.entry("qwen-image-edit-max", QWEN_SLOW),
            Map.entry("qwen-image-2.0", QWEN),
            Map.entry("qwen-image-plus", QWEN),
            Map.entry("qwen-image", QWEN),
            Map.entry("qwen-image-edit", QWEN),
            Map.entry("qwen-image-edit-plus", QWEN),
            Map.entry("z-image-turbo", QWEN),
            Map.entry("qwen-mt-image", perSecond(1, 2)),
            // the rate-limit page says 10 at once, the model's own page 1: the lower is the safe one
            Map.entry("image-out-painting", perSecond(2, 1)));

    /** Models whose numbers outside Beijing differ. */
    private static final Map<String, ModelLimits> ELSEWHERE = Map.of("wan2.6-t2i", perSecond(5, 5));

    private static final String BEIJING = "cn-beijing";

    /**
     * The platform's limits of a model in a region.
     *
     * @param regionId a region id ({@code cn-beijing}, ...), or null for an endpoint of no known region
     */
    public static Optional<ModelLimits> builtIn(String model, String regionId) {
        ModelLimits beijing = BUILT_IN.get(model);
        ModelLimits other = ELSEWHERE.get(model);
        if (beijing == null || other == null || BEIJING.equals(regionId)) {
            return Optional.ofNullable(beijing);
        }
        return Optional.of(regionId == null ? lower(beijing, other) : other);
    }

    /** Every model the table knows. */
    public static java.util.Set<String> models() {
        return new java.util.TreeSet<>(BUILT_IN.keySet());
    }

    /** The slower submit rate and the smaller concurrency of the two. */
    static ModelLimits lower(ModelLimits a, ModelLimits b) {
        double rateA = a.submits() / (double) a.window().toNanos();
        double rateB = b.submits() / (double) b.window().toNanos();
        ModelLimits slower = rateA <= rateB ? a : b;
        return new ModelLimits(slower.submits(), slower.window(), Math.min(a.concurrency(), b.concurrency()));
    }

    /**
     * A part of these limits, for a process that shares the account with others: each rounded down, so the parts
     * never add up to more than the whole. At least one task at once; a rate below one submit per window becomes one
     * submit per a longer window.
     *
     * @param percent 1 to 100
     */
    public ModelLimits share(int percent) {
        if (percent >= 100) {
            return this;
        }
        long hundredths = (long) submits * percent;
        int atOnce = (int) Math.max(1, (long) concurrency * percent / 100);
        if (hundredths >= 100) {
            return new ModelLimits((int) (hundredths / 100), window, atOnce);
        }
        long longer = (window.toNanos() * 100 + hundredths - 1) / hundredths;
        return new ModelLimits(1, Duration.ofNanos(longer), atOnce);
    }

    /** {@code 5/s, 5 at once}. */
    public String describe() {
        String per = window.equals(Duration.ofSeconds(1))
                ? "/s"
                : window.equals(Duration.ofMinutes(1)) ? "/min" : " per " + window.toMillis() + " ms";
        return submits + per + ", " + concurrency + " at once";
    }
}
