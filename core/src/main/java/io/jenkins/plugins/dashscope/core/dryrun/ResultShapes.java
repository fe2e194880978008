package io.jenkins.plugins.dashscope.core.dryrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.dashscope.core.catalog.ApiFamily;
import io.jenkins.plugins.dashscope.core.catalog.ImageSize;
import io.jenkins.plugins.dashscope.core.catalog.ModelSpec;
import io.jenkins.plugins.dashscope.core.catalog.SizeRule;
import io.jenkins.plugins.dashscope.core.client.TaskStatus;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The results part of a task answer, as each API family or model shapes it (the vendor documents' {@code results}
 * with {@code task_metrics}, {@code choices}, or one URL beside the task's status); shared by the dry run's fake and
 * the test simulator.
 */
public final class ResultShapes {

    private ResultShapes() {}

    /** Where the answer for a model on a family puts its images; the family's for a model the catalog lacks. */
    public static ApiFamily.Output shapeOf(Optional<ModelSpec> spec, ApiFamily family) {
        return spec.map(s -> s.output(family)).orElse(family.output());
    }

    /** The text a create call carries: its prompt, background prompt or user message; empty for none. */
    public static String promptOf(JsonNode input, ApiFamily family) {
        if (family.input() == ApiFamily.Input.MESSAGES) {
            for (JsonNode part : input.path("messages").path(0).path("content")) {
                if (part.hasNonNull("text")) {
                    return part.get("text").asText("");
                }
            }
            return "";
        }
        return input.hasNonNull("prompt")
                ? input.get("prompt").asText("")
                : input.path("ref_prompt").asText("");
    }

    /**
     * The size of the images a create call asks for: its {@code W*H}, the square of a resolution tier the model
     * takes ({@code 2K}: 2048*2048), else the model's default or 1024*1024.
     */
    public static Optional<ImageSize> sizeOf(JsonNode parameters, Optional<ModelSpec> spec) {
        if (!parameters.hasNonNull("size")) {
            return Optional.of(spec.map(ModelSpec::defaultSize).orElse(new ImageSize(1024, 1024)));
        }
        String text = parameters.get("size").asText().trim();
        if (spec.isPresent() && spec.get().sizeRule().tiers().contains(text)) {
            return Optional.of(SizeRule.Tiered.square(text));
        }
        Optional<ImageSize> parsed = ImageSize.parse(text);
        return parsed.filter(
                p -> spec.isEmpty() || spec.get().sizeRule().violation(p).isEmpty());
    }

    /**
     * @param succeeded images that came out; the others fail with a code ({@code moderated}: the output check's)
     * @param url       the download URL of image {@code i} (1-based)
     */
    public static void add(
            ObjectNode root,
            ObjectNode out,
            ApiFamily.Output shape,
            TaskStatus status,
            int images,
            int succeeded,
            boolean moderated,
            IntFunction<String> url,
            String prompt,
            int width,
            int height) {
        boolean done = status.isTerminal();
        if (shape == ApiFamily.Output.OUTPUT_IMAGE_URL || shape == ApiFamily.Output.IMAGE_URL) {
            if (status == TaskStatus.SUCCEEDED && succeeded > 0) {
                out.put(shape == ApiFamily.Output.IMAGE_URL ? "image_url" : "output_image_url", url.apply(1));
                root.putObject("usage").put("image_count", 1);
            }
        } else if (shape == ApiFamily.Output.RESULTS) {
            if (status != TaskStatus.PENDING && status != TaskStatus.CANCELED) {
                ObjectNode m = out.putObject("task_metrics");
                m.put("TOTAL", images);
                m.put("SUCCEEDED", done ? succeeded : 0);
                m.put("FAILED", done ? images - succeeded : 0);
            }
            if (status == TaskStatus.SUCCEEDED) {
                ArrayNode results = out.putArray("results");
                for (int i = 1; i <= images; i++) {
                    ObjectNode r = results.addObject();
                    if (i > succeeded) {
                        if (moderated) {
                            r.put("code", "DataInspectionFailed")
                                    .put("message", "Output data may contain inappropriate content.");
                        } else {
                            r.put("code", "InternalError.Timeout")
                                    .put(
                                            "message",
                                            "An internal timeout error has occured during execution, please try again later or contact service support.");
                        }
                    } else {
                        r.put("url", url.apply(i));
                        r.put("orig_prompt", prompt).put("actual_prompt", prompt + " (extended by the simulator)");
                    }
                }
                root.putObject("usage").put("image_count", succeeded);
            }
        } else if (status == TaskStatus.SUCCEEDED) {
            ArrayNode choices = out.putArray("choices");
            for (int i = 1; i <= succeeded; i++) {
                ObjectNode msg =
                        choices.addObject().put("finish_reason", "stop").putObject("message");
                msg.put("role", "assistant");
                msg.putArray("content").addObject().put("image", url.apply(i)).put("type", "image");
            }
            out.put("finished", true);
            root.putObject("usage")
                    .put("image_count", succeeded)
                    .put("width", width)
                    .put("height", height)
                    .put("size", width + "*" + height);
        }
    }
}
