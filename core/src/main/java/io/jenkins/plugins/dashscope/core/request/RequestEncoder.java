package io.jenkins.plugins.dashscope.core.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.dashscope.core.catalog.ApiFamily;
import io.jenkins.plugins.dashscope.core.catalog.ModelWire;
import java.util.Locale;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the JSON body of a create call in the shape of the request's API family, with the departures the
 * model's {@link io.jenkins.plugins.dashscope.core.catalog.ModelWire} names (no prompt, or the prompt and some
 * images under other keys).
 */
public final class RequestEncoder {

    private final ObjectMapper mapper;

    public RequestEncoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param imageUrls the URL to send for each image input: the caller's URL, or {@code oss://} after upload
     */
    public ObjectNode encode(ValidatedRequest v, Map<ImageRole, String> imageUrls) {
        GenerationRequest r = v.request();
        ObjectNode body = mapper.createObjectNode();
        body.put("model", v.model());
        ObjectNode input = body.putObject("input");
        ObjectNode parameters = body.putObject("parameters");
        boolean messages = v.family().input() == ApiFamily.Input.MESSAGES;
        List<String> listed = new ArrayList<>();
        for (ImageRole role : ImageRole.values()) {
            if (role.isListed() && imageUrls.get(role) != null) {
                listed.add(imageUrls.get(role));
            }
        }
        ModelWire wire = v.spec().wire();
        if (messages) {
            ObjectNode message = input.putArray("messages").addObject();
            message.put("role", "user");
            ArrayNode content = message.putArray("content");
            listed.forEach(url -> content.addObject().put("image", url)); // the images first, in order, then the text
            content.addObject().put("text", r.prompt());
        } else {
            if (r.prompt() != null && wire.prompt() != ModelWire.PromptUse.NONE) {
                input.put(wire.promptKey() == null ? "prompt" : wire.promptKey(), r.prompt());
            }
            if (!listed.isEmpty()) {
                ArrayNode list = input.putArray("images");
                listed.forEach(list::add);
            }
        }
        if (r.negativePrompt() != null) {
            // The older families take it beside the prompt, the newer ones as a parameter.
            (messages ? parameters : input).put("negative_prompt", r.negativePrompt());
        }
        for (ImageRole role : ImageRole.values()) {
            String url = imageUrls.get(role);
            if (url != null && !role.isListed()) {
                input.put(role.option().guard().flatMap(wire::inputKey).orElse(role.wireName()), url);
            }
        }
        if (r.function() != null && !r.function().isBlank()) {
            input.put("function", r.function().trim());
        }
        if (v.style() != null) {
            parameters.put("style", v.style());
        }
        if (v.sizeTier() != null) {
            parameters.put("size", v.sizeTier());
        } else if (v.size() != null) {
            parameters.put("size", v.size().toString());
        }
        if (r.n() != null) {
            parameters.put("n", r.n());
        }
        if (r.sketchWeight() != null) {
            parameters.put("sketch_weight", r.sketchWeight());
        }
        if (r.sourceLang() != null) {
            input.put("source_lang", r.sourceLang());
        }
        if (r.targetLang() != null) {
            input.put("target_lang", r.targetLang());
        }
        if (r.angle() != null) {
            parameters.put("angle", r.angle());
        }
        if (r.outputRatio() != null) {
            parameters.put("output_ratio", r.outputRatio().trim());
        }
        if (r.widthScale() != null) {
            parameters.put("x_scale", r.widthScale());
        }
        if (r.heightScale() != null) {
            parameters.put("y_scale", r.heightScale());
        }
        for (RequestOption offset : List.of(RequestOption.TOP_OFFSET, RequestOption.BOTTOM_OFFSET, RequestOption.LEFT_OFFSET,
                RequestOption.RIGHT_OFFSET)) {
            if (r.valueOf(offset) != null) {
                parameters.put(offset.wireNames().get(0), (Long) r.valueOf(offset));
            }
        }
        if (r.seed() != null) {
            parameters.put("seed", r.seed());
        }
        if (r.refStrength() != null) {
            parameters.put("ref_strength", r.refStrength());
        }
        if (r.refMode() != null && !r.refMode().isBlank()) {
            parameters.put("ref_mode", r.refMode().trim().toLowerCase(Locale.ROOT));
        }
        if (r.maskColor() != null && !r.maskColor().isEmpty()) {
            var colors = parameters.putArray("mask_color");
            r.maskColor().forEach(rgb -> {
                var triple = colors.addArray();
                rgb.forEach(triple::add);
            });
        }
        if (r.promptExtend() != null) {
            parameters.put("prompt_extend", r.promptExtend());
        }
        if (r.watermark() != null) {
            parameters.put("watermark", r.watermark());
        }
        if (r.enableSequential() != null) {
            parameters.put("enable_sequential", r.enableSequential());
        }
        if (r.thinkingMode() != null) {
            parameters.put("thinking_mode", r.thinkingMode());
        }
        if (r.colorPalette() != null) {
            parameters.set("color_palette", mapper.valueToTree(r.colorPalette()));
        }
        if (r.bboxList() != null) {
            parameters.set("bbox_list", mapper.valueToTree(r.bboxList()));
        }
        for (var e : r.extraParameters().entrySet()) {
            JsonNode value = mapper.valueToTree(e.getValue());
            if (e.getKey().startsWith("input.")) {
                input.set(e.getKey().substring("input.".length()), value);
            } else {
                parameters.set(e.getKey(), value);
            }
        }
        if (parameters.isEmpty()) {
            body.remove("parameters");
        }
        return body;
    }
}
