package io.jenkins.plugins.dashscope.core.reuse;

import io.jenkins.plugins.dashscope.core.common.AtomicFiles;
import io.jenkins.plugins.dashscope.core.download.DownloadPolicy;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Copies an image a manifest records, whole or not at all, and only if it is still that image: the bytes and the
 * SHA-256 the manifest holds. A file changed or replaced since it was generated is refused, never reused or approved.
 */
public final class VerifiedCopy {

    private VerifiedCopy() {}

    /** Copies {@code in}, which should hold the image {@code i}, to {@code target}. */
    public static void copy(InputStream in, Manifest.ImageRecord i, Path target) throws IOException {
        if (!OutputNames.isSavedImageName(i.file())
                || i.sha256() == null
                || i.bytes() > DownloadPolicy.DEFAULT_MAX_BYTES) {
            throw new IOException("its manifest does not record '" + i.file() + "' as an image of this plugin");
        }
        MessageDigest sha = sha256();
        try (InputStream digesting = new DigestInputStream(in, sha)) {
            AtomicFiles.copy(target, digesting, i.bytes(), part -> {
                String actual = HexFormat.of().formatHex(sha.digest());
                if (Files.size(part) != i.bytes() || !actual.equals(i.sha256())) {
                    throw new IOException(
                            i.file() + " is not the image its manifest recorded (SHA-256 " + actual + ")");
                }
            });
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
