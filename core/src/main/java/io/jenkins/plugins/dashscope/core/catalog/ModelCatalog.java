package io.jenkins.plugins.dashscope.core.catalog;

import static io.jenkins.plugins.dashscope.core.catalog.ModelOption.*;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The image models of the vendor documents (dashscope-docs 000..003 and the notes gathered from the
 * vendor's pages). Immutable; {@link #builtIn()} is the catalog the product uses.
 */
public final class ModelCatalog {

    private static final SizeRule CLASSIC_SIZES = SizeRule.Fixed.of("1024*1024", "720*1280", "1280*720");
    private static final SizeRule WAN2_SIDES = new SizeRule.SideRange(512, 1440, 1440L * 1440);
    private static final SizeRule WAN_PIXELS = new SizeRule.PixelRange(1280L * 1280, 1440L * 1440, 4);
    private static final SizeRule QWEN_SIZES =
            SizeRule.Fixed.of("1664*928", "1472*1104", "1328*1328", "1104*1472", "928*1664");
    private static final SizeRule QWEN2_PIXELS =
            new SizeRule.PixelRange(512L * 512, 2048L * 2048, Double.POSITIVE_INFINITY);

    private static final List<String> WANX_V1_STYLES = List.of(
            "<auto>",
            "<photography>",
            "<portrait>",
            "<3d cartoon>",
            "<anime>",
            "<oil painting>",
            "<watercolor>",
            "<sketch>",
            "<chinese painting>",
            "<flat illustration>");
    private static final List<String> PAINTING_STYLES = List.of(
            "<auto>",
            "<3d cartoon>",
            "<anime>",
            "<oil painting>",
            "<watercolor>",
            "<sketch>",
            "<chinese painting>",
            "<flat illustration>");
    private static final Set<String> IMAGEEDIT_FUNCTIONS = Set.of(
            "stylization_all",
            "stylization_local",
            "description_edit",
            "description_edit_with_mask",
            "doodle",
            "remove_watermark",
            "remove_watermaker" /* spelled so in a vendor page; both are accepted */,
            "expand",
            "super_resolution",
            "colorization");

    /** Seeds of the newer models; the vendor pages give 0..2147483647. */
    private static final long INT_SEED_MAX = 2147483647L;

    private static final ModelCatalog BUILT_IN = new ModelCatalog(List.of(
            new ModelSpec(
                    "wanx-v1",
                    ApiFamily.TEXT2IMAGE,
                    Set.of(),
                    CLASSIC_SIZES,
                    ImageSize.parse("1024*1024").get(),
                    4,
                    500,
                    500,
                    1,
                    4294967289L,
                    WANX_V1_STYLES,
                    EnumSet.of(NEGATIVE_PROMPT, SIZE, SEED, STYLE, REF_IMAGE),
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    0,
                    true),
            wan2("wanx2.0-t2i-turbo", 800),
            wan2("wanx2.1-t2i-turbo", 500),
            wan2("wanx2.1-t2i-plus", 500),
            wan2("wan2.2-t2i-flash", 500),
            wan2("wan2.2-t2i-plus", 500),
            new ModelSpec(
                    "wan2.5-t2i-preview",
                    ApiFamily.TEXT2IMAGE,
                    Set.of(),
                    WAN_PIXELS,
                    ImageSize.parse("1280*1280").get(),
                    4,
                    2000,
                    500,
                    0,
                    INT_SEED_MAX,
                    List.of(),
                    EnumSet.of(NEGATIVE_PROMPT, SIZE, SEED, PROMPT_EXTEND, WATERMARK),
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    0,
                    true),
            qwenFixed("qwen-image", ApiFamily.TEXT2IMAGE, Set.of(ApiFamily.MULTIMODAL_GENERATION)),
            qwenFixed("qwen-image-plus", ApiFamily.TEXT2IMAGE, Set.of(ApiFamily.MULTIMODAL_GENERATION)),
            qwenFixed("qwen-image-max", ApiFamily.MULTIMODAL_GENERATION, Set.of()),
            qwen2("qwen-image-2.0"),
            qwen2("qwen-image-2.0-pro"),
            qwenEdit("qwen-image-edit", 1),
            qwenEdit("qwen-image-edit-plus", 6),
            qwenEdit("qwen-image-edit-max", 6),
            // edit mode: one or more images and a prompt; the number of inputs is not documented, so the server judges
            new ModelSpec(
                    "wan2.6-image",
                    ApiFamily.IMAGE_GENERATION,
                    Set.of(ApiFamily.MULTIMODAL_GENERATION),
                    new SizeRule.Any(),
                    null,
                    4,
                    2000,
                    500,
                    0,
                    INT_SEED_MAX,
                    List.of(),
                    EnumSet.of(NEGATIVE_PROMPT, SIZE, SEED, PROMPT_EXTEND, WATERMARK, IMAGES),
                    EnumSet.of(IMAGES),
                    Set.of(),
                    Set.of(),
                    ModelSpec.MAX_INPUT_IMAGES,
                    true),
            wan27("wan2.7-image", List.of("1K", "2K"), List.of()),
            wan27("wan2.7-image-pro", List.of("1K", "2K", "4K"), List.of("4K")),
            new ModelSpec(
                    "wan2.5-i2i-preview",
                    ApiFamily.IMAGE2IMAGE,
                    Set.of(),
                    new SizeRule.Any(),
                    null,
                    4,
                    2000,
                    500,
                    0,
                    INT_SEED_MAX,
                    List.of(),
                    EnumSet.of(NEGATIVE_PROMPT, SIZE, SEED, PROMPT_EXTEND, WATERMARK, IMAGES),
                    EnumSet.of(IMAGES),
                    Set.of(),
                    Set.of(),
                    ModelSpec.MAX_INPUT_IMAGES,
                    true),
            // draws from a sketch; 768*768 only, prompts of at most 75 characters
            new ModelSpec(
                    "wanx-sketch-to-image-lite",
                    ApiFamily.IMAGE2IMAGE,
                    Set.of(),
                    SizeRule.Fixed.of("768*768"),
                    ImageSize.parse("768*768").get(),
                    4,
                    75,
                    0,
                    0,
                    INT_SEED_MAX,
                    List.of(),
                    EnumSet.of(SIZE, SKETCH_IMAGE, SKETCH_WEIGHT),
                    EnumSet.of(SKETCH_IMAGE),
                    Set.of(),
                    Set.of(),
                    0,
                    true),
            // text only, one image; prompt_extend is billed higher, so it stays off unless asked (the service's
            // default)
            new ModelSpec(
                    "z-image-turbo",
                    ApiFamily.MULTIMODAL_GENERATION,
                    Set.of(),
                    QWEN2_PIXELS,
                    ImageSize.parse("1024*1024").get(),
                    1,
                    0,
                    0,
                    0,
                    INT_SEED_MAX,
                    List.of(),
                    EnumSet.of(SIZE, SEED, PROMPT_EXTEND),
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    0,
                    true),
            new ModelSpec(
                    "wan2.6-t2i",
                    ApiFamily.IMAGE_GENERATION,
                    Set.of(ApiFamily.MULTIMODAL_GENERATION),
                    WAN_PIXELS,
                    ImageSize.parse("1280*1280").get(),
                    4,
                    2100,
                    500,
                    0,
                    INT_SEED_MAX,
                    List.of(),
                    EnumSet.of(NEGATIVE_PROMPT, SIZE, SEED, PROMPT_EXTEND, WATERMARK),
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    0,
                    true),
            new ModelSpec(
                    "wanx-x-painting",
                    ApiFamily.IMAGE2IMAGE,
                    Set.of(),
                    CLASSIC_SIZES,
                    ImageSize.parse("1024*1024").get(),
                    4,
                    75,
                    0,
                    0,
                    0,
                    PAINTING_STYLES,
                    EnumSet.of(SIZE, STYLE, BASE_IMAGE, MASK_IMAGE, MASK_COLOR),
                    EnumSet.of(BASE_IMAGE, MASK_IMAGE),
                    Set.of(),
                    Set.of(),
                    0,
                    true),
            // extends an image: a rotation, then the first of aspect ratio, scales or offsets given; no prompt
            new ModelSpec(
                    "image-out-painting",
                    ApiFamily.OUT_PAINTING,
                    Set.of(),
                    new SizeRule.Any(),
                    null,
                    1,
                    0,
                    0,
                    0,
                    0,
                    List.of(),
                    EnumSet.of(BASE_IMAGE, OUT_PAINTING),
                    EnumSet.of(BASE_IMAGE),
                    Set.of(),
                    Set.of(),
                    0,
                    true,
                    ModelWire.of(ApiFamily.OUT_PAINTING).withPrompt(ModelWire.PromptUse.NONE)),
            // a new background behind a product cut out on a transparent background, guided by text, an image or both
            new ModelSpec(
                    "wanx-background-generation-v2",
                    ApiFamily.BACKGROUND_GENERATION,
                    Set.of(),
                    new SizeRule.Any(),
                    null,
                    4,
                    0,
                    0,
                    0,
                    0,
                    List.of(),
                    EnumSet.of(BASE_IMAGE, REF_IMAGE),
                    EnumSet.of(BASE_IMAGE),
                    Set.of(),
                    Set.of(),
                    0,
                    true,
                    ModelWire.of(ApiFamily.BACKGROUND_GENERATION).withPrompt(ModelWire.PromptUse.UNLESS_REF_IMAGE)),
            // translates the text inside an image; no prompt; the answer's one image is output.image_url
            new ModelSpec(
                    "qwen-mt-image",
                    ApiFamily.IMAGE2IMAGE,
                    Set.of(),
                    new SizeRule.Any(),
                    null,
                    1,
                    0,
                    0,
                    0,
                    0,
                    List.of(),
                    EnumSet.of(BASE_IMAGE, TRANSLATION),
                    EnumSet.of(BASE_IMAGE, TRANSLATION),
                    Set.of(),
                    Set.of(),
                    0,
                    true,
                    new ModelWire(
                            ModelWire.PromptUse.NONE,
                            null,
                            Map.of(BASE_IMAGE, "image_url"),
                            ApiFamily.Output.IMAGE_URL)),
            new ModelSpec(
                    "wanx2.1-imageedit",
                    ApiFamily.IMAGE2IMAGE,
                    Set.of(),
                    new SizeRule.Any(),
                    null,
                    4,
                    800,
                    0,
                    0,
                    INT_SEED_MAX,
                    List.of(),
                    EnumSet.of(SEED, BASE_IMAGE, MASK_IMAGE, FUNCTION, WATERMARK),
                    EnumSet.of(BASE_IMAGE, FUNCTION),
                    IMAGEEDIT_FUNCTIONS,
                    Set.of("description_edit_with_mask"),
                    0,
                    true)));

    private final Map<String, ModelSpec> models;

    public ModelCatalog(Collection<ModelSpec> specs) {
        Map<String, ModelSpec> m = new LinkedHashMap<>();
        for (ModelSpec s : specs) {
            m.put(s.name(), s);
        }
        this.models = java.util.Collections.unmodifiableMap(m);
    }

    public static ModelCatalog builtIn() {
        return BUILT_IN;
    }

    public Optional<ModelSpec> find(String model) {
        return model == null
                ? Optional.empty()
                : Optional.ofNullable(models.get(model.trim().toLowerCase(Locale.ROOT)));
    }

    public Collection<ModelSpec> all() {
        return models.values();
    }

    private static ModelSpec wan2(String name, int promptChars) {
        return new ModelSpec(
                name,
                ApiFamily.TEXT2IMAGE,
                Set.of(),
                WAN2_SIDES,
                ImageSize.parse("1024*1024").get(),
                4,
                promptChars,
                500,
                0,
                INT_SEED_MAX,
                List.of(),
                EnumSet.of(NEGATIVE_PROMPT, SIZE, SEED, PROMPT_EXTEND, WATERMARK),
                Set.of(),
                Set.of(),
                Set.of(),
                0,
                true);
    }

    private static ModelSpec qwenFixed(String name, ApiFamily family, Set<ApiFamily> others) {
        return new ModelSpec(
                name,
                family,
                others,
                QWEN_SIZES,
                ImageSize.parse("1664*928").get(),
                1,
                800,
                500,
                0,
                INT_SEED_MAX,
                List.of(),
                EnumSet.of(NEGATIVE_PROMPT, SIZE, SEED, PROMPT_EXTEND, WATERMARK),
                Set.of(),
                Set.of(),
                Set.of(),
                0,
                true);
    }

    /** Qwen-Image 2.0: text to image, or with 1..3 images their edit mode. */
    private static ModelSpec qwen2(String name) {
        return new ModelSpec(
                name,
                ApiFamily.MULTIMODAL_GENERATION,
                Set.of(),
                QWEN2_PIXELS,
                ImageSize.parse("2048*2048").get(),
                6,
                800,
                500,
                0,
                INT_SEED_MAX,
                List.of(),
                EnumSet.of(NEGATIVE_PROMPT, SIZE, SEED, PROMPT_EXTEND, WATERMARK, IMAGES),
                Set.of(),
                Set.of(),
                Set.of(),
                3,
                true);
    }

    /** The Qwen editing models: 1..3 images and the instruction; the output follows the input's size unless asked. */
    private static ModelSpec qwenEdit(String name, int maxImages) {
        return new ModelSpec(
                name,
                ApiFamily.MULTIMODAL_GENERATION,
                Set.of(),
                QWEN2_PIXELS,
                null,
                maxImages,
                800,
                500,
                0,
                INT_SEED_MAX,
                List.of(),
                EnumSet.of(NEGATIVE_PROMPT, SIZE, SEED, PROMPT_EXTEND, WATERMARK, IMAGES),
                EnumSet.of(IMAGES),
                Set.of(),
                Set.of(),
                3,
                true);
    }

    /**
     * Wan 2.7: text to image, or with 1..9 images image editing. Sizes by tier (2K unless asked) or as W*H, whose
     * limits no vendor source states, so the server judges them.
     *
     * @param textOnlyTiers tiers only text to image takes (4K of the pro model)
     */
    private static ModelSpec wan27(String name, List<String> tiers, List<String> textOnlyTiers) {
        return new ModelSpec(
                name,
                ApiFamily.IMAGE_GENERATION,
                Set.of(ApiFamily.MULTIMODAL_GENERATION),
                new SizeRule.Tiered(tiers, textOnlyTiers, new SizeRule.Any()),
                null,
                4,
                5000,
                0,
                0,
                INT_SEED_MAX,
                List.of(),
                EnumSet.of(SIZE, SEED, WATERMARK, IMAGES, SEQUENTIAL, THINKING_MODE, COLOR_PALETTE, BBOX_LIST),
                Set.of(),
                Set.of(),
                Set.of(),
                ModelSpec.MAX_INPUT_IMAGES,
                true);
    }
}
