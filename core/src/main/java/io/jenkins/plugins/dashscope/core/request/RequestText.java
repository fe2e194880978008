package io.jenkins.plugins.dashscope.core.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
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

    private RequestText() {}

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
                    throw InvalidRequestException.of(
                            RequestOption.MASK_COLOR.field(), text, "r,g,b;r,g,b with numbers 0..255");
                }
            }
            colors.add(rgb);
        }
        return colors;
    }

    /**
     * Colours with their shares, {@code #C2D1E6:23.51%;#CDD8E9:21.48%;...}, as the wire's {@code {hex, ratio}}
     * entries; null or blank means none. Whether they are proper is the validator's to say.
     */
    public static List<Map<String, String>> palette(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        List<Object> entries = new ArrayList<>(List.of((Object[]) text.split(";")));
        return palette(entries);
    }

    /** A palette a script or spec file gives as a list of {@code [hex:, ratio:]} maps or {@code #hex:ratio} strings. */
    public static List<Map<String, String>> palette(List<?> given) {
        List<Map<String, String>> colours = new ArrayList<>();
        for (Object e : given) {
            String hex;
            String ratio;
            if (e instanceof Map<?, ?> m) {
                hex = m.get("hex") == null ? "" : m.get("hex").toString().trim();
                ratio = m.get("ratio") == null ? "" : m.get("ratio").toString().trim();
            } else {
                String entry = e == null ? "" : e.toString().trim();
                int colon = entry.indexOf(':');
                if (colon < 0) {
                    throw InvalidRequestException.of(
                            RequestOption.COLOR_PALETTE.field(),
                            entry,
                            "entries #RRGGBB:NN.NN% separated by ';', e.g. #C2D1E6:40%;#CDD8E9:35%;#C5CFD8:25%");
                }
                hex = entry.substring(0, colon).trim();
                ratio = entry.substring(colon + 1).trim();
            }
            Map<String, String> colour = new LinkedHashMap<>();
            colour.put("hex", hex);
            colour.put("ratio", ratio);
            colours.add(java.util.Collections.unmodifiableMap(colour)); // hex before ratio, as the vendor writes it
        }
        return colours.isEmpty() ? null : List.copyOf(colours);
    }

    /**
     * Boxes per input image, {@code x1,y1,x2,y2;x1,y1,x2,y2|x1,y1,x2,y2}: images separated by {@code |} (an empty
     * part for an image without boxes), boxes by {@code ;}. Null or blank means none.
     */
    public static List<List<List<Integer>>> boxes(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        List<Object> perImage = new ArrayList<>();
        for (String image : text.split("\\|", -1)) {
            List<Object> boxes = new ArrayList<>();
            if (!image.isBlank()) {
                for (String box : image.split(";")) {
                    boxes.add(List.of((Object[]) box.split(",")));
                }
            }
            perImage.add(boxes);
        }
        return boxes(perImage);
    }

    /** Boxes a script or spec file gives as nested lists: per image, a list of {@code [x1, y1, x2, y2]}. */
    public static List<List<List<Integer>>> boxes(List<?> given) {
        List<List<List<Integer>>> perImage = new ArrayList<>();
        for (Object image : given) {
            if (!(image instanceof List<?> boxes)) {
                throw InvalidRequestException.of(
                        RequestOption.BBOX_LIST.field(), image, "one list of boxes per input image");
            }
            List<List<Integer>> parsed = new ArrayList<>();
            for (Object box : boxes) {
                if (!(box instanceof List<?> corners)) {
                    throw InvalidRequestException.of(
                            RequestOption.BBOX_LIST.field(), box, "boxes written [x1, y1, x2, y2]");
                }
                List<Integer> xy = new ArrayList<>();
                for (Object c : corners) {
                    try {
                        xy.add(
                                c instanceof Number n && !(c instanceof Double) && !(c instanceof Float)
                                        ? Math.toIntExact(n.longValue())
                                        : Integer.parseInt(String.valueOf(c).trim()));
                    } catch (NumberFormatException | ArithmeticException e) {
                        throw InvalidRequestException.of(
                                RequestOption.BBOX_LIST.field(), box, "whole pixel coordinates x1,y1,x2,y2");
                    }
                }
                parsed.add(List.copyOf(xy));
            }
            perImage.add(List.copyOf(parsed));
        }
        return perImage.isEmpty() ? null : List.copyOf(perImage);
    }

    /**
     * A parameter value as typed on a command line: JSON when all of it parses (numbers, booleans, arrays), else the
     * text. All of it: a plain reader stops after {@code 1024} in {@code 1024*1024} and would send a number.
     */
    public static Object parameterValue(String text) {
        try {
            return MAPPER.readerFor(Object.class)
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readValue(text);
        } catch (JsonProcessingException notJson) {
            return text;
        }
    }

    /**
     * Extra parameters as a form writes them, one {@code KEY=VALUE} a line, each value read as the command line's
     * {@code --param} reads it; blank lines are dropped, a line without {@code =} is refused naming its number.
     */
    public static Map<String, Object> parameterLines(String text) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (text == null) {
            return out;
        }
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            int eq = line.indexOf('=');
            if (line.isEmpty()) {
                continue;
            }
            if (eq < 1) {
                throw InvalidRequestException.of(
                        RequestOption.PARAMETERS.field(), "line " + (i + 1), "KEY=VALUE, e.g. prompt_extend=false");
            }
            out.put(
                    line.substring(0, eq).trim(),
                    parameterValue(line.substring(eq + 1).trim()));
        }
        return out;
    }

    /**
     * The lines {@link #parameterLines} reads back as {@code parameters}: text as it is unless it would read as
     * JSON (then quoted), everything else as JSON.
     */
    public static String toLines(Map<String, Object> parameters) {
        StringBuilder b = new StringBuilder();
        parameters.forEach((key, value) -> {
            String text;
            try {
                text = value instanceof String s && s.equals(parameterValue(s)) && s.equals(s.trim())
                        ? s
                        : MAPPER.writer()
                                .without(SerializationFeature.INDENT_OUTPUT)
                                .writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(e); // values are plain (see parameters), so always written
            }
            b.append(key).append('=').append(text).append('\n');
        });
        return b.toString();
    }

    /** A JSON object of extra parameters (a form field); null or blank means none. */
    public static Map<String, Object> parametersJson(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        try {
            return MAPPER.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw InvalidRequestException.of(
                    RequestOption.PARAMETERS.field(),
                    text.length() > 80 ? text.substring(0, 80) + "..." : text,
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
        throw InvalidRequestException.of(
                RequestOption.PARAMETERS.field(),
                key,
                "values that are text, numbers, booleans, lists or maps (not "
                        + v.getClass().getSimpleName() + ")");
    }
}
