package io.jenkins.plugins.dashscope.core.generation;

import io.jenkins.plugins.dashscope.core.request.ImageRole;
import io.jenkins.plugins.dashscope.core.request.ValidatedRequest;
import io.jenkins.plugins.dashscope.core.upload.InspectedImage;
import java.util.Map;

/** A validated request whose local image inputs were inspected; nothing has been sent yet. */
public record PreparedRequest(ValidatedRequest request, Map<ImageRole, InspectedImage> localImages) {

    public PreparedRequest {
        localImages = Map.copyOf(localImages);
    }
}
