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
 * @param share            this process's part of the account's limits in percent (1 to 100): the platform counts a
 *                         key's submits and queries per account, so two controllers (or a controller and a CLI job)
 *                         sharing one key each take their part rather than all of it
 */
public record GatePolicy(
        Integer submitsPerSecond,
        Integer concurrency,
        Map<String, ModelLimits> perModel,
        GateSettings uniform,
        GateSettings queries,
        boolean lookahead,
        int share) {

    /** The platform's limit on task queries: 20 a second per account. */
    public static final int QUERIES_PER_SECOND = 20;

    private static final Pattern LINE =
            Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]{0,63})\\s+(\\d{1,4})/(s|min)\\s+(\\d{1,4})");

    /** The whole account: the default. */
    public static final int WHOLE = 100;

    public GatePolicy {
        perModel = Map.copyOf(perModel);
        if (share < 1 || share > WHOLE) {
            throw new IllegalArgumentException("share must be 1 to 100 percent");
        }
        if ((submitsPerSecond != null && submitsPerSecond < 1) || (concurrency != null && concurrency < 1)) {
            throw new IllegalArgumentException("overrides must be positive");
        }
    }

    /** Each model's own limits, queries at the platform's rate. */
    public static GatePolicy defaults() {
        return new GatePolicy(null, null, Map.of(), null, platformQueries(Duration.ofSeconds(1)), true, WHOLE);
    }

    /** Every model with the same limits; the query budget keeps the platform's 20 per {@code settings.window()}. */
    public static GatePolicy uniform(GateSettings settings) {
        return new GatePolicy(null, null, Map.of(), settings, platformQueries(settings.window()), true, WHOLE);
    }

    private static GateSettings platformQueries(Duration window) {
        return new GateSettings(QUERIES_PER_SECOND, window, Integer.MAX_VALUE);
    }

    /** The administrator's overrides on top of the catalog. */
    public GatePolicy withOverrides(Integer submitsPerSecond, Integer concurrency, Map<String, ModelLimits> perModel) {
        return new GatePolicy(submitsPerSecond, concurrency, perModel, uniform, queries, lookahead, share);
    }

    /** Keeps in flight only what each model runs at once (the benchmark's comparison). */
    public GatePolicy withoutLookahead() {
        return new GatePolicy(submitsPerSecond, concurrency, perModel, uniform, queries, false, share);
    }

    /**
     * This process's part of every limit, in percent of the account's: submits, tasks at once and task queries.
     * Each is rounded down (at least one task at once; fewer than one submit per window becomes one per a longer
     * window), so the parts of several processes never add up to more than the account has.
     */
    public GatePolicy withShare(int percent) {
        return new GatePolicy(submitsPerSecond, concurrency, perModel, uniform, queries, lookahead, percent);
    }

    /** The task-query budget of one endpoint and key: the platform's, or this process's share of it. */
    public GateSettings queryLimits() {
        return gate(share(new ModelLimits(queries.submitsPerWindow(), queries.window(), queries.maxInFlight())), 0);
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
            return gate(share(own), lookahead ? 1 : 0);
        }
        if (uniform != null) {
            return gate(share(new ModelLimits(uniform.submitsPerWindow(), uniform.window(), uniform.maxInFlight())), 0);
        }
        ModelLimits limits = ModelLimits.builtIn(model, regionId).orElse(ModelLimits.UNKNOWN);
        if (submitsPerSecond != null) {
            limits = ModelLimits.perSecond(submitsPerSecond, limits.concurrency());
        }
        return concurrency != null
                ? gate(share(new ModelLimits(limits.submits(), limits.window(), concurrency)), 0)
                : gate(share(limits), lookahead ? 1 : 0);
    }

    private ModelLimits share(ModelLimits limits) {
        return limits.share(share);
    }

    /** A gate with {@code extra} tasks in flight beyond the model's concurrency. */
    private static GateSettings gate(ModelLimits l, int extra) {
        return new GateSettings(l.submits(), l.window(), l.concurrency() + extra);
    }

    /**
     * A share as an administrator or a flag gives it: a whole number of percent, 1 to 100; blank for all of it.
     *
     * @throws InvalidRequestException naming {@code field}
     */
    public static int parseShare(String field, String text) {
        String t = text == null ? "" : text.strip();
        if (t.endsWith("%")) {
            t = t.substring(0, t.length() - 1).strip();
        }
        if (t.isEmpty()) {
            return WHOLE;
        }
        if (!t.matches("\\d{1,3}") || Integer.parseInt(t) < 1 || Integer.parseInt(t) > WHOLE) {
            throw new InvalidRequestException(
                    field, "expected a share of the account's limits from 1 to 100 (percent)");
        }
        return Integer.parseInt(t);
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
