package io.jenkins.plugins.dashscope.core.reuse;

import io.jenkins.plugins.dashscope.core.common.AtomicFiles;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.ErrorKind;
import io.jenkins.plugins.dashscope.core.common.PathNames;
import io.jenkins.plugins.dashscope.core.download.DownloadPolicy;
import io.jenkins.plugins.dashscope.core.download.SavedImage;
import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.generation.Output;
import io.jenkins.plugins.dashscope.core.manifest.FinishedRecords;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Takes an earlier result's images instead of generating: each is copied under this output's names and kept
 * only if its SHA-256 and size are the ones its manifest recorded, so a reused image is byte-identical to
 * what was paid for. The sizes and contact sheet this output asks for are made from them afresh (that is
 * local work), and the manifest records {@code reusedFrom} and no images paid for.
 */
public final class Reuse {

    private Reuse() {}

    /**
     * @throws DashScopeException {@code ReuseMismatch} when a file is missing or not the one recorded; nothing of
     *                            it is left in the output, and the caller generates instead
     */
    public static GenerationResult into(EarlierResult from, Output output) {
        Path dir = output.dir();
        Manifest m = from.manifest();
        List<SavedImage> saved = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (Manifest.ImageRecord i : m.images()) {
                saved.add(copy(from, i, dir, output.prefix()));
            }
        } catch (IOException | RuntimeException e) {
            saved.forEach(s -> deleteQuietly(s.file()));
            throw new DashScopeException(
                    ErrorKind.DOWNLOAD,
                    "ReuseMismatch",
                    "cannot reuse the result of " + from.label() + ": " + e.getMessage(),
                    null,
                    0,
                    false,
                    e);
        }
        Finishing.Result finished =
                output.finishing().apply(saved, dir, m.request().seedCaption());
        List<Manifest.ImageRecord> images = saved.stream()
                .map(s -> new Manifest.ImageRecord(
                        s.index(),
                        PathNames.name(s.file()),
                        s.sha256(),
                        s.bytes(),
                        s.width(),
                        s.height(),
                        s.contentType(),
                        s.sourceUrl()))
                .toList();
        List<Manifest.FailureRecord> failures = finished.failures().stream()
                .map(f -> new Manifest.FailureRecord(f.index(), f.code(), f.message()))
                .toList();
        Integer count = m.usage() == null ? null : m.usage().imageCount();
        Manifest reused = m.toBuilder()
                .images(images, failures)
                .usage(new Manifest.Usage(count, 0, images.size()))
                .finished(FinishedRecords.derived(dir, finished), FinishedRecords.contactSheet(dir, finished))
                .reusedFrom(from.label())
                .build();
        return GenerationResult.record(reused, dir, saved, finished.failures());
    }

    private static SavedImage copy(EarlierResult from, Manifest.ImageRecord i, Path dir, String prefix)
            throws IOException {
        if (!OutputNames.isSavedImageName(i.file())
                || i.sha256() == null
                || i.bytes() > DownloadPolicy.DEFAULT_MAX_BYTES) {
            throw new IOException("its manifest does not record '" + i.file() + "' as an image of this plugin");
        }
        String extension = i.file().substring(i.file().lastIndexOf('.') + 1);
        Path target = dir.resolve(prefix + "-" + i.index() + "." + extension);
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(from.files().open(i.file()), sha)) {
            AtomicFiles.copy(target, in, i.bytes(), part -> {
                String actual = HexFormat.of().formatHex(sha.digest());
                if (Files.size(part) != i.bytes() || !actual.equals(i.sha256())) {
                    throw new IOException(
                            i.file() + " is not the image its manifest recorded (SHA-256 " + actual + ")");
                }
            });
        }
        return new SavedImage(
                i.index(), target, i.sha256(), i.bytes(), i.width(), i.height(), i.contentType(), i.sourceUrl());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the next delivery into this folder overwrites it
        }
    }
}
