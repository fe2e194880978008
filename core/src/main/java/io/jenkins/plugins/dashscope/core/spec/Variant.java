package io.jenkins.plugins.dashscope.core.spec;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.common.Placeholders;
import io.jenkins.plugins.dashscope.core.finishing.DerivedSize;
import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.request.RequestBuilder;
import io.jenkins.plugins.dashscope.core.request.RequestOption;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One generation of a spec: an asset with one combination of the matrix, its placeholders filled. Its
 * {@code name} ({@code banner-zh-CN}) is its output folder and its key in the result.
 *
 * @param values the matrix value of each key for this variant
 * @param reuse  the spec's {@code reuse} for this variant: true or false when it says, null to follow the run
 */
public record Variant(
        String name,
        String asset,
        Map<String, String> values,
        GenerationRequest request,
        Finishing finishing,
        Boolean reuse)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The name of a variant's images: {@code image-1.png} in the variant's folder. */
    public static final String IMAGE_PREFIX = "image";
    /** Options of a spec that are not request options: what is made from the images, and whether to reuse. */
    static final List<String> STEP_KEYS = List.of("outputs", "contactSheet", "reuse");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** A single generation as a batch of one: no name, no asset, no matrix values; it goes to its own folder. */
    /** What starts each log line of a set's variant ({@code [banner-en] }): nothing for a single generation. */
    public static String logLabel(String name) {
        return name == null ? "" : "[" + name + "] ";
    }

    public static Variant single(GenerationRequest request, Finishing finishing, Boolean reuse) {
        return new Variant(null, null, Map.of(), request, finishing, reuse);
    }

    /**
     * Every variant of a spec, in file order (assets, then matrix combinations), each request built from
     * the option table. Errors name the file, the variant and the field; nothing is sent.
     */
    public static List<Variant> all(AssetSpec spec) {
        return all(spec, Map.of());
    }

    /**
     * The same, with values the caller passes ({@code version}) for the spec's {@code ${name}} placeholders and its
     * overlays' texts; a matrix value or {@code asset} of the same name wins.
     */
    public static List<Variant> all(AssetSpec spec, Map<String, String> passed) {
        checkCount(spec);
        List<Map<String, String>> combinations = combinations(spec.matrix());
        List<Variant> variants = new ArrayList<>();
        Map<String, Variant> byName = new HashMap<>();
        for (AssetSpec.Asset asset : spec.assets()) {
            for (Map<String, String> values : combinations) {
                Variant v = of(spec, asset, values, passed);
                // a variant's name is its folder: two that differ only in letter case collide on Windows and macOS
                Variant other = byName.putIfAbsent(v.name().toLowerCase(Locale.ROOT), v);
                if (other != null) {
                    throw new InvalidRequestException(
                            "spec",
                            spec.file() + ": " + describe(other) + " and " + describe(v) + " are both named '"
                                    + v.name() + "' (letter case aside); rename an asset or a matrix value");
                }
                variants.add(v);
            }
        }
        return variants;
    }

    /** Refuses a spec with too many variants from the sizes alone, before any combination is built. */
    private static void checkCount(AssetSpec spec) {
        long count = spec.assets().size();
        StringBuilder sizes = new StringBuilder(count + " asset(s)");
        for (var axis : spec.matrix().entrySet()) {
            // each factor is at most MAX_VALUES_PER_AXIS, and count stays at most MAX_VARIANTS: no overflow
            count *= axis.getValue().size();
            sizes.append(" x ").append(axis.getValue().size()).append(' ').append(axis.getKey());
            if (count > AssetSpec.MAX_VARIANTS) {
                throw new InvalidRequestException(
                        "spec",
                        spec.file() + ": " + sizes + " is already more than " + AssetSpec.MAX_VARIANTS + " variants");
            }
        }
    }

    private static String describe(Variant v) {
        return v.values().isEmpty() ? "asset '" + v.asset() + "'" : "'" + v.asset() + "' with " + v.values();
    }

    private static Variant of(
            AssetSpec spec, AssetSpec.Asset asset, Map<String, String> values, Map<String, String> passed) {
        StringBuilder name = new StringBuilder(asset.name());
        values.values().forEach(v -> name.append('-').append(v));
        String where = spec.file() + ": " + name;
        if (!NAME.matcher(name).matches() || name.indexOf("..") >= 0) {
            throw new InvalidRequestException(
                    "spec",
                    where + ": a variant name must be 1..64 letters, digits, '.', '_' or '-'"
                            + " (it is the variant's folder); rename the asset or the matrix values");
        }
        Map<String, String> fill = new LinkedHashMap<>(passed);
        fill.putAll(values);
        fill.put("asset", asset.name());
        Map<String, Object> options = new LinkedHashMap<>(spec.defaults());
        options.putAll(asset.options());
        RequestBuilder request = GenerationRequest.builder();
        List<Map<String, ?>> outputs = List.of();
        boolean contactSheet = false;
        Boolean reuse = null;
        for (var e : options.entrySet()) {
            String key = e.getKey();
            Object value = fillIn(e.getValue(), fill, where + ": " + key);
            try {
                if (key.equals("outputs")) {
                    outputs = outputs(value, where);
                } else if (key.equals("contactSheet")) {
                    contactSheet = Boolean.TRUE.equals(value);
                } else if (key.equals("reuse")) {
                    if (!(value instanceof Boolean b)) {
                        throw new InvalidRequestException("spec", where + ": reuse must be true or false");
                    }
                    reuse = b;
                } else {
                    RequestOption option = RequestOption.byField(key)
                            .orElseThrow(() -> new InvalidRequestException(
                                    "spec", where + ": unknown option '" + key + "'; known: " + known()));
                    request.set(option, value);
                }
            } catch (InvalidRequestException ex) {
                throw ex.field().equals("spec")
                        ? ex
                        : new InvalidRequestException("spec", where + ": " + ex.getMessage());
            }
        }
        Finishing finishing;
        try {
            finishing = new Finishing(DerivedSize.all(outputs), contactSheet, fill);
        } catch (InvalidRequestException ex) {
            throw new InvalidRequestException("spec", where + ": " + ex.getMessage());
        }
        return new Variant(name.toString(), asset.name(), values, request.build(), finishing, reuse);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, ?>> outputs(Object value, String where) {
        if (!(value instanceof List<?> list) || list.stream().anyMatch(o -> !(o instanceof Map))) {
            throw new InvalidRequestException(
                    "spec", where + ": outputs must be a list of maps such as {size: 1200x630}");
        }
        return (List<Map<String, ?>>) list;
    }

    private static String known() {
        TreeSet<String> names = new TreeSet<>(STEP_KEYS);
        Arrays.stream(RequestOption.values()).forEach(o -> names.add(o.field()));
        return String.join(", ", names);
    }

    /** Fills {@code ${key}} in every string of a value (lists and maps included); an unknown key is an error. */
    private static Object fillIn(Object value, Map<String, String> fill, String where) {
        if (value instanceof String s) {
            return Placeholders.fill(
                    s,
                    fill,
                    name -> new InvalidRequestException(
                            "spec",
                            where + ": unknown placeholder ${" + name + "}; known: "
                                    + String.join(", ", fill.keySet())));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> fillIn(v, fill, where)).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), fillIn(v, fill, where)));
            return out;
        }
        return value;
    }

    private static List<Map<String, String>> combinations(Map<String, List<String>> matrix) {
        List<Map<String, String>> all = new ArrayList<>();
        all.add(new LinkedHashMap<>());
        for (var axis : matrix.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : all) {
                for (String v : axis.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(axis.getKey(), v);
                    next.add(m);
                }
            }
            all = next;
        }
        return all;
    }
}
