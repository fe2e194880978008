package io.jenkins.plugins.dashscope.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** A restart while the review waits keeps the pause and every decision made so far. */
class ReviewImagesRestartTest {

    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void decisionsAndThePauseSurviveARestart() throws Throwable {
        String[] files = new String[2];
        sessions.then(j -> {
            WorkflowJob p = j.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition(
                    "node {\n  generateImage(prompt: 'a lighthouse', dryRun: true, n: 2)\n"
                            + "  def r = reviewImages(message: 'Pick one')\n  echo \"APPROVED ${r.approved}\"\n}",
                    true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            j.waitForMessage("Waiting for a review", b);
            ImageReviewAction action = b.getAction(ImageReviewAction.class);
            ImageReview r = action.getReviews().get(0);
            files[0] = r.getCandidates().get(0).getFile();
            files[1] = r.getCandidates().get(1).getFile();
            action.doDecide(r.getId(), files[0], "APPROVED", null);
            action.doDecide(r.getId(), files[1], "REJECTED", "cut off");
        });
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            assertThat(b.isBuilding()).as("still paused after the restart").isTrue();
            ImageReviewAction action = b.getAction(ImageReviewAction.class);
            ImageReview r = action.getReviews().get(0);
            assertThat(r.isWaiting()).isTrue();
            assertThat(List.copyOf(r.getVerdicts().values())).containsExactly("APPROVED", "REJECTED");

            action.doFinish(r.getId());

            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("APPROVED [" + files[0] + "]", b);
        });
    }
}
