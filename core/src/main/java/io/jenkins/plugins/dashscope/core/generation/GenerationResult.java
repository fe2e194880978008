package io.jenkins.plugins.dashscope.core.generation;

import io.jenkins.plugins.dashscope.core.client.ServerText;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.ErrorKind;
import io.jenkins.plugins.dashscope.core.download.ImageFailure;
import io.jenkins.plugins.dashscope.core.download.SavedImage;
import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A finished generation: the images saved, those that failed, and the manifest written beside them. */
public record GenerationResult(
        Manifest manifest, Path manifestFile, List<SavedImage> images, List<ImageFailure> failures) {

    public GenerationResult {
        images = List.copyOf(images);
        failures = List.copyOf(failures);
    }

    /** Writes {@code m} into {@code dir} (whole or not at all) and gives the result it records. */
    public static GenerationResult record(Manifest m, Path dir, List<SavedImage> images, List<ImageFailure> failures) {
        try {
            return new GenerationResult(m, new ManifestStore().write(dir, m), images, failures);
        } catch (IOException e) {
            throw OutputNames.notWritable(ManifestStore.FILE_NAME, e);
        }
    }

    /** Rebuilds a result from a manifest written in {@code dir} (by a delivery in another JVM). */
    public static GenerationResult of(Manifest m, Path dir) {
        for (Manifest.ImageRecord i : m.images()) {
            checkName(OutputNames.isSavedImageName(i.file()), i.file());
        }
        for (Manifest.DerivedRecord d : m.derivedFiles()) {
            checkName(OutputNames.isDerivedImageName(d.file()), d.file());
        }
        if (m.contactSheet() != null) {
            checkName(
                    Finishing.CONTACT_SHEET.equals(m.contactSheet().file()),
                    m.contactSheet().file());
        }
        List<SavedImage> images = m.images().stream()
                .map(i -> new SavedImage(
                        i.index(),
                        dir.resolve(i.file()),
                        i.sha256(),
                        i.bytes(),
                        i.width(),
                        i.height(),
                        i.contentType(),
                        i.sourceUrl()))
                .toList();
        List<ImageFailure> failures = m.failures().stream()
                .map(f -> new ImageFailure(f.index(), f.code(), f.message()))
                .toList();
        return new GenerationResult(m, dir.resolve(ManifestStore.FILE_NAME), images, failures);
    }

    private static void checkName(boolean ours, String name) {
        if (!ours) {
            throw new DashScopeException(
                    ErrorKind.PROTOCOL,
                    null,
                    "the manifest names a file this plugin does not write: '" + ServerText.clean(name, null) + "'",
                    null,
                    0,
                    false,
                    null);
        }
    }

    /** The derived sizes and the contact sheet, in the manifest's folder: the files beside the images. */
    public List<Path> finishedFiles() {
        if (manifestFile == null) {
            return List.of();
        }
        Path dir = manifestFile.getParent();
        List<Path> files = new java.util.ArrayList<>();
        manifest.derivedFiles().forEach(d -> files.add(dir.resolve(d.file())));
        if (manifest.contactSheet() != null) {
            files.add(dir.resolve(manifest.contactSheet().file()));
        }
        return files;
    }

    public boolean partial() {
        return !failures.isEmpty() && !images.isEmpty();
    }
}
