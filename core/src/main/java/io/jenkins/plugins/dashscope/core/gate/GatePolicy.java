package io.jenkins.plugins.dashscope.core.gate;

import io.jenkins.plugins.dashscope.core.catalog.ModelLimits;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which limits each gate gets. By default a model's own, from the catalog ({@link ModelLimits}); an
 * administrator may override the submit rate and the concurrency for every model, and both for one model
 * (which wins). Task queries share one budget per endpoint and key, the platform's 20 a second.
 *
 * @param submitsPerSecond global override of the submit rate; null for each model's own
 * @param concurrency      global override of the tasks kept in flight; null for each model's own
 * @param perModel         per-model overrides
 * @param uniform          every model alike (tests and the benchmark's single-model scenarios); null for the catalog
 * @param queries          task queries per window for one endpoint and key
 * @param lookahead        keep one task more in flight than a model runs at once (see {@link #limitsFor})
 */
public record GatePolicy(
        Integer submitsPerSecond,
        Integer concurrency,
        Map<String, ModelLimits> perModel,
        GateSettings uniform,
        GateSettings queries,
        boolean lookahead) {

    /** The platform's limit on task queries: 20 a second per account. */
    public static final int QUERIES_PER_SECOND = 20;

    private static final Pattern LINE =
            Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]{0,63})\\s+(\\d{1,4})/(s|min)\\s+(\\d{1,4})");

    public GatePolicy {
        perModel = Map.copyOf(perModel);
        if ((submitsPerSecond != null && submitsPerSecond < 1) || (concurrency != null && concurrency < 1)) {
            throw new IllegalArgumentException("overrides must be positive");
        }
    }

    /** Each model's own limits, queries at the platform's rate. */
    public static GatePolicy defaults() {
        return new GatePolicy(null, null, Map.of(), null, queryLimits(Duration.ofSeconds(1)), true);
    }

    /** Every model with the same limits; the query budget keeps the platform's 20 per {@code settings.window()}. */
    public static GatePolicy uniform(GateSettings settings) {
        return new GatePolicy(null, null, Map.of(), settings, queryLimits(settings.window()), true);
    }

    private static GateSettings queryLimits(Duration window) {
        return new GateSettings(QUERIES_PER_SECOND, window, Integer.MAX_VALUE);
    }

    /** The administrator's overrides on top of the catalog. */
    public GatePolicy withOverrides(Integer submitsPerSecond, Integer concurrency, Map<String, ModelLimits> perModel) {
        return new GatePolicy(submitsPerSecond, concurrency, perModel, uniform, queries, lookahead);
    }

    /** Keeps in flight only what each model runs at once (the benchmark's comparison). */
    public GatePolicy withoutLookahead() {
        return new GatePolicy(submitsPerSecond, concurrency, perModel, uniform, queries, false);
    }

    /**
     * The limits of one model's gate. A model's gate keeps one task more in flight than the model runs at once:
     * that one waits PENDING in the platform's queue and starts the moment a slot frees, instead of being sent
     * only when we have seen the previous task end (which left the slot idle for a poll interval each time).
     * A PENDING task can still be cancelled at no cost; the rest wait on the controller. An administrator's
     * global <em>tasks in flight</em> is taken as it is.
     *
     * @param regionId null for an endpoint of no known region
     */
    public GateSettings limitsFor(String model, String regionId) {
        ModelLimits own = perModel.get(model);
        if (own != null) {
            return withLookahead(own);
        }
        if (uniform != null) {
            return uniform;
        }
        ModelLimits limits = ModelLimits.builtIn(model, regionId).orElse(ModelLimits.UNKNOWN);
        if (submitsPerSecond != null) {
            limits = ModelLimits.perSecond(submitsPerSecond, limits.concurrency());
        }
        return concurrency != null
                ? new GateSettings(limits.submits(), limits.window(), concurrency)
                : withLookahead(limits);
    }

    private GateSettings withLookahead(ModelLimits l) {
        return new GateSettings(l.submits(), l.window(), l.concurrency() + (lookahead ? 1 : 0));
    }

    /**
     * Per-model overrides as an administrator writes them: one {@code model submits/s concurrency} or
     * {@code model submits/min concurrency} per line ({@code wan2.6-t2i 1/s 2}); blank lines and {@code #}
     * comments are ignored.
     *
     * @throws InvalidRequestException naming {@code field} and the line
     */
    public static Map<String, ModelLimits> parseOverrides(String field, String text) {
        Map<String, ModelLimits> map = new LinkedHashMap<>();
        if (text == null) {
            return map;
        }
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length && i < 1000; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            int submits;
            int at;
            if (!m.matches()
                    || (submits = Integer.parseInt(m.group(2))) < 1
                    || (at = Integer.parseInt(m.group(4))) < 1) {
                throw new InvalidRequestException(
                        field,
                        "line " + (i + 1) + ": expected 'model submits/s concurrency' "
                                + "or 'model submits/min concurrency', e.g. 'wan2.6-t2i 1/s 2'");
            }
            ModelLimits limits =
                    m.group(3).equals("s") ? ModelLimits.perSecond(submits, at) : ModelLimits.perMinute(submits, at);
            if (map.putIfAbsent(m.group(1), limits) != null) {
                throw new InvalidRequestException(field, "line " + (i + 1) + ": " + m.group(1) + " appears twice");
            }
        }
        return map;
    }
}
