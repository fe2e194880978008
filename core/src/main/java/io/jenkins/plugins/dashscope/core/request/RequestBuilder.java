package io.jenkins.plugins.dashscope.core.request;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fluent construction of a {@link GenerationRequest}; unset options stay null. */
public final class RequestBuilder {
    private final Map<RequestOption, Object> values = new EnumMap<>(RequestOption.class);

    RequestBuilder() {}

    /** A builder holding a request's values, to change some. */
    RequestBuilder(Map<RequestOption, Object> values) {
        this.values.putAll(values);
    }

    public RequestBuilder model(String v) {
        return put(RequestOption.MODEL, v);
    }

    public RequestBuilder api(String v) {
        return put(RequestOption.API, v);
    }

    public RequestBuilder prompt(String v) {
        return put(RequestOption.PROMPT, v);
    }

    public RequestBuilder negativePrompt(String v) {
        return put(RequestOption.NEGATIVE_PROMPT, v);
    }

    public RequestBuilder size(String v) {
        return put(RequestOption.SIZE, v);
    }

    public RequestBuilder n(Integer v) {
        return put(RequestOption.N, v);
    }

    public RequestBuilder seed(Long v) {
        return put(RequestOption.SEED, v);
    }

    public RequestBuilder style(String v) {
        return put(RequestOption.STYLE, v);
    }

    public RequestBuilder refImage(String v) {
        return put(RequestOption.REF_IMAGE, v);
    }

    public RequestBuilder refStrength(Double v) {
        return put(RequestOption.REF_STRENGTH, v);
    }

    public RequestBuilder refMode(String v) {
        return put(RequestOption.REF_MODE, v);
    }

    public RequestBuilder baseImage(String v) {
        return put(RequestOption.BASE_IMAGE, v);
    }

    public RequestBuilder maskImage(String v) {
        return put(RequestOption.MASK_IMAGE, v);
    }

    public RequestBuilder maskColor(List<List<Integer>> v) {
        return put(RequestOption.MASK_COLOR, v);
    }

    public RequestBuilder sketchImage(String v) {
        return put(RequestOption.SKETCH_IMAGE, v);
    }

    public RequestBuilder sketchWeight(Long v) {
        return put(RequestOption.SKETCH_WEIGHT, v);
    }

    public RequestBuilder images(List<String> v) {
        return put(RequestOption.IMAGES, v == null || v.isEmpty() ? null : v);
    }

    public RequestBuilder function(String v) {
        return put(RequestOption.FUNCTION, v);
    }

    public RequestBuilder promptExtend(Boolean v) {
        return put(RequestOption.PROMPT_EXTEND, v);
    }

    public RequestBuilder watermark(Boolean v) {
        return put(RequestOption.WATERMARK, v);
    }

    public RequestBuilder parameter(String key, Object value) {
        Map<String, Object> extra = new LinkedHashMap<>(currentExtra());
        extra.put(key, value);
        return extraParameters(extra);
    }

    /**
     * Sets an option from a value as a step, form or command line gives it ({@link RequestOption#bind}):
     * the way every caller fills a request from the option table.
     */
    public RequestBuilder set(RequestOption option, Object given) {
        Object v = option.bind(given);
        if (option == RequestOption.PARAMETERS) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) v;
            return extraParameters(map);
        }
        return put(option, v);
    }

    public RequestBuilder extraParameters(Map<String, Object> v) {
        return put(RequestOption.PARAMETERS, v == null || v.isEmpty() ? null : new LinkedHashMap<>(v));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> currentExtra() {
        Object v = values.get(RequestOption.PARAMETERS);
        return v == null ? Map.of() : (Map<String, Object>) v;
    }

    private RequestBuilder put(RequestOption option, Object v) {
        if (v == null) {
            values.remove(option);
        } else {
            values.put(option, v);
        }
        return this;
    }

    public GenerationRequest build() {
        return new GenerationRequest(values);
    }
}
