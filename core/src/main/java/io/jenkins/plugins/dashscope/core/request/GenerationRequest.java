package io.jenkins.plugins.dashscope.core.request;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the caller asks for, as given (strings for sizes and images, nulls for what is not set). The
 * {@link RequestValidator} turns it into a {@link ValidatedRequest} or rejects it naming the field.
 *
 * @param api   the API family by id ({@code text2image}...); needed only for models the catalog lacks
 * @param extraParameters passed through untouched into {@code parameters} (a key {@code input.x} goes
 *              into {@code input})
 */
public record GenerationRequest(
        String model,
        String api,
        String prompt,
        String negativePrompt,
        String size,
        Integer n,
        Long seed,
        String style,
        String refImage,
        Double refStrength,
        String refMode,
        String baseImage,
        String maskImage,
        List<List<Integer>> maskColor,
        String sketchImage,
        Long sketchWeight,
        List<String> images,
        String function,
        Boolean promptExtend,
        Boolean watermark,
        Map<String, Object> extraParameters) implements Serializable {

    public static final String DEFAULT_MODEL = "wanx-v1";

    public GenerationRequest {
        maskColor = maskColor == null ? null : maskColor.stream().map(List::copyOf).toList();
        images = images == null || images.isEmpty() ? null : List.copyOf(images);
        extraParameters = extraParameters == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extraParameters));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        for (RequestOption option : RequestOption.values()) {
            b.set(option, valueOf(option));
        }
        return b;
    }

    /** The value of an option, or null when it is not set (an empty map for no extra parameters). */
    public Object valueOf(RequestOption option) {
        return switch (option) {
            case PROMPT -> prompt;
            case MODEL -> model;
            case SIZE -> size;
            case N -> n;
            case NEGATIVE_PROMPT -> negativePrompt;
            case API -> api;
            case SEED -> seed;
            case STYLE -> style;
            case REF_IMAGE -> refImage;
            case REF_STRENGTH -> refStrength;
            case REF_MODE -> refMode;
            case BASE_IMAGE -> baseImage;
            case MASK_IMAGE -> maskImage;
            case MASK_COLOR -> maskColor;
            case SKETCH_IMAGE -> sketchImage;
            case SKETCH_WEIGHT -> sketchWeight;
            case IMAGES -> images;
            case FUNCTION -> function;
            case PROMPT_EXTEND -> promptExtend;
            case WATERMARK -> watermark;
            case PARAMETERS -> extraParameters;
        };
    }

    /** Fluent construction; unset fields stay null. */
    public static final class Builder {
        private String model;
        private String api;
        private String prompt;
        private String negativePrompt;
        private String size;
        private Integer n;
        private Long seed;
        private String style;
        private String refImage;
        private Double refStrength;
        private String refMode;
        private String baseImage;
        private String maskImage;
        private List<List<Integer>> maskColor;
        private String sketchImage;
        private Long sketchWeight;
        private List<String> images;
        private String function;
        private Boolean promptExtend;
        private Boolean watermark;
        private final Map<String, Object> extra = new LinkedHashMap<>();

        public Builder model(String v) { model = v; return this; }
        public Builder api(String v) { api = v; return this; }
        public Builder prompt(String v) { prompt = v; return this; }
        public Builder negativePrompt(String v) { negativePrompt = v; return this; }
        public Builder size(String v) { size = v; return this; }
        public Builder n(Integer v) { n = v; return this; }
        public Builder seed(Long v) { seed = v; return this; }
        public Builder style(String v) { style = v; return this; }
        public Builder refImage(String v) { refImage = v; return this; }
        public Builder refStrength(Double v) { refStrength = v; return this; }
        public Builder refMode(String v) { refMode = v; return this; }
        public Builder baseImage(String v) { baseImage = v; return this; }
        public Builder maskImage(String v) { maskImage = v; return this; }
        public Builder maskColor(List<List<Integer>> v) { maskColor = v; return this; }
        public Builder sketchImage(String v) { sketchImage = v; return this; }
        public Builder sketchWeight(Long v) { sketchWeight = v; return this; }
        public Builder images(List<String> v) { images = v; return this; }
        public Builder function(String v) { function = v; return this; }
        public Builder promptExtend(Boolean v) { promptExtend = v; return this; }
        public Builder watermark(Boolean v) { watermark = v; return this; }
        public Builder parameter(String key, Object value) { extra.put(key, value); return this; }

        /**
         * Sets an option from a value as a step, form or command line gives it ({@link RequestOption#bind}):
         * the way every caller fills a request from the option table.
         */
        @SuppressWarnings("unchecked")
        public Builder set(RequestOption option, Object given) {
            Object v = option.bind(given);
            switch (option) {
                case PROMPT -> prompt = (String) v;
                case MODEL -> model = (String) v;
                case SIZE -> size = (String) v;
                case N -> n = (Integer) v;
                case NEGATIVE_PROMPT -> negativePrompt = (String) v;
                case API -> api = (String) v;
                case SEED -> seed = (Long) v;
                case STYLE -> style = (String) v;
                case REF_IMAGE -> refImage = (String) v;
                case REF_STRENGTH -> refStrength = (Double) v;
                case REF_MODE -> refMode = (String) v;
                case BASE_IMAGE -> baseImage = (String) v;
                case MASK_IMAGE -> maskImage = (String) v;
                case MASK_COLOR -> maskColor = (List<List<Integer>>) v;
                case SKETCH_IMAGE -> sketchImage = (String) v;
                case SKETCH_WEIGHT -> sketchWeight = (Long) v;
                case IMAGES -> images = (List<String>) v;
                case FUNCTION -> function = (String) v;
                case PROMPT_EXTEND -> promptExtend = (Boolean) v;
                case WATERMARK -> watermark = (Boolean) v;
                case PARAMETERS -> extraParameters((Map<String, Object>) v);
            }
            return this;
        }

        public Builder extraParameters(Map<String, Object> v) {
            extra.clear();
            if (v != null) {
                extra.putAll(v);
            }
            return this;
        }

        public GenerationRequest build() {
            return new GenerationRequest(model, api, prompt, negativePrompt, size, n, seed, style, refImage,
                    refStrength, refMode, baseImage, maskImage, maskColor, sketchImage, sketchWeight, images, function, promptExtend, watermark, extra);
        }
    }
}
