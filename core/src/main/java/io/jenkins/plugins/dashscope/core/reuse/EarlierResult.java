package io.jenkins.plugins.dashscope.core.reuse;

import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import java.io.IOException;
import java.io.InputStream;

/**
 * A complete result made before, which a generation with the same fingerprint may take instead of paying again.
 *
 * @param label where it came from, as the log and the new manifest's {@code reusedFrom} name it ({@code #12},
 *              {@code other-job #3}, a folder)
 * @param files opens the earlier result's files by the names its manifest gives
 */
public record EarlierResult(Manifest manifest, String label, Files files) {

    /** An earlier result's files, wherever they are kept (a folder, a build's archived artifacts). */
    @FunctionalInterface
    public interface Files {
        InputStream open(String name) throws IOException;
    }

    public EarlierResult {
        if (!manifest.reusable()) {
            throw new IllegalArgumentException("only a complete result with a fingerprint can be reused");
        }
    }

    public String fingerprint() {
        return manifest.fingerprint();
    }
}
