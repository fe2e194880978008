package io.jenkins.plugins.dashscope.core.generation;

import io.jenkins.plugins.dashscope.core.download.OutputNames;
import java.nio.file.Path;

/** Where results go: {@code dir/prefix-N.ext} and {@code dir/manifest.json}. */
public record Output(Path dir, String prefix) {

    public static final String DEFAULT_DIR = "generated-images";
    public static final String DEFAULT_PREFIX = "image";

    public Output {
        OutputNames.checkPrefix(prefix);
    }
}
