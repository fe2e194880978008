package io.jenkins.plugins.dashscope.core.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.finishing.DerivedSize;
import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import io.jenkins.plugins.dashscope.core.finishing.Overlay;
import io.jenkins.plugins.dashscope.core.spec.PlaceholderValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --overlay} and {@code --value}: the words and logo drawn on every {@code --output}, and the values their
 * {@code ${name}} placeholders (and a spec's) are filled with. A spec gives its overlays per output itself.
 */
final class OverlayFlags {

    @Option(
            names = "--overlay",
            order = 96,
            paramLabel = "JSON",
            description = "Draw this on every --output, in order: {\"text\": \"v$${version}\", \"font\": "
                    + "\"brand/Inter.ttf\", \"size\": \"6%%\", \"color\": \"#ffffff\", \"anchor\": \"bottom-right\"} or "
                    + "{\"image\": \"brand/logo.png\", \"width\": \"15%%\", \"anchor\": \"top-left\"}; repeatable.")
    List<String> overlays = new ArrayList<>();

    @Option(
            names = "--value",
            order = 97,
            paramLabel = "NAME=VALUE",
            description = "A value for $${NAME} in overlay texts and in a spec, e.g. version=2.5; repeatable.")
    Map<String, String> values = new LinkedHashMap<>();

    /** The values, each name and value checked. */
    Map<String, String> values() {
        return PlaceholderValues.of("--value", values);
    }

    /** The single generation's finishing: each {@code --output} with every {@code --overlay}. */
    Finishing finishing(List<String> outputs, boolean contactSheet) {
        List<Object> given = new ArrayList<>();
        for (String json : overlays) {
            try {
                given.add(new ObjectMapper().readValue(json, Map.class));
            } catch (IOException e) {
                throw InvalidRequestException.of("--overlay", json, "a JSON object such as {\"text\": \"v2.5\", ...}");
            }
        }
        List<Overlay> drawn = Overlay.all("--overlay", given);
        List<DerivedSize> sizes = new ArrayList<>();
        for (String text : outputs) {
            DerivedSize s = DerivedSize.parse(sizes.size() + 1, text);
            sizes.add(new DerivedSize(
                    s.width(), s.height(), s.fit(), s.anchor(), s.format(), s.quality(), s.background(), drawn));
        }
        if (sizes.isEmpty() && !drawn.isEmpty()) {
            throw new InvalidRequestException("--overlay", "is drawn on --output sizes; give at least one");
        }
        return new Finishing(sizes, contactSheet, values());
    }
}
