package io.jenkins.plugins.dashscope.core.request;

import io.jenkins.plugins.dashscope.core.catalog.ModelOption;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one description of each request option: the name users write (step property, form field, spec key,
 * error messages), its kind, its command-line flag, where the form shows it, the model capability that
 * guards it, the wire names it sets and a one-line help. The CLI builds its flags from this table, the
 * validator names fields and refuses duplicate wire names from it, the Jenkins form lays out its fields
 * from it, and tests hold the step's data binding and help files to it.
 */
public enum RequestOption {
    PROMPT(
            "prompt",
            Kind.PARAGRAPH,
            Place.MAIN,
            null,
            "What to draw.",
            "input.prompt",
            "input.messages",
            "input.ref_prompt"),
    MODEL("model", Kind.CHOICE, Place.MAIN, null, "Model (default: " + GenerationRequest.DEFAULT_MODEL + ")."),
    SIZE("size", Kind.TEXT, Place.MAIN, ModelOption.SIZE, "W*H or WxH in pixels, e.g. 1024*1024.", "size"),
    N("n", Kind.COUNT, Place.MAIN, null, "Number of images.", "n"),
    NEGATIVE_PROMPT(
            "negativePrompt",
            Kind.PARAGRAPH,
            Place.ADVANCED,
            ModelOption.NEGATIVE_PROMPT,
            "What to keep out of the image.",
            "negative_prompt",
            "input.negative_prompt"),
    API(
            "api",
            Kind.TEXT,
            Place.ADVANCED,
            null,
            "API family for models the catalog lacks: text2image, image2image, image-generation, multimodal-generation,"
                    + " out-painting, background-generation."),
    SEED("seed", Kind.NUMBER, Place.ADVANCED, ModelOption.SEED, "Seed, for repeatable results.", "seed"),
    STYLE(
            "style",
            Kind.TEXT,
            Place.ADVANCED,
            ModelOption.STYLE,
            "Style, with or without <>, e.g. watercolor.",
            "style"),
    REF_IMAGE(
            "refImage",
            Kind.IMAGE,
            Place.ADVANCED,
            ModelOption.REF_IMAGE,
            "Reference image: URL or workspace file.",
            "input.ref_img",
            "input.ref_image_url"),
    REF_STRENGTH(
            "refStrength",
            Kind.FRACTION,
            Place.ADVANCED,
            null,
            "How closely to follow the reference image, 0.0..1.0.",
            "ref_strength"),
    REF_MODE("refMode", Kind.TEXT, Place.ADVANCED, null, "repaint or refonly.", "ref_mode"),
    BASE_IMAGE(
            "baseImage",
            Kind.IMAGE,
            Place.ADVANCED,
            ModelOption.BASE_IMAGE,
            "Image to edit: URL or workspace file.",
            "input.base_image_url",
            "input.image_url"),
    MASK_IMAGE(
            "maskImage",
            Kind.IMAGE,
            Place.ADVANCED,
            ModelOption.MASK_IMAGE,
            "Mask of the area to edit: URL or workspace file.",
            "input.mask_image_url"),
    MASK_COLOR(
            "maskColor",
            Kind.COLORS,
            Place.ADVANCED,
            ModelOption.MASK_COLOR,
            "Mask colours, r,g,b;r,g,b.",
            "mask_color"),
    SKETCH_IMAGE(
            "sketchImage",
            Kind.IMAGE,
            Place.ADVANCED,
            ModelOption.SKETCH_IMAGE,
            "Sketch to draw from (wanx-sketch-to-image-lite): URL or workspace file.",
            "input.sketch_image_url"),
    SKETCH_WEIGHT(
            "sketchWeight",
            Kind.NUMBER,
            Place.ADVANCED,
            ModelOption.SKETCH_WEIGHT,
            "How closely to follow the sketch, 0..10.",
            "sketch_weight"),
    ANGLE(
            "angle",
            Kind.NUMBER,
            Place.ADVANCED,
            ModelOption.OUT_PAINTING,
            "Rotate the image first, 0..359 degrees counter-clockwise (image-out-painting).",
            "angle"),
    OUTPUT_RATIO(
            "outputRatio",
            Kind.TEXT,
            Place.ADVANCED,
            ModelOption.OUT_PAINTING,
            "Extend the image to an aspect ratio: 1:1, 3:4, 4:3, 9:16 or 16:9 (image-out-painting).",
            "output_ratio"),
    WIDTH_SCALE(
            "widthScale",
            Kind.FRACTION,
            Place.ADVANCED,
            ModelOption.OUT_PAINTING,
            "Extend the width by this factor, 1.0..3.0 (image-out-painting).",
            "x_scale"),
    HEIGHT_SCALE(
            "heightScale",
            Kind.FRACTION,
            Place.ADVANCED,
            ModelOption.OUT_PAINTING,
            "Extend the height by this factor, 1.0..3.0 (image-out-painting).",
            "y_scale"),
    TOP_OFFSET(
            "topOffset",
            Kind.NUMBER,
            Place.ADVANCED,
            ModelOption.OUT_PAINTING,
            "Pixels to add above the image (image-out-painting).",
            "top_offset"),
    BOTTOM_OFFSET(
            "bottomOffset",
            Kind.NUMBER,
            Place.ADVANCED,
            ModelOption.OUT_PAINTING,
            "Pixels to add below the image (image-out-painting).",
            "bottom_offset"),
    LEFT_OFFSET(
            "leftOffset",
            Kind.NUMBER,
            Place.ADVANCED,
            ModelOption.OUT_PAINTING,
            "Pixels to add left of the image (image-out-painting).",
            "left_offset"),
    RIGHT_OFFSET(
            "rightOffset",
            Kind.NUMBER,
            Place.ADVANCED,
            ModelOption.OUT_PAINTING,
            "Pixels to add right of the image (image-out-painting).",
            "right_offset"),
    SOURCE_LANG(
            "sourceLang",
            Kind.TEXT,
            Place.ADVANCED,
            ModelOption.TRANSLATION,
            "Language of the text in the image, e.g. zh, or auto (qwen-mt-image; default auto).",
            "input.source_lang"),
    TARGET_LANG(
            "targetLang",
            Kind.TEXT,
            Place.ADVANCED,
            ModelOption.TRANSLATION,
            "Language to translate the text in the image into, e.g. en (qwen-mt-image).",
            "input.target_lang"),
    IMAGES(
            "images",
            Kind.IMAGES,
            Place.ADVANCED,
            ModelOption.IMAGES,
            "Input image to edit or draw from: URL or workspace file; repeatable, in order.",
            "input.images"),
    BBOX_LIST(
            "bboxList",
            Kind.BOXES,
            Place.ADVANCED,
            ModelOption.BBOX_LIST,
            "Areas of each input image to edit: x1,y1,x2,y2;... per image, images separated by | (wan2.7).",
            "bbox_list"),
    FUNCTION(
            "function",
            Kind.TEXT,
            Place.ADVANCED,
            ModelOption.FUNCTION,
            "Editing function (wanx2.1-imageedit), e.g. description_edit.",
            "input.function"),
    PROMPT_EXTEND(
            "promptExtend",
            Kind.SWITCH,
            Place.ADVANCED,
            ModelOption.PROMPT_EXTEND,
            "Let the service rewrite the prompt (default: the model's).",
            "prompt_extend"),
    WATERMARK(
            "watermark",
            Kind.SWITCH,
            Place.ADVANCED,
            ModelOption.WATERMARK,
            "Add the service's watermark (default: the model's).",
            "watermark"),
    ENABLE_SEQUENTIAL(
            "enableSequential",
            Kind.SWITCH,
            Place.ADVANCED,
            ModelOption.SEQUENTIAL,
            "Draw a set of related images, n up to 12 (wan2.7).",
            "enable_sequential"),
    THINKING_MODE(
            "thinkingMode",
            Kind.SWITCH,
            Place.ADVANCED,
            ModelOption.THINKING_MODE,
            "Let the model reason before drawing; text to image only (wan2.7).",
            "thinking_mode"),
    COLOR_PALETTE(
            "colorPalette",
            Kind.PALETTE,
            Place.ADVANCED,
            ModelOption.COLOR_PALETTE,
            "Colours to use and their shares: #RRGGBB:NN.NN%;... 3..10 of them summing to 100% (wan2.7).",
            "color_palette"),
    PARAMETERS(
            "parameters",
            Kind.MAP,
            Place.NONE,
            null,
            "Extra parameter KEY=VALUE (JSON values allowed; input.KEY goes into input); repeatable.");

    /** What values an option takes, as written in a Pipeline, a form or on a command line. */
    public enum Kind {
        /** One line of text. */
        TEXT(String.class),
        /** Text that may run over lines. */
        PARAGRAPH(String.class),
        /** A name chosen from a list (the form offers the list). */
        CHOICE(String.class),
        /** A URL or a workspace file. */
        IMAGE(String.class),
        /** A whole number from 1. */
        COUNT(Integer.class),
        /** A whole number from 0. */
        NUMBER(Long.class),
        /** A decimal number. */
        FRACTION(Double.class),
        /** Yes, no, or unset (the model's default). */
        SWITCH(Boolean.class),
        /** RGB triples written {@code r,g,b;r,g,b}. */
        COLORS(String.class),
        /** Colours with their shares, written {@code #RRGGBB:NN.NN%;...}. */
        PALETTE(String.class),
        /** Boxes per input image, written {@code x1,y1,x2,y2;...} per image with {@code |} between images. */
        BOXES(String.class),
        /** Several URLs or workspace files, in order. */
        IMAGES(List.class),
        /** Key-value pairs. */
        MAP(Map.class);

        private final Class<?> type;

        Kind(Class<?> type) {
            this.type = type;
        }

        /** The Java type a step property or command-line flag of this kind has. */
        public Class<?> type() {
            return type;
        }
    }

    /** Where the configuration form shows an option. */
    public enum Place {
        MAIN,
        ADVANCED,
        NONE
    }

    private final String field;
    private final Kind kind;
    private final Place place;
    private final ModelOption guard;
    private final String help;
    private final List<String> wireNames;

    RequestOption(String field, Kind kind, Place place, ModelOption guard, String help, String... wireNames) {
        this.field = field;
        this.kind = kind;
        this.place = place;
        this.guard = guard;
        this.help = help;
        this.wireNames = List.of(wireNames);
    }

    /** The name users write: step property, form field, spec key, and the field errors name. */
    public String field() {
        return field;
    }

    public Kind kind() {
        return kind;
    }

    public Place place() {
        return place;
    }

    /** The model capability without which the option is refused; empty when every model takes it. */
    public Optional<ModelOption> guard() {
        return Optional.ofNullable(guard);
    }

    /** One line of help, in English (the CLI's; the Jenkins help pages say more, in two languages). */
    public String help() {
        return help;
    }

    /** The keys of the request body this option sets ({@code input.x} for a key under {@code input}). */
    public List<String> wireNames() {
        return wireNames;
    }

    /** {@code --negative-prompt} for {@code negativePrompt}; {@code --param} and {@code --image} for the repeatable ones. */
    public String cliFlag() {
        if (this == PARAMETERS) {
            return "--param";
        }
        if (this == IMAGES) {
            return "--image"; // one per image, repeated
        }
        return "--" + field.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    /** The option a wire name belongs to, so an extra parameter cannot set it a second time. */
    public static Optional<RequestOption> byWireName(String wireName) {
        return Arrays.stream(values())
                .filter(o -> o.wireNames.contains(wireName))
                .findFirst();
    }

    public static Optional<RequestOption> byField(String field) {
        return Arrays.stream(values()).filter(o -> o.field.equals(field)).findFirst();
    }

    /**
     * A value as a step, a form or a command line gives it, in the form {@link GenerationRequest} holds:
     * blank text is unset, a line of text is trimmed, colours are parsed, a script's map is copied as plain JSON-shaped values. Errors
     * name the field.
     */
    public Object bind(Object given) {
        if (given == null) {
            return null;
        }
        return switch (kind) {
            case PARAGRAPH -> {
                String s = given.toString();
                yield s.isBlank() ? null : s;
            }
            case TEXT, CHOICE, IMAGE -> { // one line: the spaces around it are no part of a name, a URL or a path
                String s = given.toString().trim();
                yield s.isEmpty() ? null : s;
            }
            case COLORS -> given instanceof List<?> ? given : RequestText.maskColors(given.toString());
            case PALETTE ->
                given instanceof List<?> list ? RequestText.palette(list) : RequestText.palette(given.toString());
            case BOXES -> given instanceof List<?> list ? RequestText.boxes(list) : RequestText.boxes(given.toString());
            case IMAGES -> {
                List<?> list = given instanceof List<?> l ? l : List.of(given); // one image may be given alone
                List<String> images = new java.util.ArrayList<>();
                for (Object o : list) {
                    if (o == null || o.toString().isBlank()) {
                        throw new InvalidRequestException(field + "[" + (images.size() + 1) + "]", "is empty");
                    }
                    images.add(o.toString().trim());
                }
                yield images.isEmpty() ? null : List.copyOf(images);
            }
            case MAP -> {
                Map<String, Object> map = RequestText.parameters((Map<?, ?>) given);
                yield map.isEmpty() ? null : map;
            }
            case COUNT -> whole(given, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue();
            case NUMBER -> whole(given, Long.MIN_VALUE, Long.MAX_VALUE);
            case FRACTION -> {
                if (!(given instanceof Number number)) {
                    throw InvalidRequestException.of(field, given, "a number such as 0.5");
                }
                yield number.doubleValue();
            }
            case SWITCH -> {
                if (!(given instanceof Boolean b)) {
                    throw InvalidRequestException.of(field, given, "true or false");
                }
                yield b;
            }
        };
    }

    /** A whole number of any integral type (a script may hand over a Long or a BigInteger); the validator checks the range. */
    private Long whole(Object given, long min, long max) {
        if (given instanceof Number number
                && !(given instanceof Double)
                && !(given instanceof Float)
                && !(given instanceof java.math.BigDecimal)) {
            try {
                long v = new java.math.BigInteger(number.toString()).longValueExact();
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (ArithmeticException | NumberFormatException tooLarge) {
                // refused below
            }
        }
        throw InvalidRequestException.of(field, given, "a whole number");
    }
}
