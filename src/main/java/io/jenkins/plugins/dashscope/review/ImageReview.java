package io.jenkins.plugins.dashscope.review;

import io.jenkins.plugins.dashscope.core.review.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code reviewImages} step's review: what it asks, who may decide, its candidates and every decision made, in
 * order. Plain values: it is saved in build.xml as decisions are made, so a restart keeps them.
 */
public final class ImageReview {

    final String id;
    final String message;
    final String submitter;
    final int minApproved;
    final List<Candidate> candidates;
    // copy-on-write: the build is saved (and this list written out) while another reviewer may be deciding
    final List<Decision> decisions = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Null while the step waits; then {@code FINISHED} or {@code ABORTED}. */
    String outcome;

    /** An image under review; paths workspace-relative. */
    public static final class Candidate {
        final String outputDir;
        final String file;
        final String group;

        Candidate(String outputDir, String file, String group) {
            this.outputDir = outputDir;
            this.file = file;
            this.group = group;
        }

        public String getFile() {
            return file;
        }

        public String getGroup() {
            return group;
        }

        /** The image's file name, as the gallery shows it. */
        public String getName() {
            return file.substring(file.lastIndexOf('/') + 1);
        }
    }

    /** One reviewer's decision on one image. */
    public static final class Decision {
        final String file;
        final String verdict;
        final String user;
        final long at;
        final String reason;

        Decision(String file, String verdict, String user, long at, String reason) {
            this.file = file;
            this.verdict = verdict;
            this.user = user;
            this.at = at;
            this.reason = reason;
        }
    }

    ImageReview(String id, String message, String submitter, int minApproved, List<Candidate> candidates) {
        this.id = id;
        this.message = message;
        this.submitter = submitter;
        this.minApproved = minApproved;
        this.candidates = List.copyOf(candidates);
    }

    public String getId() {
        return id;
    }

    public String getMessage() {
        return message;
    }

    public boolean isWaiting() {
        return outcome == null;
    }

    public List<Candidate> getCandidates() {
        return candidates;
    }

    /** The candidate of that path, or null: a path the page did not offer is refused, never resolved. */
    Candidate candidate(String file) {
        return candidates.stream().filter(c -> c.file.equals(file)).findFirst().orElse(null);
    }

    /** Each image's last verdict ({@code APPROVED} or {@code REJECTED}); undecided images are absent. */
    public synchronized Map<String, String> getVerdicts() {
        Map<String, String> last = new LinkedHashMap<>();
        decisions.forEach(d -> last.put(d.file, d.verdict));
        return last;
    }

    synchronized void decide(Decision d) {
        decisions.add(d);
    }

    synchronized List<Decision> decisionsSoFar() {
        return List.copyOf(decisions);
    }

    /** The groups (variants) with fewer approved images than the step asks for; empty when it may finish. */
    List<String> shortOfApprovals() {
        Map<String, Integer> approved = new LinkedHashMap<>();
        candidates.forEach(c -> approved.putIfAbsent(c.group, 0));
        getVerdicts().forEach((file, verdict) -> {
            Candidate c = candidate(file);
            if (c != null && Verdict.APPROVED.name().equals(verdict)) {
                approved.merge(c.group, 1, Integer::sum);
            }
        });
        return approved.entrySet().stream()
                .filter(e -> e.getValue() < minApproved)
                .map(Map.Entry::getKey)
                .toList();
    }
}
