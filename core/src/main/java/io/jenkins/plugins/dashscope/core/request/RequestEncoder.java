package io.jenkins.plugins.dashscope.core.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.dashscope.core.catalog.ApiFamily;
import io.jenkins.plugins.dashscope.core.catalog.ModelWire;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the JSON body of a create call in the shape of the request's API family, with the departures the
 * model's {@link io.jenkins.plugins.dashscope.core.catalog.ModelWire} names (no prompt, or the prompt and some
 * images under other keys).
 */
public final class RequestEncoder {

    private static final String INPUT = "input.";

    /**
     * The options sent as the request holds them (the validator has checked and normalised them), each under its
     * one wire name, in this order; the prompt, images, style and size are shaped above.
     */
    private static final List<RequestOption> AS_GIVEN = List.of(
            RequestOption.FUNCTION,
            RequestOption.N,
            RequestOption.SKETCH_WEIGHT,
            RequestOption.SOURCE_LANG,
            RequestOption.TARGET_LANG,
            RequestOption.ANGLE,
            RequestOption.OUTPUT_RATIO,
            RequestOption.WIDTH_SCALE,
            RequestOption.HEIGHT_SCALE,
            RequestOption.TOP_OFFSET,
            RequestOption.BOTTOM_OFFSET,
            RequestOption.LEFT_OFFSET,
            RequestOption.RIGHT_OFFSET,
            RequestOption.SEED,
            RequestOption.REF_STRENGTH,
            RequestOption.REF_MODE,
            RequestOption.MASK_COLOR,
            RequestOption.PROMPT_EXTEND,
            RequestOption.WATERMARK,
            RequestOption.ENABLE_SEQUENTIAL,
            RequestOption.THINKING_MODE,
            RequestOption.COLOR_PALETTE,
            RequestOption.BBOX_LIST);

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
        ModelWire wire = v.spec().wire();
        putPromptAndListedImages(input, r, wire, messages, imageUrls);
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
        if (v.style() != null) {
            parameters.put("style", v.style());
        }
        if (v.sizeTier() != null) {
            parameters.put("size", v.sizeTier());
        } else if (v.size() != null) {
            parameters.put("size", v.size().toString());
        }
        putAsGiven(input, parameters, r);
        if (parameters.isEmpty()) {
            body.remove("parameters");
        }
        return body;
    }

    /** The prompt and the listed images: as one user message's content, or as the input's fields. */
    private static void putPromptAndListedImages(
            ObjectNode input, GenerationRequest r, ModelWire wire, boolean messages, Map<ImageRole, String> imageUrls) {
        List<String> listed = new ArrayList<>();
        for (ImageRole role : ImageRole.values()) {
            if (role.isListed() && imageUrls.get(role) != null) {
                listed.add(imageUrls.get(role));
            }
        }
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
    }

    /** The options the wire takes as they are given, and the caller's extra parameters. */
    private void putAsGiven(ObjectNode input, ObjectNode parameters, GenerationRequest r) {
        for (RequestOption option : AS_GIVEN) {
            Object value = r.valueOf(option);
            if (value != null) {
                String key = option.wireNames().get(0);
                boolean underInput = key.startsWith(INPUT);
                (underInput ? input : parameters)
                        .set(underInput ? key.substring(INPUT.length()) : key, mapper.valueToTree(value));
            }
        }
        for (var e : r.extraParameters().entrySet()) {
            JsonNode value = mapper.valueToTree(e.getValue());
            if (e.getKey().startsWith(INPUT)) {
                input.set(e.getKey().substring(INPUT.length()), value);
            } else {
                parameters.set(e.getKey(), value);
            }
        }
    }
}
