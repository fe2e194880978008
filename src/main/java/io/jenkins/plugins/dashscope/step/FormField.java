package io.jenkins.plugins.dashscope.step;

import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.core.request.RequestOption;
import java.util.Arrays;
import java.util.List;
import org.jvnet.localizer.ResourceBundleHolder;

/**
 * One request option as the step's form shows it, laid out from the core's option table: its field, its
 * localized title ({@code GenerateImageStep.option.<field>} in Messages) and the control its kind calls for.
 * Getters, because Jelly reads bean properties.
 */
public final class FormField {

    private static final String TITLE_KEY = "GenerateImageStep.option.";

    private final RequestOption option;

    private FormField(RequestOption option) {
        this.option = option;
    }

    /** The options the form shows in one place, in the table's order. */
    static List<FormField> in(RequestOption.Place place) {
        return Arrays.stream(RequestOption.values())
                .filter(o -> o.place() == place)
                .map(FormField::new)
                .toList();
    }

    static String titleKey(RequestOption option) {
        return TITLE_KEY + option.field();
    }

    RequestOption option() {
        return option;
    }

    public String getField() {
        return option.field();
    }

    /** In the language of the current request, as Jenkins' own labels are. */
    public String getTitle() {
        return ResourceBundleHolder.get(Messages.class).format(titleKey(option));
    }

    /** {@code textarea}, {@code lines} (a textarea of one value per line), {@code select}, {@code number} or {@code textbox}. */
    public String getControl() {
        return switch (option.kind()) {
            case PARAGRAPH -> "textarea";
            case IMAGES -> "lines";
            case CHOICE, SWITCH -> "select";
            case COUNT, NUMBER -> "number";
            case TEXT, IMAGE, FRACTION, COLORS, PALETTE, BOXES, MAP -> "textbox";
        };
    }

    /** The smallest number the browser accepts: a count starts at 1, a seed at 0. */
    public String getMin() {
        return option.kind() == RequestOption.Kind.COUNT ? "1" : "0";
    }
}
