package io.jenkins.plugins.dashscope.core.request;

import java.io.Serializable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the caller asks for, as given (strings for sizes and images, nulls for what is not set), one value per
 * option of {@link RequestOption}'s table. The {@link RequestValidator} turns it into a {@link ValidatedRequest}
 * or rejects it naming the field.
 *
 * <p>Values are held by option, so a new option of the table needs no new field here; the typed accessors are
 * for the code that reads them.
 *
 * @param values the options that are set, in the types {@link RequestOption#bind} gives
 */
public record GenerationRequest(Map<RequestOption, Object> values) implements Serializable {

    private static final long serialVersionUID = 2L;

    public static final String DEFAULT_MODEL = "wanx-v1";

    public GenerationRequest {
        EnumMap<RequestOption, Object> copy = new EnumMap<>(RequestOption.class);
        values.forEach((option, value) -> {
            if (value != null) {
                copy.put(option, frozen(value));
            }
        });
        values = Collections.unmodifiableMap(copy);
    }

    /** Lists and maps copied all the way down, so no caller's collection changes a request after the fact. */
    private static Object frozen(Object value) {
        if (value instanceof List<?> list) {
            List<Object> copy = new java.util.ArrayList<>(list.size());
            list.forEach(e -> copy.add(frozen(e)));
            return Collections.unmodifiableList(copy); // JSON-shaped extras may hold nulls, which List.copyOf refuses
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, frozen(v)));
            return Collections.unmodifiableMap(copy);
        }
        return value;
    }

    public static RequestBuilder builder() {
        return new RequestBuilder();
    }

    public RequestBuilder toBuilder() {
        return new RequestBuilder(values);
    }

    /** The value of an option, or null when it is not set (an empty map for no extra parameters). */
    public Object valueOf(RequestOption option) {
        Object v = values.get(option);
        return v == null && option == RequestOption.PARAMETERS ? Map.of() : v;
    }

    private <T> T get(RequestOption option, Class<T> type) {
        return type.cast(values.get(option));
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> list(RequestOption option) {
        return (List<T>) values.get(option);
    }

    public String model() {
        return get(RequestOption.MODEL, String.class);
    }
    /** The API family by id ({@code text2image}...); needed only for models the catalog lacks. */
    public String api() {
        return get(RequestOption.API, String.class);
    }

    public String prompt() {
        return get(RequestOption.PROMPT, String.class);
    }

    public String negativePrompt() {
        return get(RequestOption.NEGATIVE_PROMPT, String.class);
    }

    public String size() {
        return get(RequestOption.SIZE, String.class);
    }

    public Integer n() {
        return get(RequestOption.N, Integer.class);
    }

    public Long seed() {
        return get(RequestOption.SEED, Long.class);
    }

    public String style() {
        return get(RequestOption.STYLE, String.class);
    }

    public String refImage() {
        return get(RequestOption.REF_IMAGE, String.class);
    }

    public Double refStrength() {
        return get(RequestOption.REF_STRENGTH, Double.class);
    }

    public String refMode() {
        return get(RequestOption.REF_MODE, String.class);
    }

    public String baseImage() {
        return get(RequestOption.BASE_IMAGE, String.class);
    }

    public String maskImage() {
        return get(RequestOption.MASK_IMAGE, String.class);
    }

    public List<List<Integer>> maskColor() {
        return list(RequestOption.MASK_COLOR);
    }

    public String sketchImage() {
        return get(RequestOption.SKETCH_IMAGE, String.class);
    }

    public Long sketchWeight() {
        return get(RequestOption.SKETCH_WEIGHT, Long.class);
    }

    public Long angle() {
        return get(RequestOption.ANGLE, Long.class);
    }

    public String outputRatio() {
        return get(RequestOption.OUTPUT_RATIO, String.class);
    }

    public Double widthScale() {
        return get(RequestOption.WIDTH_SCALE, Double.class);
    }

    public Double heightScale() {
        return get(RequestOption.HEIGHT_SCALE, Double.class);
    }

    public String sourceLang() {
        return get(RequestOption.SOURCE_LANG, String.class);
    }

    public String targetLang() {
        return get(RequestOption.TARGET_LANG, String.class);
    }

    public List<String> images() {
        return list(RequestOption.IMAGES);
    }

    public List<List<List<Integer>>> bboxList() {
        return list(RequestOption.BBOX_LIST);
    }

    public String function() {
        return get(RequestOption.FUNCTION, String.class);
    }

    public Boolean promptExtend() {
        return get(RequestOption.PROMPT_EXTEND, Boolean.class);
    }

    public Boolean watermark() {
        return get(RequestOption.WATERMARK, Boolean.class);
    }

    public Boolean enableSequential() {
        return get(RequestOption.ENABLE_SEQUENTIAL, Boolean.class);
    }

    public Boolean thinkingMode() {
        return get(RequestOption.THINKING_MODE, Boolean.class);
    }

    public List<Map<String, String>> colorPalette() {
        return list(RequestOption.COLOR_PALETTE);
    }

    /** Passed through untouched into {@code parameters} (a key {@code input.x} goes into {@code input}). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> extraParameters() {
        return (Map<String, Object>) valueOf(RequestOption.PARAMETERS);
    }
}
