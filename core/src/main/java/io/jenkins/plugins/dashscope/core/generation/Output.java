package io.jenkins.plugins.dashscope.core.generation;

import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import java.nio.file.Path;

/**
 * Where results go: {@code dir/prefix-N.ext} and {@code dir/manifest.json}, and what is made from them there
 * (derived sizes, a contact sheet).
 */
public record Output(Path dir, String prefix, Finishing finishing) {

    public static final String DEFAULT_DIR = "generated-images";
    public static final String DEFAULT_PREFIX = "image";

    public Output {
        OutputNames.checkPrefix(prefix);
        finishing = finishing == null ? Finishing.NONE : finishing;
    }

    public Output(Path dir, String prefix) {
        this(dir, prefix, Finishing.NONE);
    }
}
