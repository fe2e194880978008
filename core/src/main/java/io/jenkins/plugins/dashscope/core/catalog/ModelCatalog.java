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
            ModelSpec.builder("wanx-v1", ApiFamily.TEXT2IMAGE)
                    .sizes(CLASSIC_SIZES, ImageSize.parse("1024*1024").get())
                    .maxImages(4)
                    .promptChars(500, 500)
                    .seeds(1, 4294967289L)
                    .styles(WANX_V1_STYLES)
                    .options(EnumSet.of(NEGATIVE_PROMPT, SIZE, SEED, STYLE, REF_IMAGE))
                    .build(),
            wan2("wanx2.0-t2i-turbo", 800),
            wan2("wanx2.1-t2i-turbo", 500),
            wan2("wanx2.1-t2i-plus", 500),
            wan2("wan2.2-t2i-flash", 500),
            wan2("wan2.2-t2i-plus", 500),
            ModelSpec.builder("wan2.5-t2i-preview", ApiFamily.TEXT2IMAGE)
                    .sizes(WAN_PIXELS, ImageSize.parse("1280*1280").get())
                    .maxImages(4)
                    .promptChars(2000, 500)
                    .seeds(0, INT_SEED_MAX)
                    .options(EnumSet.of(NEGATIVE_PROMPT, SIZE, SEED, PROMPT_EXTEND, WATERMARK))
                    .build(),
            qwenFixed("qwen-image", ApiFamily.TEXT2IMAGE, Set.of(ApiFamily.MULTIMODAL_GENERATION)),
            qwenFixed("qwen-image-plus", ApiFamily.TEXT2IMAGE, Set.of(ApiFamily.MULTIMODAL_GENERATION)),
            qwenFixed("qwen-image-max", ApiFamily.MULTIMODAL_GENERATION, Set.of()),
            qwen2("qwen-image-2.0"),
            qwen2("qwen-image-2.0-pro"),
            qwenEdit("qwen-image-edit", 1),
            qwenEdit("qwen-image-edit-plus", 6),
            qwenEdit("qwen-image-edit-max", 6),
            // edit mode: one or more images and a prompt; the number of inputs is not documented, so the server judges
            ModelSpec.builder("wan2.6-image", ApiFamily.IMAGE_GENERATION)
                    .alsoOn(Set.of(ApiFamily.MULTIMODAL_GENERATION))
                    .sizes(new SizeRule.Any(), null)
                    .maxImages(4)
                    .promptChars(2000, 500)
                    .seeds(0, INT_SEED_MAX)
                    .options(EnumSet.of(NEGATIVE_PROMPT, SIZE, SEED, PROMPT_EXTEND, WATERMARK, IMAGES))
                    .required(EnumSet.of(IMAGES))
                    .maxInputImages(ModelSpec.MAX_INPUT_IMAGES)
                    .build(),
            wan27("wan2.7-image", List.of("1K", "2K"), List.of()),
            wan27("wan2.7-image-pro", List.of("1K", "2K", "4K"), List.of("4K")),
            ModelSpec.builder("wan2.5-i2i-preview", ApiFamily.IMAGE2IMAGE)
                    .sizes(new SizeRule.Any(), null)
                    .maxImages(4)
                    .promptChars(2000, 500)
                    .seeds(0, INT_SEED_MAX)
                    .options(EnumSet.of(NEGATIVE_PROMPT, SIZE, SEED, PROMPT_EXTEND, WATERMARK, IMAGES))
                    .required(EnumSet.of(IMAGES))
                    .maxInputImages(ModelSpec.MAX_INPUT_IMAGES)
                    .build(),
            // draws from a sketch; 768*768 only, prompts of at most 75 characters
            ModelSpec.builder("wanx-sketch-to-image-lite", ApiFamily.IMAGE2IMAGE)
                    .sizes(
                            SizeRule.Fixed.of("768*768"),
                            ImageSize.parse("768*768").get())
                    .maxImages(4)
                    .promptChars(75, 0)
                    .seeds(0, INT_SEED_MAX)
                    .options(EnumSet.of(SIZE, SKETCH_IMAGE, SKETCH_WEIGHT))
                    .required(EnumSet.of(SKETCH_IMAGE))
                    .build(),
            // text only, one image; prompt_extend is billed higher, so it stays off unless asked (the service's
            // default)
            ModelSpec.builder("z-image-turbo", ApiFamily.MULTIMODAL_GENERATION)
                    .sizes(QWEN2_PIXELS, ImageSize.parse("1024*1024").get())
                    .maxImages(1)
                    .promptChars(0, 0)
                    .seeds(0, INT_SEED_MAX)
                    .options(EnumSet.of(SIZE, SEED, PROMPT_EXTEND))
                    .build(),
            ModelSpec.builder("wan2.6-t2i", ApiFamily.IMAGE_GENERATION)
                    .alsoOn(Set.of(ApiFamily.MULTIMODAL_GENERATION))
                    .sizes(WAN_PIXELS, ImageSize.parse("1280*1280").get())
                    .maxImages(4)
                    .promptChars(2100, 500)
                    .seeds(0, INT_SEED_MAX)
                    .options(EnumSet.of(NEGATIVE_PROMPT, SIZE, SEED, PROMPT_EXTEND, WATERMARK))
                    .build(),
            ModelSpec.builder("wanx-x-painting", ApiFamily.IMAGE2IMAGE)
                    .sizes(CLASSIC_SIZES, ImageSize.parse("1024*1024").get())
                    .maxImages(4)
                    .promptChars(75, 0)
                    .seeds(0, 0)
                    .styles(PAINTING_STYLES)
                    .options(EnumSet.of(SIZE, STYLE, BASE_IMAGE, MASK_IMAGE, MASK_COLOR))
                    .required(EnumSet.of(BASE_IMAGE, MASK_IMAGE))
                    .build(),
            // extends an image: a rotation, then the first of aspect ratio, scales or offsets given; no prompt
            ModelSpec.builder("image-out-painting", ApiFamily.OUT_PAINTING)
                    .sizes(new SizeRule.Any(), null)
                    .maxImages(1)
                    .promptChars(0, 0)
                    .seeds(0, 0)
                    .options(EnumSet.of(BASE_IMAGE, OUT_PAINTING))
                    .required(EnumSet.of(BASE_IMAGE))
                    .wire(ModelWire.of(ApiFamily.OUT_PAINTING).withPrompt(ModelWire.PromptUse.NONE))
                    .build(),
            // a new background behind a product cut out on a transparent background, guided by text, an image or both
            ModelSpec.builder("wanx-background-generation-v2", ApiFamily.BACKGROUND_GENERATION)
                    .sizes(new SizeRule.Any(), null)
                    .maxImages(4)
                    .promptChars(0, 0)
                    .seeds(0, 0)
                    .options(EnumSet.of(BASE_IMAGE, REF_IMAGE))
                    .required(EnumSet.of(BASE_IMAGE))
                    .wire(ModelWire.of(ApiFamily.BACKGROUND_GENERATION)
                            .withPrompt(ModelWire.PromptUse.UNLESS_REF_IMAGE))
                    .build(),
            // translates the text inside an image; no prompt; the answer's one image is output.image_url
            ModelSpec.builder("qwen-mt-image", ApiFamily.IMAGE2IMAGE)
                    .sizes(new SizeRule.Any(), null)
                    .maxImages(1)
                    .promptChars(0, 0)
                    .seeds(0, 0)
                    .options(EnumSet.of(BASE_IMAGE, TRANSLATION))
                    .required(EnumSet.of(BASE_IMAGE, TRANSLATION))
                    .wire(new ModelWire(
                            ModelWire.PromptUse.NONE,
                            null,
                            Map.of(BASE_IMAGE, "image_url"),
                            ApiFamily.Output.IMAGE_URL))
                    .build(),
            ModelSpec.builder("wanx2.1-imageedit", ApiFamily.IMAGE2IMAGE)
                    .sizes(new SizeRule.Any(), null)
                    .maxImages(4)
                    .promptChars(800, 0)
                    .seeds(0, INT_SEED_MAX)
                    .options(EnumSet.of(SEED, BASE_IMAGE, MASK_IMAGE, FUNCTION, WATERMARK))
                    .required(EnumSet.of(BASE_IMAGE, FUNCTION))
                    .functions(IMAGEEDIT_FUNCTIONS, Set.of("description_edit_with_mask"))
                    .build()));

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
        return ModelSpec.builder(name, ApiFamily.TEXT2IMAGE)
                .sizes(WAN2_SIDES, ImageSize.parse("1024*1024").get())
                .maxImages(4)
                .promptChars(promptChars, 500)
                .seeds(0, INT_SEED_MAX)
                .options(EnumSet.of(NEGATIVE_PROMPT, SIZE, SEED, PROMPT_EXTEND, WATERMARK))
                .build();
    }

    private static ModelSpec qwenFixed(String name, ApiFamily family, Set<ApiFamily> others) {
        return ModelSpec.builder(name, family)
                .alsoOn(others)
                .sizes(QWEN_SIZES, ImageSize.parse("1664*928").get())
                .maxImages(1)
                .promptChars(800, 500)
                .seeds(0, INT_SEED_MAX)
                .options(EnumSet.of(NEGATIVE_PROMPT, SIZE, SEED, PROMPT_EXTEND, WATERMARK))
                .build();
    }

    /** Qwen-Image 2.0: text to image, or with 1..3 images their edit mode. */
    private static ModelSpec qwen2(String name) {
        return ModelSpec.builder(name, ApiFamily.MULTIMODAL_GENERATION)
                .sizes(QWEN2_PIXELS, ImageSize.parse("2048*2048").get())
                .maxImages(6)
                .promptChars(800, 500)
                .seeds(0, INT_SEED_MAX)
                .options(EnumSet.of(NEGATIVE_PROMPT, SIZE, SEED, PROMPT_EXTEND, WATERMARK, IMAGES))
                .maxInputImages(3)
                .build();
    }

    /** The Qwen editing models: 1..3 images and the instruction; the output follows the input's size unless asked. */
    private static ModelSpec qwenEdit(String name, int maxImages) {
        return ModelSpec.builder(name, ApiFamily.MULTIMODAL_GENERATION)
                .sizes(QWEN2_PIXELS, null)
                .maxImages(maxImages)
                .promptChars(800, 500)
                .seeds(0, INT_SEED_MAX)
                .options(EnumSet.of(NEGATIVE_PROMPT, SIZE, SEED, PROMPT_EXTEND, WATERMARK, IMAGES))
                .required(EnumSet.of(IMAGES))
                .maxInputImages(3)
                .build();
    }

    /**
     * Wan 2.7: text to image, or with 1..9 images image editing. Sizes by tier (2K unless asked) or as W*H, whose
     * limits no vendor source states, so the server judges them.
     *
     * @param textOnlyTiers tiers only text to image takes (4K of the pro model)
     */
    private static ModelSpec wan27(String name, List<String> tiers, List<String> textOnlyTiers) {
        return ModelSpec.builder(name, ApiFamily.IMAGE_GENERATION)
                .alsoOn(Set.of(ApiFamily.MULTIMODAL_GENERATION))
                .sizes(new SizeRule.Tiered(tiers, textOnlyTiers, new SizeRule.Any()), null)
                .maxImages(4)
                .promptChars(5000, 0)
                .seeds(0, INT_SEED_MAX)
                .options(EnumSet.of(SIZE, SEED, WATERMARK, IMAGES, SEQUENTIAL, THINKING_MODE, COLOR_PALETTE, BBOX_LIST))
                .maxInputImages(ModelSpec.MAX_INPUT_IMAGES)
                .build();
    }
}
