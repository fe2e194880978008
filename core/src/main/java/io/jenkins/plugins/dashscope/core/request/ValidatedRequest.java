package io.jenkins.plugins.dashscope.core.request;

import io.jenkins.plugins.dashscope.core.catalog.ApiFamily;
import io.jenkins.plugins.dashscope.core.catalog.ImageSize;
import io.jenkins.plugins.dashscope.core.catalog.ModelSpec;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A request that passed validation: the model spec and family it resolved to, the parsed size (or the
 * resolution tier asked for instead, such as {@code 2K}), the normalised style, and its image inputs. Only a
 * {@link RequestValidator} makes one.
 */
public record ValidatedRequest(
        GenerationRequest request,
        ModelSpec spec,
        ApiFamily family,
        ImageSize size,
        String sizeTier,
        String style,
        Map<ImageRole, ImageSource> images) {

    public ValidatedRequest {
        images = images.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(images));
    }

    public String model() {
        return spec.name();
    }

    /** Images requested; the server's default is one. */
    public int imageCount() {
        return request.n() == null ? 1 : request.n();
    }

    public boolean hasLocalImages() {
        return images.values().stream().anyMatch(i -> i instanceof ImageSource.Local);
    }
}
