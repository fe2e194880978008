package io.jenkins.plugins.dashscope.core.catalog;

import java.util.Map;
import java.util.Optional;

/**
 * Where a model departs from its family's request and answer shape: whether it takes a prompt and under
 * which key, the keys under {@code input} some of its images go by, and where its answer puts the images.
 * Written out per model in the catalog, never guessed from the name.
 *
 * @param prompt    whether the prompt is required, optional or not taken
 * @param promptKey the key under {@code input} the prompt goes by instead of the family's; null for the family's
 * @param inputKeys keys under {@code input} for image options, where they differ from the option's own
 * @param output    where the answer puts the images; null for the family's
 */
public record ModelWire(
        PromptUse prompt, String promptKey, Map<ModelOption, String> inputKeys, ApiFamily.Output output) {

    /** What a prompt means to a model. */
    public enum PromptUse {
        /** Every request has one. */
        REQUIRED,
        /** Required unless a reference image is given (background generation: text, image or both guide it). */
        UNLESS_REF_IMAGE,
        /** The model takes none (out-painting, image translation): one given is refused rather than ignored. */
        NONE,
        /** Sent when given, not required: a model the catalog lacks on a family where prompts are not the rule. */
        OPTIONAL
    }

    /** The family's shape, with a prompt required. */
    public static final ModelWire STANDARD = new ModelWire(PromptUse.REQUIRED, null, Map.of(), null);

    public ModelWire {
        inputKeys = Map.copyOf(inputKeys);
    }

    /**
     * A family's own shape, which a model the catalog lacks is given: the family's keys, with the prompt optional
     * where the family's models take none or may go without, so the server judges. Catalog models narrow it.
     */
    public static ModelWire of(ApiFamily family) {
        return switch (family) {
            case OUT_PAINTING ->
                new ModelWire(PromptUse.OPTIONAL, null, Map.of(ModelOption.BASE_IMAGE, "image_url"), null);
            case BACKGROUND_GENERATION ->
                new ModelWire(PromptUse.OPTIONAL, "ref_prompt", Map.of(ModelOption.REF_IMAGE, "ref_image_url"), null);
            default -> STANDARD;
        };
    }

    /** The same keys, with another rule for the prompt. */
    public ModelWire withPrompt(PromptUse use) {
        return new ModelWire(use, promptKey, inputKeys, output);
    }

    /** The key under {@code input} an image option goes by for this model, if it differs from the option's own. */
    public Optional<String> inputKey(ModelOption option) {
        return Optional.ofNullable(inputKeys.get(option));
    }
}
