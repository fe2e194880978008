package io.jenkins.plugins.dashscope.build;

import hudson.model.Run;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The images a build's generations made, as a review offers them, and what a review returns of them. */
public final class ReviewCandidates {

    /**
     * One image.
     *
     * @param outputDir the generation's workspace-relative folder (where its manifest is)
     * @param file      the image's workspace-relative path
     * @param group     the variant it belongs to, or its folder for a single generation
     * @param root      the folder its review is written to: a set's (where {@code assets.json} is) or its own
     * @param asset     the spec's asset it was made for, or its group for a single generation
     */
    public record Candidate(String outputDir, String file, String group, String root, String asset) {}

    /** One approved image: who approved it, when and why. */
    public record Approval(String reviewer, String at, String reason) {}

    private ReviewCandidates() {}

    /** Every image this build recorded, in the gallery's order; reused and dry-run images included. */
    public static List<Candidate> of(Run<?, ?> run) {
        List<Candidate> out = new ArrayList<>();
        for (GeneratedImagesAction.Entry e : entries(run)) {
            if (e.images != null && e.outputDir != null) {
                String group = e.variant != null ? e.variant : e.outputDir;
                String root = e.variant != null && e.outputDir.contains("/")
                        ? e.outputDir.substring(0, e.outputDir.lastIndexOf('/'))
                        : e.outputDir;
                String asset = e.asset != null ? e.asset : group;
                e.images.forEach(i -> out.add(new Candidate(e.outputDir, i.file, group, root, asset)));
            }
        }
        return out;
    }

    /** The images of the generation in {@code outputDir}, as candidates of {@code group}. */
    public static List<Candidate> of(Run<?, ?> run, String outputDir, String group) {
        return of(run).stream()
                .filter(c -> c.outputDir().equals(outputDir))
                .map(c -> new Candidate(c.outputDir(), c.file(), group, c.root(), c.asset()))
                .toList();
    }

    /**
     * What {@code reviewImages} returns of each reviewed generation: the map its generation step returned, with
     * only the approved images (and their derived sizes), each with who approved it. Keyed as the steps key them: a
     * set's variant by its folder's name, a single generation by its folder.
     */
    public static Map<String, Object> approved(Run<?, ?> run, Set<String> outputDirs, Map<String, Approval> approved) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (GeneratedImagesAction.Entry e : entries(run)) {
            if (e.outputDir == null || !outputDirs.contains(e.outputDir)) {
                continue;
            }
            List<String> files = new ArrayList<>();
            List<String> derived = new ArrayList<>();
            List<Map<String, String>> review = new ArrayList<>();
            for (GeneratedImagesAction.Entry.Image i : e.images) {
                Approval a = approved.get(i.file);
                if (a != null) {
                    files.add(i.file);
                    i.derived.forEach(d -> derived.add(d.file));
                    Map<String, String> who = new LinkedHashMap<>();
                    who.put("image", i.file);
                    who.put("reviewer", a.reviewer());
                    who.put("at", a.at());
                    if (a.reason() != null) {
                        who.put("reason", a.reason());
                    }
                    review.add(who);
                }
            }
            List<String> artifacts = new ArrayList<>(files);
            artifacts.addAll(derived);
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("files", files);
            value.put("artifacts", e.artifacts.isEmpty() ? List.of() : artifacts);
            value.put("manifest", e.outputDir + "/" + ManifestStore.FILE_NAME);
            value.put("derived", derived);
            value.put("contactSheet", e.contactSheet);
            value.put("taskId", e.taskId);
            value.put("requestId", e.requestId);
            value.put("imageCount", files.size());
            value.put("failures", List.of());
            value.put("review", review);
            String key = e.variant != null ? e.outputDir.substring(e.outputDir.lastIndexOf('/') + 1) : e.outputDir;
            out.put(key, value);
        }
        return out;
    }

    private static List<GeneratedImagesAction.Entry> entries(Run<?, ?> run) {
        GeneratedImagesAction action = run.getAction(GeneratedImagesAction.class);
        return action == null ? List.of() : action.entries();
    }
}
