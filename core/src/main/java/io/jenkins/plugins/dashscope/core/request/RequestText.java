package io.jenkins.plugins.dashscope.core.request;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.dashscope.core.common.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request values written as text (command-line flags, form fields) or handed over by a script (a
 * Pipeline map), turned into the typed values of {@link GenerationRequest}. Errors name the field.
 */
public final class RequestText {

    private static final ObjectMapper MAPPER = Json.newMapper();

    private RequestText() {
    }

    /** {@code r,g,b;r,g,b}; null or blank means none. */
    public static List<List<Integer>> maskColors(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        List<List<Integer>> colors = new ArrayList<>();
        for (String triple : text.split(";")) {
            List<Integer> rgb = new ArrayList<>();
            for (String c : triple.split(",")) {
                try {
                    rgb.add(Integer.parseInt(c.trim()));
                } catch (NumberFormatException e) {
                    throw InvalidRequestException.of(RequestOption.MASK_COLOR.field(), text, "r,g,b;r,g,b with numbers 0..255");
                }
            }
            colors.add(rgb);
        }
        return colors;
    }

    /** A parameter value as typed on a command line: JSON when it parses (numbers, booleans, arrays), else the text. */
    public static Object parameterValue(String text) {
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException notJson) {
            return text;
        }
    }

    /** A JSON object of extra parameters (a form field); null or blank means none. */
    public static Map<String, Object> parametersJson(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        try {
            return MAPPER.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw InvalidRequestException.of(RequestOption.PARAMETERS.field(), text.length() > 80 ? text.substring(0, 80) + "..." : text,
                    "a JSON object such as {\"prompt_extend\": false}");
        }
    }

    /**
     * Copies a script's map into JSON-shaped values: text (including Groovy strings) as strings, numbers,
     * booleans, lists and maps of those; anything else is refused naming the key.
     */
    public static Map<String, Object> parameters(Map<?, ?> given) {
        if (given == null) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        given.forEach((k, v) -> out.put(String.valueOf(k), plain(String.valueOf(k), v)));
        return out;
    }

    private static Object plain(String key, Object v) {
        if (v == null || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v instanceof CharSequence s) {
            return s.toString();
        }
        if (v instanceof List<?> list) {
            return list.stream().map(e -> plain(key, e)).toList();
        }
        if (v instanceof Map<?, ?> map) {
            return parameters(map);
        }
        throw InvalidRequestException.of(RequestOption.PARAMETERS.field(), key, "values that are text, numbers, booleans, lists or maps (not "
                + v.getClass().getSimpleName() + ")");
    }
}
