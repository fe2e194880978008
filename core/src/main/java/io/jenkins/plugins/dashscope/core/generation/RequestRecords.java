package io.jenkins.plugins.dashscope.core.generation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.common.PathNames;
import io.jenkins.plugins.dashscope.core.download.ImageDownloader;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.request.ImageRole;
import io.jenkins.plugins.dashscope.core.request.ImageSource;
import io.jenkins.plugins.dashscope.core.upload.InspectedImage;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The manifest's record of what was asked: built once from the encoded request, written once as JSON. */
final class RequestRecords {

    private RequestRecords() {}

    /** The URL the request sends for each image: the caller's own, or where its local file was uploaded. */
    static Map<ImageRole, String> urls(PreparedRequest p, Map<ImageRole, String> uploaded) {
        Map<ImageRole, String> urls = new EnumMap<>(ImageRole.class);
        p.request().images().forEach((role, source) -> {
            if (source instanceof ImageSource.Remote r) {
                urls.put(role, r.url());
            }
        });
        urls.putAll(uploaded);
        return urls;
    }

    /** Local inputs by name and SHA-256; remote ones by URL without the query (signatures expire and must not be kept). */
    static Manifest.RequestRecord of(PreparedRequest p, ObjectNode body) {
        List<Manifest.InputRecord> inputs = new ArrayList<>();
        p.request().images().forEach((role, source) -> {
            if (source instanceof ImageSource.Local) {
                InspectedImage img = p.localImages().get(role);
                inputs.add(new Manifest.InputRecord(role.field(), PathNames.name(img.path()), img.sha256(), null));
            } else {
                String url = ((ImageSource.Remote) source).url();
                inputs.add(new Manifest.InputRecord(
                        role.field(),
                        null,
                        null,
                        url.regionMatches(true, 0, "data:", 0, 5)
                                ? "data: URI"
                                : ImageDownloader.withoutQuery(URI.create(url))));
            }
        });
        GenerationRequest r = p.request().request();
        return new Manifest.RequestRecord(
                r.prompt(), r.negativePrompt(), body.get("parameters"), inputs.isEmpty() ? null : inputs);
    }

    /** How many images the request asks for: the services' default of 1 when it does not say. */
    static int requested(Manifest.RequestRecord record) {
        return record.parameters() == null
                ? 1
                : Math.max(1, record.parameters().path("n").asInt(1));
    }

    static String json(Manifest.RequestRecord record) {
        try {
            return Json.newMapper().writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
