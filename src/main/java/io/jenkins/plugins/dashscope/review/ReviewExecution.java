package io.jenkins.plugins.dashscope.review;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.build.BuildLog;
import io.jenkins.plugins.dashscope.build.RetakeForms;
import io.jenkins.plugins.dashscope.build.ReviewCandidates;
import io.jenkins.plugins.dashscope.core.review.Retake;
import io.jenkins.plugins.dashscope.workspace.PlanForm;
import java.io.IOException;
import java.security.SecureRandom;
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
 * program.dat, holds only the review's id and what the step was given. A reviewer's retake runs on this step's
 * context ({@link Retakes}) and resumes with it after a restart.
 */
public final class ReviewExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    /** DashScope's seeds are 0 to 2^31 - 1. */
    private static final long SEEDS = 1L << 31;
    /** Thread-safe; a seed need not be secret, but one source for every retake beats a new one each time. */
    private static final SecureRandom SEED_SOURCE = new SecureRandom();

    private final String id = UUID.randomUUID().toString();
    private final ReviewOptions asked;
    private transient volatile Retakes retakes;

    ReviewExecution(StepContext context, ReviewOptions asked) {
        super(context);
        this.asked = asked;
    }

    @Override
    public boolean start() throws Exception {
        Run<?, ?> run = getContext().get(Run.class);
        List<ReviewCandidates.Candidate> candidates = included(ReviewCandidates.of(run));
        if (candidates.isEmpty()) {
            throw new AbortException(Messages.ImageReview_NothingToReview());
        }
        ImageReviewAction.of(run)
                .open(new ImageReview(
                        id,
                        asked.message(),
                        asked.submitter(),
                        asked.minApproved(),
                        asked.perAsset(),
                        asked.maxRetakes(),
                        candidates));
        BuildLog.link(
                getContext().get(TaskListener.class),
                Messages.ImageReview_Waiting(candidates.size()) + " ",
                "/" + run.getUrl() + ImageReviewAction.URL_NAME + "/",
                run.getFullDisplayName() + " › " + Messages.ImageReview_DisplayName());
        return false;
    }

    /** The candidates the step names; each name must name some, or the step fails before it pauses. */
    private List<ReviewCandidates.Candidate> included(List<ReviewCandidates.Candidate> all) throws AbortException {
        if (asked.include() == null) {
            return all;
        }
        for (int i = 0; i < asked.include().size(); i++) {
            String name = asked.include().get(i);
            if (all.stream().noneMatch(c -> names(c, name))) {
                throw new AbortException(Messages.ImageReview_NotIncluded("include[" + i + "]", name));
            }
        }
        return all.stream()
                .filter(c -> asked.include().stream().anyMatch(n -> names(c, n)))
                .toList();
    }

    private static boolean names(ReviewCandidates.Candidate c, String name) {
        return c.outputDir().equals(name) || c.group().equals(name) || c.asset().equals(name);
    }

    /** After a restart: the pause goes on; a retake that was under way waits on its saved task again. */
    @Override
    public void onResume() {
        Computer.threadPoolForRemoting.execute(
                () -> { // the workspace may have to come back first
                    try {
                        Run<?, ?> run = getContext().get(Run.class);
                        ImageReviewAction action = run.getAction(ImageReviewAction.class);
                        ImageReview r = action == null ? null : action.review(id);
                        if (r != null && r.isWaiting()) {
                            retakes().resume(run, r);
                        }
                    } catch (IOException | InterruptedException | RuntimeException e) {
                        getContext().onFailure(e);
                    }
                });
    }

    /** While a retake is planned or its create call is unanswered: a restart would lose what it pays for. */
    @Override
    public boolean blocksRestart() {
        Retakes t = retakes;
        return t != null && t.busy();
    }

    /** A {@code timeout} or an abort of the build: the review closes, retakes stop, the step fails with the cause. */
    @Override
    public void stop(Throwable cause) throws Exception {
        Run<?, ?> run = getContext().get(Run.class);
        ImageReviewAction action = run.getAction(ImageReviewAction.class);
        ImageReview r = action == null ? null : action.review(id);
        if (r != null) {
            action.close(r, "ABORTED");
        }
        retakes().stop();
        getContext().onFailure(cause);
    }

    private Retakes retakes() {
        Retakes t = retakes;
        if (t == null) {
            synchronized (this) {
                if (retakes == null) {
                    retakes = new Retakes(getContext());
                }
                t = retakes;
            }
        }
        return t;
    }

    /**
     * Regenerate: records the retake in the review, then sends it from the folder's first generation with a new seed
     * or {@code prompt}; refused (400, naming why) when the variant has no retakes left or one is under way.
     */
    static void retake(Run<?, ?> run, ImageReview r, String group, String prompt, String user) throws IOException {
        ReviewExecution e = find(run, r.id);
        String of = r.getCandidates().stream()
                .filter(c -> c.group.equals(group))
                .map(c -> c.outputDir)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(Messages.ImageReview_NotACandidate()));
        String form = RetakeForms.of(run, of);
        if (form == null) {
            throw new IllegalArgumentException(Messages.ImageReview_CannotRetake(group));
        }
        PlanForm.Retake first = PlanForm.retake(form);
        long seed = SEED_SOURCE.nextLong(SEEDS);
        PlanForm.Retake again = new PlanForm.Retake(first.plan(), Retake.request(first.request(), seed, prompt));
        ImageReview.Retake t;
        synchronized (r) {
            if (!r.mayRetake(group)) {
                throw new IllegalArgumentException(Messages.ImageReview_NoRetakeLeft(group));
            }
            int n = (int) r.retakes.stream().filter(x -> x.group.equals(group)).count() + 1;
            t = new ImageReview.Retake(group, of, Retake.folder(of, n), seed, prompt, user, System.currentTimeMillis());
            r.retakes.add(t);
        }
        run.save();
        e.retakes().start(run, r, t, again);
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
        e.retakes().stop();
        e.getContext()
                .onFailure(new FlowInterruptedException(
                        Result.ABORTED, true, new CauseOfInterruption.UserInterruption(user)));
    }

    private void finish(ImageReview r, List<ImageReview.Decision> decisions, String user) {
        try {
            FilePath workspace = getContext().get(FilePath.class);
            Map<String, List<String[]>> byRoot = new LinkedHashMap<>();
            for (ImageReview.Decision d : decisions) {
                ImageReview.Candidate c = r.candidate(d.file);
                byRoot.computeIfAbsent(c.root, k -> new ArrayList<>())
                        .add(new String[] {c.inRoot(), d.verdict, d.user, Long.toString(d.at), d.reason});
            }
            for (Map.Entry<String, List<String[]>> f : byRoot.entrySet()) {
                workspace.act(new ApplyReview(f.getKey(), f.getValue()));
            }
            BuildLog.line(getContext().get(TaskListener.class), Messages.ImageReview_Finished(user));
            getContext().onSuccess(ReviewResult.of(getContext().get(Run.class), r, decisions));
        } catch (Exception | Error ex) {
            getContext().onFailure(ex);
        }
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
