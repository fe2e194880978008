package io.jenkins.plugins.dashscope.core.download;

import java.util.List;

/** The images saved and the ones that failed, by result index. */
public record DownloadReport(List<SavedImage> images, List<ImageFailure> failures) {

    public DownloadReport {
        images = List.copyOf(images);
        failures = List.copyOf(failures);
    }
}
