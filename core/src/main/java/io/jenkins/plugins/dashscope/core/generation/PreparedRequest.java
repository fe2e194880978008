package io.jenkins.plugins.dashscope.core.generation;

import io.jenkins.plugins.dashscope.core.request.ImageRole;
import io.jenkins.plugins.dashscope.core.request.ValidatedRequest;
import io.jenkins.plugins.dashscope.core.upload.InspectedImage;
import java.util.Map;

/**
 * A validated request whose local image inputs were inspected; nothing has been sent yet.
 *
 * @param fingerprint what {@code reuse} matches an earlier result by (see {@link RequestFingerprint})
 */
public record PreparedRequest(
        ValidatedRequest request, Map<ImageRole, InspectedImage> localImages, String fingerprint) {

    public PreparedRequest {
        localImages = Map.copyOf(localImages);
    }
}
