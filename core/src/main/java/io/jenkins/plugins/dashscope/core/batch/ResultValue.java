package io.jenkins.plugins.dashscope.core.batch;

import io.jenkins.plugins.dashscope.core.download.ImageFailure;
import io.jenkins.plugins.dashscope.core.download.SavedImage;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a generation gives its caller, as plain values with {@code /} paths relative to where the host saved it: the
 * files, the manifest, the derived files and the contact sheet, the task, and the images that failed. A Pipeline
 * step returns {@link #toMap}; hosts archive {@link #toArchive}.
 */
public record ResultValue(
        List<String> files, List<String> finished, String manifest, GenerationResult result, String outputDir) {

    /** The keys of {@link #toMap}, in its order: what the step's help documents. */
    public static final List<String> KEYS = List.of(
            "files",
            "artifacts",
            "manifest",
            "derived",
            "contactSheet",
            "taskId",
            "requestId",
            "imageCount",
            "failures");

    public static ResultValue of(GenerationResult result, String outputDir) {
        List<String> files = result.images().stream()
                .map(SavedImage::file)
                .map(ResultValue::slashed)
                .toList();
        List<String> finished =
                result.finishedFiles().stream().map(ResultValue::slashed).toList();
        return new ResultValue(files, finished, slashed(result.manifestFile()), result, outputDir);
    }

    /** Every file of the result, the manifest last. */
    public List<String> toArchive() {
        List<String> all = new ArrayList<>(files);
        all.addAll(finished);
        all.add(manifest);
        return all;
    }

    /** The step's return value; {@code artifacts} are the files archived with the build (none when not archived). */
    public Map<String, Object> toMap(List<String> artifacts) {
        Manifest m = result.manifest();
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("files", files);
        value.put("artifacts", List.copyOf(artifacts));
        value.put("manifest", manifest);
        value.put(
                "derived",
                m.derivedFiles().stream().map(d -> outputDir + "/" + d.file()).toList());
        value.put(
                "contactSheet",
                m.contactSheet() == null
                        ? null
                        : outputDir + "/" + m.contactSheet().file());
        value.put("taskId", m.taskId());
        value.put("requestId", m.requestId());
        value.put("imageCount", result.images().size());
        List<Map<String, Object>> failures = new ArrayList<>();
        for (ImageFailure f : result.failures()) {
            Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("index", f.index());
            failure.put("code", f.code());
            failure.put("message", f.message());
            failures.add(failure);
        }
        value.put("failures", failures);
        return value;
    }

    /** The failed images in one line: {@code #2 InternalError.Timeout; #3 DataInspectionFailed}. */
    public String describeFailures() {
        StringBuilder b = new StringBuilder();
        for (ImageFailure f : result.failures()) {
            b.append(b.length() == 0 ? "" : "; ")
                    .append('#')
                    .append(f.index())
                    .append(' ')
                    .append(f.code());
        }
        return b.toString();
    }

    private static String slashed(Path p) {
        return p.toString().replace('\\', '/');
    }
}
