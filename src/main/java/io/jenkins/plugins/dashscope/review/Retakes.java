package io.jenkins.plugins.dashscope.review;

import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.build.BuildLog;
import io.jenkins.plugins.dashscope.build.ReviewCandidates;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.step.DetachedGeneration;
import io.jenkins.plugins.dashscope.workspace.PlanForm;
import io.jenkins.plugins.dashscope.workspace.WorkspacePlan;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * A review's retakes under way. Each is a {@link DetachedGeneration} on the review step's context (its workspace,
 * key and build), so it is paid for, gated, archived and shown as {@code generateImage} would be; its saved state
 * lives in the build's review record, written before anything is sent and when the task is known, so that a
 * restart waits on it again instead of paying twice.
 */
final class Retakes {

    private static final Logger LOGGER = Logger.getLogger(Retakes.class.getName());

    private final StepContext ctx;
    private final Map<ImageReview.Retake, DetachedGeneration> running = new ConcurrentHashMap<>();

    Retakes(StepContext ctx) {
        this.ctx = ctx;
    }

    /** Sends {@code t} (already recorded in {@code r}) as {@code form} asks, in its own folder; planning off this thread. */
    void start(Run<?, ?> run, ImageReview r, ImageReview.Retake t, PlanForm.Retake form) {
        WorkspacePlan there = form.plan().retakeInto(t.outputDir); // some images of a retake are worth reviewing
        DetachedGeneration g = DetachedGeneration.of(there, keep(run, t));
        running.put(t, g);
        Computer.threadPoolForRemoting.execute(() -> watch(run, r, t, g.begin(ctx, there, form.request())));
    }

    /** After a restart: each retake that had not ended waits on its saved task again, or fails if it had none. */
    void resume(Run<?, ?> run, ImageReview r) {
        for (ImageReview.Retake t : r.retakes) {
            if (!t.isRunning()) {
                continue;
            }
            if (t.state == null) {
                ended(run, r, t, new IOException(Messages.StepResume_RestartBeforeSubmit()));
                continue;
            }
            try {
                DetachedGeneration g = DetachedGeneration.saved(t.state, keep(run, t));
                running.put(t, g);
                watch(run, r, t, g.resume(ctx));
            } catch (IOException e) {
                ended(run, r, t, e);
            }
        }
    }

    private Consumer<String> keep(Run<?, ?> run, ImageReview.Retake t) {
        return form -> {
            t.state = form;
            try {
                run.save();
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "could not save the review of " + run, e);
            }
        };
    }

    private void watch(Run<?, ?> run, ImageReview r, ImageReview.Retake t, CompletableFuture<Map<String, Object>> v) {
        v.whenComplete((value, failure) -> {
            running.remove(t);
            ended(run, r, t, failure);
        });
    }

    /** Records how {@code t} ended; its images join the review beside the ones it retakes. */
    private void ended(Run<?, ?> run, ImageReview r, ImageReview.Retake t, Throwable failure) {
        try {
            TaskListener listener = ctx.get(TaskListener.class);
            if (failure == null) {
                String root = r.rootOf(t.of);
                if (!root.equals(t.of)) { // a set's variant: listed in assets.json beside the first
                    ctx.get(FilePath.class).act(new IndexRetake(root, name(t.of), name(t.outputDir)));
                }
                r.add(ReviewCandidates.of(run, t.outputDir, t.group));
                t.outcome = ImageReview.DONE;
                BuildLog.line(listener, Messages.ImageReview_Retaken(t.group, t.outputDir));
            } else {
                t.outcome = ImageReview.FAILED;
                t.message = DashScopeException.unwrap(failure).getMessage();
                BuildLog.line(listener, Messages.ImageReview_RetakeFailed(t.group, t.message));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            t.outcome = ImageReview.FAILED;
            t.message = e.getMessage();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        t.state = null; // ended: nothing left to resume
        try {
            run.save();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "could not save the review of " + run, e);
        }
    }

    private static String name(String folder) {
        return folder.substring(folder.lastIndexOf('/') + 1);
    }

    /** Whether a restart now would lose what a retake pays for. */
    boolean busy() {
        return running.values().stream().anyMatch(DetachedGeneration::busy);
    }

    void stop() {
        running.values().forEach(DetachedGeneration::stop);
    }
}
