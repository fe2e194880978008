package io.jenkins.plugins.dashscope.build;

import hudson.model.Run;
import java.util.ArrayList;
import java.util.List;

/** The images a build's generations made, as a review offers them. */
public final class ReviewCandidates {

    /**
     * One image.
     *
     * @param outputDir the generation's workspace-relative folder (where its manifest is)
     * @param file      the image's workspace-relative path
     * @param group     the variant it belongs to, or its folder for a single generation
     */
    public record Candidate(String outputDir, String file, String group) {}

    private ReviewCandidates() {}

    /** Every image this build recorded, in the gallery's order; reused and dry-run images included. */
    public static List<Candidate> of(Run<?, ?> run) {
        GeneratedImagesAction action = run.getAction(GeneratedImagesAction.class);
        List<Candidate> out = new ArrayList<>();
        if (action == null) {
            return out;
        }
        for (GeneratedImagesAction.Entry e : action.entries()) {
            if (e.images != null && e.outputDir != null) {
                String group = e.variant != null ? e.variant : e.outputDir;
                e.images.forEach(i -> out.add(new Candidate(e.outputDir, i.file, group)));
            }
        }
        return out;
    }
}
