package io.jenkins.plugins.dashscope.core.manifest;

import io.jenkins.plugins.dashscope.core.finishing.FinishedFile;
import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import java.nio.file.Path;
import java.util.List;

/** The manifest's records of what finishing made from the images, with paths relative to the manifest's folder. */
public final class FinishedRecords {

    private FinishedRecords() {}

    public static List<Manifest.DerivedRecord> derived(Path dir, Finishing.Result finished) {
        return finished.derived().stream()
                .map(d -> new Manifest.DerivedRecord(
                        d.sourceIndex(),
                        relative(dir, d.file()),
                        relative(dir, d.source()),
                        d.size().fit().id(),
                        d.width(),
                        d.height(),
                        d.sha256(),
                        d.bytes(),
                        d.contentType(),
                        d.overlays().isEmpty()
                                ? null
                                : d.overlays().stream()
                                        .map(o -> new Manifest.OverlayRecord(
                                                o.text(),
                                                o.source(),
                                                o.sha256(),
                                                o.x(),
                                                o.y(),
                                                o.width(),
                                                o.height(),
                                                o.text() == null ? null : o.size()))
                                        .toList()))
                .toList();
    }

    public static Manifest.FileRecord contactSheet(Path dir, Finishing.Result finished) {
        FinishedFile sheet = finished.contactSheet();
        return sheet == null
                ? null
                : new Manifest.FileRecord(
                        relative(dir, sheet.file()), sheet.width(), sheet.height(), sheet.sha256(), sheet.bytes());
    }

    /** {@code file} relative to {@code dir}, with {@code /} on every system. */
    public static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }
}
