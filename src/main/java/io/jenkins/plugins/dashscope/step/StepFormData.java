package io.jenkins.plugins.dashscope.step;

import hudson.model.Descriptor;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.request.RequestOption;
import io.jenkins.plugins.dashscope.core.request.RequestText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;

/**
 * A submitted {@code generateImage} form (the Snippet Generator's, the freestyle builder's) shaped as the step binds
 * it. A field left blank means the option is not set: Stapler would bind a blank number as 0 (a seed of 0) and the
 * tri-state options' "model default" as {@code false}, so saving a job would change what it sends.
 */
final class StepFormData {

    private StepFormData() {}

    /** Drops blank fields and blank derived sizes, and turns a list option's lines into the list. */
    static void shape(JSONObject formData) {
        List<Object> blank = new ArrayList<>();
        for (Object field : formData.entrySet()) {
            Map.Entry<?, ?> entry = (Map.Entry<?, ?>) field;
            if ("".equals(entry.getValue())) {
                blank.add(entry.getKey());
            }
        }
        blank.forEach(formData::remove);
        dropBlankOutputs(formData);
        listLines(formData);
    }

    /**
     * Takes the extra parameters' lines out of the form (Stapler cannot bind text to a map) as the map they mean.
     *
     * @throws Descriptor.FormException naming {@code parameters} when a line is not {@code KEY=VALUE}
     */
    static Map<String, Object> takeParameters(JSONObject formData) throws Descriptor.FormException {
        Object lines = formData.remove(RequestOption.PARAMETERS.field());
        try {
            return RequestText.parameterLines(lines instanceof String text ? text : null);
        } catch (InvalidRequestException e) {
            throw new Descriptor.FormException(e.getMessage(), RequestOption.PARAMETERS.field());
        }
    }

    /** The form's lines of a list option, as the list the step binds; blank lines are dropped. */
    private static void listLines(JSONObject formData) {
        for (RequestOption option : RequestOption.values()) {
            if (option.kind() == RequestOption.Kind.IMAGES && formData.opt(option.field()) instanceof String text) {
                JSONArray values = new JSONArray();
                text.lines().map(String::trim).filter(l -> !l.isEmpty()).forEach(values::add);
                if (values.isEmpty()) {
                    formData.remove(option.field());
                } else {
                    formData.put(option.field(), values);
                }
            }
        }
    }

    /**
     * A derived size whose size is left blank is not set, like any blank field. This also drops the
     * repeatable's template chunk, which a form loaded on demand (the Snippet Generator) may still hold
     * when it is submitted.
     */
    private static void dropBlankOutputs(JSONObject formData) {
        Object outputs = formData.opt("outputs");
        JSONArray kept = new JSONArray();
        for (Object o : outputs instanceof JSONArray a ? a : outputs == null ? new JSONArray() : List.of(outputs)) {
            if (o instanceof JSONObject output && !output.optString("size").isBlank()) {
                kept.add(output);
            }
        }
        if (kept.isEmpty()) {
            formData.remove("outputs");
        } else {
            formData.put("outputs", kept);
        }
    }
}
