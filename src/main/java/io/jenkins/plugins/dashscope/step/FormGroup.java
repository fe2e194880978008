package io.jenkins.plugins.dashscope.step;

import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.core.request.RequestOption;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jvnet.localizer.ResourceBundleHolder;

/**
 * The sections the step's advanced options are shown in, so a person looking for how to extend an image finds
 * its eight fields together rather than among thirty. Each advanced option of the table is in exactly one
 * (held by {@code GenerateImageStepOptionsTest}); a title comes from Messages
 * ({@code GenerateImageStep.group.<name>}). Getters, because Jelly reads bean properties.
 */
public enum FormGroup {
    GENERAL(Set.of(
            RequestOption.NEGATIVE_PROMPT,
            RequestOption.API,
            RequestOption.SEED,
            RequestOption.STYLE,
            RequestOption.PROMPT_EXTEND,
            RequestOption.WATERMARK)),
    INPUTS(Set.of(
            RequestOption.REF_IMAGE,
            RequestOption.REF_STRENGTH,
            RequestOption.REF_MODE,
            RequestOption.BASE_IMAGE,
            RequestOption.MASK_IMAGE,
            RequestOption.MASK_COLOR,
            RequestOption.SKETCH_IMAGE,
            RequestOption.SKETCH_WEIGHT,
            RequestOption.IMAGES,
            RequestOption.FUNCTION)),
    OUT_PAINTING(Set.of(
            RequestOption.ANGLE,
            RequestOption.OUTPUT_RATIO,
            RequestOption.WIDTH_SCALE,
            RequestOption.HEIGHT_SCALE,
            RequestOption.TOP_OFFSET,
            RequestOption.BOTTOM_OFFSET,
            RequestOption.LEFT_OFFSET,
            RequestOption.RIGHT_OFFSET)),
    TRANSLATION(Set.of(RequestOption.SOURCE_LANG, RequestOption.TARGET_LANG)),
    COMPOSITION(Set.of(
            RequestOption.ENABLE_SEQUENTIAL,
            RequestOption.THINKING_MODE,
            RequestOption.COLOR_PALETTE,
            RequestOption.BBOX_LIST));

    private static final String TITLE_KEY = "GenerateImageStep.group.";

    private final Set<RequestOption> options;

    FormGroup(Set<RequestOption> options) {
        this.options = options;
    }

    static String titleKey(FormGroup group) {
        return TITLE_KEY + group.name();
    }

    /** In the language of the current request. */
    public String getTitle() {
        return ResourceBundleHolder.get(Messages.class).format(titleKey(this));
    }

    /** The group's fields of the advanced place, in the table's order. */
    public List<FormField> getFields() {
        return FormField.in(RequestOption.Place.ADVANCED).stream()
                .filter(f -> options.contains(f.option()))
                .toList();
    }

    /** The groups in the order the form shows them. */
    static List<FormGroup> all() {
        return Arrays.asList(values());
    }

    boolean holds(RequestOption option) {
        return options.contains(option);
    }
}
