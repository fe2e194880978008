package io.jenkins.plugins.dashscope.core.generation;

import io.jenkins.plugins.dashscope.core.download.ImageFailure;
import io.jenkins.plugins.dashscope.core.download.SavedImage;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import java.nio.file.Path;
import java.util.List;

/** A finished generation: the images saved, those that failed, and the manifest written beside them. */
public record GenerationResult(Manifest manifest, Path manifestFile, List<SavedImage> images, List<ImageFailure> failures) {

    public GenerationResult {
        images = List.copyOf(images);
        failures = List.copyOf(failures);
    }

    public boolean partial() {
        return !failures.isEmpty() && !images.isEmpty();
    }
}
