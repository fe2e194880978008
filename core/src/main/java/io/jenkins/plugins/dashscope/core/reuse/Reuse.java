package io.jenkins.plugins.dashscope.core.reuse;

import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.ErrorKind;
import io.jenkins.plugins.dashscope.core.common.PathNames;
import io.jenkins.plugins.dashscope.core.download.SavedImage;
import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.generation.Output;
import io.jenkins.plugins.dashscope.core.manifest.FinishedRecords;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
                output.finishing().apply(saved, dir, m.request().seedCaption(), output.workspace());
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
                .review(null) // the earlier build's decisions were on its images, not on this copy
                .build();
        return GenerationResult.record(reused, dir, saved, finished.failures());
    }

    private static SavedImage copy(EarlierResult from, Manifest.ImageRecord i, Path dir, String prefix)
            throws IOException {
        String extension = i.file().substring(i.file().lastIndexOf('.') + 1);
        Path target = dir.resolve(prefix + "-" + i.index() + "." + extension);
        VerifiedCopy.copy(from.files().open(i.file()), i, target);
        return new SavedImage(
                i.index(), target, i.sha256(), i.bytes(), i.width(), i.height(), i.contentType(), i.sourceUrl());
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the next delivery into this folder overwrites it
        }
    }
}
