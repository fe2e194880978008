package io.jenkins.plugins.dashscope.review;

import io.jenkins.plugins.dashscope.build.ReviewCandidates;
import io.jenkins.plugins.dashscope.core.review.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One {@code reviewImages} step's review: what it asks, who may decide, its candidates and every decision made, in
 * order. Plain values: it is saved in build.xml as decisions are made, so a restart keeps them.
 */
public final class ImageReview {

    final String id;
    final String message;
    final String submitter;
    final int minApproved;
    /** Whether {@link #minApproved} counts per asset (all its locales together) rather than per variant. */
    final boolean perAsset;
    /** How many times each variant may be generated again. */
    final int maxRetakes;
    // copy-on-write: the build is saved (and these lists written out) while another reviewer may be deciding
    final List<Candidate> candidates;
    final List<Decision> decisions = new CopyOnWriteArrayList<>();
    final List<Retake> retakes = new CopyOnWriteArrayList<>();
    /** Null while the step waits; then {@code FINISHED} or {@code ABORTED}. */
    String outcome;

    /** An image under review; paths workspace-relative. */
    public static final class Candidate {
        final String outputDir;
        final String file;
        final String group;
        /** The folder the decisions are written to: the set's, where {@code assets.json} is, or the generation's. */
        final String root;
        /** The spec's asset, or the group of a single generation. */
        final String asset;

        Candidate(ReviewCandidates.Candidate c) {
            this.outputDir = c.outputDir();
            this.file = c.file();
            this.group = c.group();
            this.root = c.root();
            this.asset = c.asset();
        }

        /** The image as the core's review names it, relative to {@link #root}. */
        String inRoot() {
            return file.substring(root.length() + 1);
        }

        public String getFile() {
            return file;
        }

        public String getGroup() {
            return group;
        }

        /** The folder it is in, by name: a variant's, or a regenerated one's ({@code card-r1}). */
        public String getFolder() {
            return outputDir.substring(outputDir.lastIndexOf('/') + 1);
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

    /**
     * A reviewer's request to generate a variant again, and how it went. {@code state} is the generation's saved
     * form while it runs (what a restart resumes); {@code outcome} is null until it ends.
     */
    public static final class Retake {
        final String group;
        final String of;
        final String outputDir;
        final long seed;
        final String prompt;
        final String user;
        final long at;
        volatile String state;
        volatile String outcome;
        volatile String message;

        Retake(String group, String of, String outputDir, long seed, String prompt, String user, long at) {
            this.group = group;
            this.of = of;
            this.outputDir = outputDir;
            this.seed = seed;
            this.prompt = prompt;
            this.user = user;
            this.at = at;
        }

        public String getGroup() {
            return group;
        }

        public String getOutputDir() {
            return outputDir;
        }

        public String getUser() {
            return user;
        }

        public String getPrompt() {
            return prompt;
        }

        public boolean isRunning() {
            return outcome == null;
        }

        public boolean isFailed() {
            return FAILED.equals(outcome);
        }

        public String getMessage() {
            return message;
        }
    }

    static final String DONE = "DONE";
    static final String FAILED = "FAILED";

    ImageReview(
            String id,
            String message,
            String submitter,
            int minApproved,
            boolean perAsset,
            int maxRetakes,
            List<ReviewCandidates.Candidate> candidates) {
        this.id = id;
        this.message = message;
        this.submitter = submitter;
        this.minApproved = minApproved;
        this.perAsset = perAsset;
        this.maxRetakes = maxRetakes;
        this.candidates = new CopyOnWriteArrayList<>(
                candidates.stream().map(Candidate::new).toList());
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

    /** The variants under review, in the order of their first image. */
    public List<String> getGroups() {
        return candidates.stream().map(c -> c.group).distinct().toList();
    }

    public List<Retake> getRetakes() {
        return retakes;
    }

    /** Whether {@code group} may be generated again now: under its limit and none of its retakes under way. */
    public boolean mayRetake(String group) {
        List<Retake> of = retakes.stream().filter(r -> r.group.equals(group)).toList();
        return isWaiting() && of.size() < maxRetakes && of.stream().noneMatch(Retake::isRunning);
    }

    /** How many more times {@code group} may be generated again. */
    public int retakesLeft(String group) {
        return Math.max(
                0,
                maxRetakes
                        - (int) retakes.stream()
                                .filter(r -> r.group.equals(group))
                                .count());
    }

    /** The folder decisions on the generation in {@code outputDir} are written to. */
    String rootOf(String outputDir) {
        return candidates.stream()
                .filter(c -> c.outputDir.equals(outputDir))
                .map(c -> c.root)
                .findFirst()
                .orElse(outputDir);
    }

    boolean retaking() {
        return retakes.stream().anyMatch(Retake::isRunning);
    }

    /** Adds a finished retake's images to the review. */
    void add(List<ReviewCandidates.Candidate> more) {
        more.forEach(c -> candidates.add(new Candidate(c)));
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

    /** The variants (or assets) with fewer approved images than the step asks for; empty when it may finish. */
    List<String> shortOfApprovals() {
        Map<String, Integer> approved = new LinkedHashMap<>();
        candidates.forEach(c -> approved.putIfAbsent(counted(c), 0));
        getVerdicts().forEach((file, verdict) -> {
            Candidate c = candidate(file);
            if (c != null && Verdict.APPROVED.name().equals(verdict)) {
                approved.merge(counted(c), 1, Integer::sum);
            }
        });
        return approved.entrySet().stream()
                .filter(e -> e.getValue() < minApproved)
                .map(Map.Entry::getKey)
                .toList();
    }

    private String counted(Candidate c) {
        return perAsset ? c.asset : c.group;
    }
}
