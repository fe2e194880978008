package io.jenkins.plugins.dashscope.core.generation;

import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import java.nio.file.Path;

/**
 * Where results go: {@code dir/prefix-N.ext} and {@code dir/manifest.json}, and what is made from them there
 * (derived sizes with their overlays, a contact sheet).
 *
 * @param workspace where the overlays' fonts and logos are read; null when finishing draws none
 */
public record Output(Path dir, String prefix, Finishing finishing, Path workspace) {

    public static final String DEFAULT_DIR = "generated-images";
    public static final String DEFAULT_PREFIX = "image";

    public Output {
        OutputNames.checkPrefix(prefix);
        finishing = finishing == null ? Finishing.NONE : finishing;
    }

    public Output(Path dir, String prefix) {
        this(dir, prefix, Finishing.NONE, null);
    }

    public Output(Path dir, String prefix, Finishing finishing) {
        this(dir, prefix, finishing, null);
    }
}
