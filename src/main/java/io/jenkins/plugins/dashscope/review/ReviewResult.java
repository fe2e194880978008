package io.jenkins.plugins.dashscope.review;

import hudson.model.Run;
import io.jenkins.plugins.dashscope.build.ReviewCandidates;
import io.jenkins.plugins.dashscope.core.review.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What {@code reviewImages} returns to the script once the review finished. */
final class ReviewResult {

    private ReviewResult() {}

    /**
     * What the step returns: per reviewed generation the map its step returned, holding only the approved images
     * with who approved them ({@code generations}); the approved and rejected images; every decision (who, when,
     * what, why).
     */
    static Map<String, Object> of(Run<?, ?> run, ImageReview r, List<ImageReview.Decision> decisions) {
        List<String> approved = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        Map<String, String> last = r.getVerdicts();
        last.forEach((file, verdict) -> (Verdict.APPROVED.name().equals(verdict) ? approved : rejected).add(file));
        Map<String, ReviewCandidates.Approval> approvals = new LinkedHashMap<>();
        List<Map<String, String>> all = new ArrayList<>();
        for (ImageReview.Decision d : decisions) {
            String at = Instant.ofEpochMilli(d.at).toString();
            Map<String, String> m = new LinkedHashMap<>();
            m.put("image", d.file);
            m.put("verdict", d.verdict);
            m.put("reviewer", d.user);
            m.put("at", at);
            if (d.reason != null) {
                m.put("reason", d.reason);
            }
            all.add(m);
            if (Verdict.APPROVED.name().equals(d.verdict)) {
                approvals.put(d.file, new ReviewCandidates.Approval(d.user, at, d.reason));
            } else {
                approvals.remove(d.file);
            }
        }
        Set<String> folders = new LinkedHashSet<>();
        r.getCandidates().forEach(c -> folders.add(c.outputDir));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("generations", ReviewCandidates.approved(run, folders, approvals));
        out.put("approved", approved);
        out.put("rejected", rejected);
        out.put("decisions", all);
        return out;
    }
}
