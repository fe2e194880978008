package io.jenkins.plugins.dashscope.core.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A release's images as a set, read from a YAML (or JSON) file: {@code defaults} for every asset, the
 * {@code assets} with their {@code name} and options, and an optional {@code matrix} whose values fill
 * {@code ${key}} placeholders, one variant per combination.
 *
 * @param file   the file's name as the user wrote it, for messages
 * @param matrix keys in file order, each with its values in file order
 */
public record AssetSpec(
        String file, Map<String, Object> defaults, List<Asset> assets, Map<String, List<String>> matrix) {

    /** Longer than any hand-written set; a bound on what the controller parses. */
    public static final int MAX_BYTES = 256 * 1024;

    public static final int MAX_VARIANTS = 200;

    /** Matrix keys: more than any release uses (locale, tone, channel, ...); a bound before expanding. */
    public static final int MAX_AXES = 8;

    /** Values of one matrix key; with one asset, no more than the variants a spec may have. */
    public static final int MAX_VALUES_PER_AXIS = MAX_VARIANTS;

    /** One asset: its name and its options (any step option). */
    public record Asset(String name, Map<String, Object> options) {}

    public AssetSpec {
        defaults = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        assets = List.copyOf(assets);
        matrix = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(matrix));
    }

    /** Parses a spec; errors name the file and what is wrong in it. */
    public static AssetSpec parse(String file, String text) {
        if (text.length() > MAX_BYTES) {
            throw new InvalidRequestException("spec", file + " is larger than " + MAX_BYTES / 1024 + " KB");
        }
        Object root;
        YAMLFactory yaml = new YAMLFactory();
        try {
            refuseAliases(file, yaml, text);
            // SnakeYAML's limits (nesting, document size) apply: a hostile file cannot exhaust memory
            root = new ObjectMapper(yaml).readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            String where =
                    e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new InvalidRequestException(
                    "spec", file + " is not valid YAML or JSON" + where + ": " + e.getOriginalMessage());
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new InvalidRequestException(
                    "spec", file + " must be a map with 'assets' (and optionally 'defaults', 'matrix')");
        }
        for (Object key : top.keySet()) {
            if (!List.of("defaults", "assets", "matrix").contains(String.valueOf(key))) {
                throw new InvalidRequestException(
                        "spec", file + ": unknown top-level key '" + key + "'; allowed: defaults, assets, matrix");
            }
        }
        Map<String, Object> defaults = map(file, "defaults", top.get("defaults"));
        if (defaults.containsKey("name")) {
            throw new InvalidRequestException("spec", file + ": defaults: 'name' belongs to each asset");
        }
        Object assetList = top.get("assets");
        if (!(assetList instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidRequestException("spec", file + ": 'assets' must be a non-empty list");
        }
        List<Asset> assets = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Map<String, Object> options = map(file, "assets[" + (i + 1) + "]", list.get(i));
            Object name = options.remove("name");
            if (!(name instanceof String s) || s.isBlank()) {
                throw new InvalidRequestException("spec", file + ": assets[" + (i + 1) + "] needs a name");
            }
            if (assets.stream().anyMatch(a -> a.name().equals(s))) {
                throw new InvalidRequestException("spec", file + ": asset '" + s + "' appears twice");
            }
            assets.add(new Asset(s, options));
        }
        return new AssetSpec(file, defaults, assets, matrix(file, map(file, "matrix", top.get("matrix"))));
    }

    /** The matrix, bounded before anything is expanded: keys, values per key, no value twice in a key. */
    private static Map<String, List<String>> matrix(String file, Map<String, Object> given) {
        if (given.size() > MAX_AXES) {
            throw new InvalidRequestException(
                    "spec", file + ": the matrix has " + given.size() + " keys; at most " + MAX_AXES);
        }
        Map<String, List<String>> matrix = new LinkedHashMap<>();
        given.forEach((key, values) -> {
            if (!(values instanceof List<?> l)
                    || l.isEmpty()
                    || l.stream().anyMatch(v -> v instanceof Map || v instanceof List || v == null)) {
                throw new InvalidRequestException(
                        "spec", file + ": matrix." + key + " must be a non-empty list of values");
            }
            if (l.size() > MAX_VALUES_PER_AXIS) {
                throw new InvalidRequestException(
                        "spec",
                        file + ": matrix." + key + " has " + l.size() + " values; at most " + MAX_VALUES_PER_AXIS);
            }
            List<String> strings = l.stream().map(String::valueOf).toList();
            Set<String> seen = new HashSet<>();
            for (String v : strings) {
                if (!seen.add(v.toLowerCase(Locale.ROOT))) {
                    throw new InvalidRequestException(
                            "spec", file + ": matrix." + key + " lists '" + v + "' twice (letter case aside)");
                }
            }
            matrix.put(key, strings);
        });
        return matrix;
    }

    /**
     * YAML aliases ({@code *common}) are refused, naming the line: the parser reads an alias as the plain word
     * (a prompt of "common", paid for), and expanding them is how a small file becomes a large one. An anchor
     * that no alias uses is only a label.
     */
    private static void refuseAliases(String file, YAMLFactory yaml, String text) throws JsonProcessingException {
        try (YAMLParser parser = (YAMLParser) yaml.createParser(text)) {
            while (parser.nextToken() != null) {
                if (parser.isCurrentAlias()) {
                    throw new InvalidRequestException(
                            "spec",
                            file + " at line " + parser.getTokenLocation().getLineNr()
                                    + ": YAML aliases (*name) are not supported; write the value out, or use"
                                    + " defaults and ${...}");
                }
            }
        } catch (JsonProcessingException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // a String never fails to read
        }
    }

    private static Map<String, Object> map(String file, String where, Object value) {
        if (value == null) {
            return new LinkedHashMap<>();
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw new InvalidRequestException("spec", file + ": " + where + " must be a map");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
