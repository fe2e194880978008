package io.jenkins.plugins.dashscope.review;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.build.BuildLog;
import io.jenkins.plugins.dashscope.build.ReviewCandidates;
import io.jenkins.plugins.dashscope.core.review.Verdict;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import jenkins.model.CauseOfInterruption;
import org.jenkinsci.plugins.workflow.flow.FlowExecution;
import org.jenkinsci.plugins.workflow.flow.FlowExecutionOwner;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Pauses the build until people have decided, as the {@code input} step does: nothing runs while it waits. The
 * decisions live in the build's {@link ImageReviewAction} (saved as they are made); this execution, kept in
 * program.dat, holds only the review's id and what the step was given.
 */
public final class ReviewExecution extends StepExecution {
    private static final long serialVersionUID = 1L;

    private final String id = UUID.randomUUID().toString();
    private final String message;
    private final String submitter;
    private final int minApproved;

    ReviewExecution(StepContext context, String message, String submitter, int minApproved) {
        super(context);
        this.message = message;
        this.submitter = submitter;
        this.minApproved = minApproved;
    }

    @Override
    public boolean start() throws Exception {
        Run<?, ?> run = getContext().get(Run.class);
        List<ImageReview.Candidate> candidates = ReviewCandidates.of(run).stream()
                .map(c -> new ImageReview.Candidate(c.outputDir(), c.file(), c.group()))
                .toList();
        if (candidates.isEmpty()) {
            throw new AbortException(Messages.ImageReview_NothingToReview());
        }
        ImageReviewAction.of(run).open(new ImageReview(id, message, submitter, minApproved, candidates));
        BuildLog.link(
                getContext().get(TaskListener.class),
                Messages.ImageReview_Waiting(candidates.size()) + " ",
                "/" + run.getUrl() + ImageReviewAction.URL_NAME + "/",
                run.getFullDisplayName() + " › " + Messages.ImageReview_DisplayName());
        return false;
    }

    /** A {@code timeout} or an abort of the build: the review closes, the step fails with the cause. */
    @Override
    public void stop(Throwable cause) throws Exception {
        Run<?, ?> run = getContext().get(Run.class);
        ImageReviewAction action = run.getAction(ImageReviewAction.class);
        ImageReview r = action == null ? null : action.review(id);
        if (r != null) {
            action.close(r, "ABORTED");
        }
        getContext().onFailure(cause);
    }

    /** Finish review: the decisions go into the manifests on the agent, then the Pipeline goes on. */
    static void proceed(Run<?, ?> run, ImageReview r, String user) throws IOException {
        ReviewExecution e = find(run, r.id);
        if (!run.getAction(ImageReviewAction.class).close(r, "FINISHED")) {
            return; // another reviewer, or a timeout, ended it first
        }
        List<ImageReview.Decision> decisions = r.decisionsSoFar();
        Computer.threadPoolForRemoting.submit(() -> e.finish(r, decisions, user));
    }

    /** Abort: the Pipeline ends as the {@code input} step's abort ends it. */
    static void abort(Run<?, ?> run, ImageReview r, String user) throws IOException {
        ReviewExecution e = find(run, r.id);
        if (!run.getAction(ImageReviewAction.class).close(r, "ABORTED")) {
            return;
        }
        e.getContext()
                .onFailure(new FlowInterruptedException(
                        Result.ABORTED, true, new CauseOfInterruption.UserInterruption(user)));
    }

    private void finish(ImageReview r, List<ImageReview.Decision> decisions, String user) {
        try {
            FilePath workspace = getContext().get(FilePath.class);
            Map<String, List<String[]>> byFolder = new LinkedHashMap<>();
            for (ImageReview.Decision d : decisions) {
                ImageReview.Candidate c = r.candidate(d.file);
                String name = d.file.substring(d.file.lastIndexOf('/') + 1);
                byFolder.computeIfAbsent(c.outputDir, k -> new ArrayList<>())
                        .add(new String[] {name, d.verdict, d.user, Long.toString(d.at), d.reason});
            }
            for (Map.Entry<String, List<String[]>> f : byFolder.entrySet()) {
                workspace.act(new ApplyReview(f.getKey(), f.getValue()));
            }
            BuildLog.line(getContext().get(TaskListener.class), Messages.ImageReview_Finished(user));
            getContext().onSuccess(result(r.getVerdicts(), decisions));
        } catch (Exception | Error ex) {
            getContext().onFailure(ex);
        }
    }

    /** What the step returns: the approved and rejected images, and every decision (who, when, what, why). */
    private static Map<String, Object> result(Map<String, String> last, List<ImageReview.Decision> decisions) {
        List<String> approved = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        last.forEach((file, verdict) -> (Verdict.APPROVED.name().equals(verdict) ? approved : rejected).add(file));
        List<Map<String, String>> all = new ArrayList<>();
        for (ImageReview.Decision d : decisions) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("image", d.file);
            m.put("verdict", d.verdict);
            m.put("reviewer", d.user);
            m.put("at", Instant.ofEpochMilli(d.at).toString());
            if (d.reason != null) {
                m.put("reason", d.reason);
            }
            all.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("approved", approved);
        out.put("rejected", rejected);
        out.put("decisions", all);
        return out;
    }

    /** The waiting execution of review {@code id}, found among the build's running steps as {@code input} does. */
    private static ReviewExecution find(Run<?, ?> run, String id) throws IOException {
        if (run instanceof FlowExecutionOwner.Executable ex) {
            FlowExecutionOwner owner = ex.asFlowExecutionOwner();
            FlowExecution flow = owner == null ? null : owner.getOrNull();
            if (flow != null) {
                try {
                    for (StepExecution s : flow.getCurrentExecutions(false).get(1, TimeUnit.MINUTES)) {
                        if (s instanceof ReviewExecution r && r.id.equals(id)) {
                            return r;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        }
        throw new IOException(Messages.ImageReview_NoSuchReview());
    }
}
