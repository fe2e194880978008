package io.jenkins.plugins.dashscope.review;

import hudson.model.Item;
import hudson.model.Run;
import hudson.model.User;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.build.GeneratedImagesAction;
import io.jenkins.plugins.dashscope.core.review.Verdict;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jenkins.model.Jenkins;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The build's image reviews and their page ({@code …/N/image-review/}): each candidate with Approve and Reject, then
 * Finish review or Abort. Every action is a POST with Jenkins' crumb, checks the permission on the server and takes an
 * image only as one of the review's own candidates, never as a path the page sends. Decisions are saved with the
 * build as they are made.
 */
public final class ImageReviewAction implements RunAction2 {

    public static final String URL_NAME = "image-review";
    static final int MAX_REASON = 500;

    private final List<ImageReview> reviews = new CopyOnWriteArrayList<>();
    private transient Run<?, ?> run;

    /** The build's action, added if need be. */
    static synchronized ImageReviewAction of(Run<?, ?> run) {
        ImageReviewAction a = run.getAction(ImageReviewAction.class);
        if (a == null) {
            a = new ImageReviewAction();
            run.addAction(a);
        }
        return a;
    }

    void open(ImageReview review) throws IOException {
        reviews.add(review);
        run.save();
    }

    ImageReview review(String id) {
        return reviews.stream().filter(r -> r.id.equals(id)).findFirst().orElse(null);
    }

    /**
     * Ends a review (finished, aborted, stopped by a timeout); the page no longer offers it. Once only: of two
     * reviewers pressing Finish at the same moment, or a Finish and a timeout, one ends it and the other does nothing.
     *
     * @return whether this call ended it
     */
    synchronized boolean close(ImageReview review, String outcome) throws IOException {
        if (!review.isWaiting()) {
            return false;
        }
        review.outcome = outcome;
        run.save();
        return true;
    }

    public List<ImageReview> getReviews() {
        return reviews;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    /** Records one decision on one of the review's images. */
    @POST
    public HttpResponse doDecide(
            @QueryParameter String id,
            @QueryParameter String image,
            @QueryParameter String verdict,
            @QueryParameter String reason)
            throws IOException {
        ImageReview r = waiting(id);
        ImageReview.Candidate c = r.candidate(image);
        Verdict v = Verdict.APPROVED.name().equals(verdict)
                ? Verdict.APPROVED
                : Verdict.REJECTED.name().equals(verdict) ? Verdict.REJECTED : null;
        if (c == null || v == null) {
            return HttpResponses.errorWithoutStack(400, Messages.ImageReview_NotACandidate());
        }
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        if (why != null && (why.length() > MAX_REASON || why.chars().anyMatch(Character::isISOControl))) {
            return HttpResponses.errorWithoutStack(400, Messages.ImageReview_BadReason(MAX_REASON));
        }
        r.decide(new ImageReview.Decision(c.file, v.name(), user(), System.currentTimeMillis(), why));
        run.save();
        return HttpResponses.redirectToDot();
    }

    /**
     * Generates a variant again, with a new seed or, for those who may configure the job, the prompt given; its images
     * join the review when it ends.
     */
    @POST
    public HttpResponse doRegenerate(
            @QueryParameter String id, @QueryParameter String group, @QueryParameter String prompt) throws IOException {
        ImageReview r = waiting(id);
        String edited = prompt == null || prompt.isBlank() ? null : prompt.strip();
        if (edited != null) {
            run.getParent().checkPermission(Item.CONFIGURE);
        }
        if (group == null || !r.getGroups().contains(group)) {
            return HttpResponses.errorWithoutStack(400, Messages.ImageReview_NotACandidate());
        }
        try {
            ReviewExecution.retake(run, r, group, edited, user());
        } catch (IllegalArgumentException refused) {
            return HttpResponses.errorWithoutStack(400, refused.getMessage());
        }
        return HttpResponses.redirectToDot();
    }

    /** Continues the Pipeline once each variant has its approved images and no regeneration is under way. */
    @POST
    public HttpResponse doFinish(@QueryParameter String id) throws IOException {
        ImageReview r = waiting(id);
        if (r.retaking()) {
            return HttpResponses.errorWithoutStack(400, Messages.ImageReview_Retaking());
        }
        List<String> shortOf = r.shortOfApprovals();
        if (!shortOf.isEmpty()) {
            return HttpResponses.errorWithoutStack(
                    400, Messages.ImageReview_TooFewApproved(r.minApproved, String.join(", ", shortOf)));
        }
        ReviewExecution.proceed(run, r, user());
        return HttpResponses.redirectTo("../");
    }

    /** Ends the Pipeline as the {@code input} step's abort does. */
    @POST
    public HttpResponse doAbort(@QueryParameter String id) throws IOException {
        ImageReview r = waiting(id);
        ReviewExecution.abort(run, r, user());
        return HttpResponses.redirectTo("../");
    }

    /** The review, if the current user may decide on it while it waits; a 403 or 404 otherwise. */
    private ImageReview waiting(String id) {
        ImageReview r = id == null ? null : review(id);
        if (r == null || !r.isWaiting()) {
            throw HttpResponses.errorWithoutStack(404, Messages.ImageReview_NoSuchReview());
        }
        run.getParent().checkPermission(Item.BUILD);
        if (!mayDecide(r)) {
            throw HttpResponses.errorWithoutStack(403, Messages.ImageReview_NotASubmitter(r.submitter));
        }
        return r;
    }

    /** Whether the current user may give a regeneration its own prompt (the job's Configure permission). */
    public boolean mayEditPrompt() {
        return run.getParent().hasPermission(Item.CONFIGURE);
    }

    /** Whether the current user is one of the review's submitters (user ids or groups), or any with Build when none. */
    public boolean mayDecide(ImageReview r) {
        if (!run.getParent().hasPermission(Item.BUILD)) {
            return false;
        }
        if (r.submitter == null || r.submitter.isBlank()) {
            return true;
        }
        Authentication a = Jenkins.getAuthentication2();
        List<String> allowed =
                Arrays.stream(r.submitter.split(",")).map(String::strip).toList();
        return allowed.contains(a.getName())
                || a.getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority)
                        .anyMatch(allowed::contains);
    }

    private static String user() {
        User u = User.current();
        return u == null ? Jenkins.getAuthentication2().getName() : u.getId();
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public String getIconFileName() {
        return reviews.stream().anyMatch(ImageReview::isWaiting) ? GeneratedImagesAction.ICON : null;
    }

    @Override
    public String getDisplayName() {
        return Messages.ImageReview_DisplayName();
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }
}
