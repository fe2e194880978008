package io.jenkins.plugins.dashscope.core.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.dashscope.core.common.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request as plain JSON, each option under its field name with the value as given (paths, not bytes): what a build
 * keeps so that a reviewer can ask again for the same generation. Read back through {@link RequestOption#bind}, as
 * any caller's values are, so a stored form is checked as strictly as a step's options.
 */
public final class RequestForm {

    /** A stored request is a prompt and its options; far more than this was not written by this class. */
    static final int MAX_CHARS = 256 * 1024;

    private RequestForm() {}

    public static String write(GenerationRequest request) {
        Map<String, Object> fields = new LinkedHashMap<>();
        request.values().forEach((option, value) -> fields.put(option.field(), value));
        try {
            return new ObjectMapper().writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // plain values only
        }
    }

    /** @throws IOException when the text is not a request this class wrote (unknown field, bad value, too long) */
    public static GenerationRequest read(String json) throws IOException {
        if (json == null || json.length() > MAX_CHARS) {
            throw new IOException("not a stored request");
        }
        Map<?, ?> fields = Json.newMapper().readValue(json, Map.class);
        RequestBuilder b = GenerationRequest.builder();
        for (Map.Entry<?, ?> e : fields.entrySet()) {
            RequestOption option = RequestOption.byField(String.valueOf(e.getKey()))
                    .orElseThrow(() -> new IOException("a stored request names no option '" + e.getKey() + "'"));
            try {
                b.set(option, e.getValue());
            } catch (IllegalArgumentException bad) {
                throw new IOException(bad.getMessage(), bad);
            }
        }
        return b.build();
    }
}
