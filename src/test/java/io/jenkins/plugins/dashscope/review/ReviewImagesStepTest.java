package io.jenkins.plugins.dashscope.review;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Item;
import hudson.model.Result;
import java.net.URL;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.FailingHttpStatusCodeException;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The review pauses the build until people decide; only those allowed can, and only on the build's own images. */
@WithJenkins
class ReviewImagesStepTest {

    private static WorkflowRun waitingReview(JenkinsRule j, String review) throws Exception {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ)
                .everywhere()
                .to("alice", "mallory")
                .grant(Item.BUILD)
                .everywhere()
                .to("alice"));
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(
                "node {\n  generateImage(prompt: 'a lighthouse', dryRun: true, n: 2)\n  def r = " + review
                        + "\n  echo \"APPROVED ${r.approved} REJECTED ${r.rejected} BY ${r.decisions*.reviewer}\"\n}",
                true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("Waiting for a review of 2 image(s)", b);
        return b;
    }

    private static int post(JenkinsRule j, String user, WorkflowRun b, String action, String... params)
            throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false);
        wc.login(user);
        WebRequest req = new WebRequest(
                new URL(j.getURL(), b.getUrl() + ImageReviewAction.URL_NAME + "/" + action), HttpMethod.POST);
        List<NameValuePair> form = new java.util.ArrayList<>();
        for (int i = 0; i < params.length; i += 2) {
            form.add(new NameValuePair(params[i], params[i + 1]));
        }
        req.setRequestParameters(form);
        wc.addCrumb(req);
        try {
            return wc.getPage(req).getWebResponse().getStatusCode();
        } catch (FailingHttpStatusCodeException e) {
            return e.getStatusCode();
        }
    }

    private static ImageReview review(WorkflowRun b) {
        return b.getAction(ImageReviewAction.class).getReviews().get(0);
    }

    @Test
    void reviewersApproveAndRejectThenThePipelineGoesOnWithTheApprovedImages(JenkinsRule j) throws Exception {
        WorkflowRun b = waitingReview(j, "reviewImages(message: 'Pick the banner')");
        ImageReview r = review(b);
        String first = r.getCandidates().get(0).getFile();
        String second = r.getCandidates().get(1).getFile();

        assertThat(post(j, "alice", b, "finish", "id", r.getId()))
                .as("none approved yet")
                .isEqualTo(400);
        assertThat(post(j, "alice", b, "decide", "id", r.getId(), "image", first, "verdict", "APPROVED"))
                .isEqualTo(200);
        assertThat(post(
                        j,
                        "alice",
                        b,
                        "decide",
                        "id",
                        r.getId(),
                        "image",
                        second,
                        "verdict",
                        "REJECTED",
                        "reason",
                        "too dark"))
                .isEqualTo(200);
        assertThat(r.getVerdicts()).containsEntry(first, "APPROVED").containsEntry(second, "REJECTED");
        assertThat(post(j, "alice", b, "finish", "id", r.getId())).isEqualTo(200);
        assertThat(post(j, "alice", b, "finish", "id", r.getId()))
                .as("finished once")
                .isEqualTo(404);
        assertThat(post(j, "alice", b, "decide", "id", r.getId(), "image", first, "verdict", "REJECTED"))
                .as("no decision after the end")
                .isEqualTo(404);

        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogContains("APPROVED [" + first + "] REJECTED [" + second + "] BY [alice, alice]", b);
        String dir = first.substring(0, first.lastIndexOf('/'));
        String manifest = j.jenkins
                .getWorkspaceFor(b.getParent())
                .child(dir + "/manifest.json")
                .readToString();
        assertThat(manifest).contains("\"reviewer\" : \"alice\"", "too dark", "APPROVED", "REJECTED");
        assertThat(j.jenkins
                        .getWorkspaceFor(b.getParent())
                        .child(dir + "/approved/" + first.substring(dir.length() + 1))
                        .exists())
                .isTrue();
    }

    @Test
    void withoutBuildPermissionOrWithAForgedImageNothingChanges(JenkinsRule j) throws Exception {
        WorkflowRun b = waitingReview(j, "reviewImages()");
        ImageReview r = review(b);
        String first = r.getCandidates().get(0).getFile();

        assertThat(post(j, "mallory", b, "decide", "id", r.getId(), "image", first, "verdict", "APPROVED"))
                .isEqualTo(403);
        assertThat(post(j, "mallory", b, "finish", "id", r.getId())).isEqualTo(403);
        assertThat(post(
                        j,
                        "alice",
                        b,
                        "decide",
                        "id",
                        r.getId(),
                        "image",
                        "../../secrets/master.key",
                        "verdict",
                        "APPROVED"))
                .isEqualTo(400);
        assertThat(post(j, "alice", b, "decide", "id", "another-review", "image", first, "verdict", "APPROVED"))
                .isEqualTo(404);
        assertThat(r.getVerdicts()).isEmpty();

        assertThat(post(j, "alice", b, "abort", "id", r.getId())).isEqualTo(200);
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
    }

    @Test
    void aSubmitterListLeavesOthersWithBuildPermissionOut(JenkinsRule j) throws Exception {
        WorkflowRun b = waitingReview(j, "reviewImages(submitter: 'bob, release-team', minApproved: 0)");
        ImageReview r = review(b);

        assertThat(post(j, "alice", b, "finish", "id", r.getId())).isEqualTo(403);
        b.doStop();
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
        assertThat(r.isWaiting()).as("a stopped build closes its review").isFalse();
    }

    @Test
    void aBuildWithNoImagesHasNothingToReview(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "empty");
        p.setDefinition(new CpsFlowDefinition("node { reviewImages() }", true));
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
        j.assertLogContains("no images to review", b);
    }
}
