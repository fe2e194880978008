package io.jenkins.plugins.dashscope.core.generation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.request.ImageRole;
import io.jenkins.plugins.dashscope.core.request.ImageSource;
import io.jenkins.plugins.dashscope.core.request.ValidatedRequest;
import io.jenkins.plugins.dashscope.core.upload.InspectedImage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SHA-256 of everything that decides a generation's result: the request body as it would be sent (model,
 * prompt, negative prompt, every parameter including the seed), the API family, where it goes, and each input
 * image by its content. A workspace file counts by its bytes, never its name or upload URL (which change every
 * run); a URL input counts by the URL as given. Keys are sorted, so the order options were written in does not
 * matter.
 */
public final class RequestFingerprint {

    /** Changes whenever what goes into the hash changes, so old fingerprints never match new ones by accident. */
    static final int VERSION = 1;

    private RequestFingerprint() {}

    /** What the body carries for each image: {@code sha256:<hex>} for a local file, the URL itself otherwise. */
    static Map<ImageRole, String> inputs(ValidatedRequest v, Map<ImageRole, InspectedImage> local) {
        Map<ImageRole, String> urls = new EnumMap<>(ImageRole.class);
        v.images()
                .forEach((role, source) -> urls.put(
                        role,
                        source instanceof ImageSource.Remote r
                                ? r.url()
                                : "sha256:" + local.get(role).sha256()));
        return urls;
    }

    static String of(ObjectNode body, String api, String scope) {
        ObjectMapper mapper = Json.newMapper();
        ObjectNode whole = mapper.createObjectNode();
        whole.put("version", VERSION);
        whole.put("api", api);
        whole.put("scope", scope);
        whole.set("body", body);
        try {
            byte[] canonical = mapper.writeValueAsString(sorted(mapper, whole)).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode sorted(ObjectMapper mapper, JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                fields.put(f.getKey(), sorted(mapper, f.getValue()));
            }
            ObjectNode out = mapper.createObjectNode();
            fields.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = mapper.createArrayNode();
            node.forEach(e -> out.add(sorted(mapper, e))); // order of list items is meaningful
            return out;
        }
        return node;
    }
}
