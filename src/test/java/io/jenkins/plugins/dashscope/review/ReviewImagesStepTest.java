package io.jenkins.plugins.dashscope.review;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Item;
import hudson.model.Result;
import hudson.model.User;
import java.util.List;
import jenkins.model.Jenkins;
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
        return ReviewPosts.post(j, user, b, action, params);
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

    @Test
    void aTimeoutAroundTheStepEndsTheReviewAsItEndsInput(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "timed");
        p.setDefinition(new CpsFlowDefinition(
                "node {\n  generateImage(prompt: 'a lighthouse', dryRun: true)\n"
                        + "  timeout(time: 2, unit: 'SECONDS') { reviewImages() }\n}",
                true));
        WorkflowRun b = j.buildAndAssertStatus(Result.ABORTED, p);
        ImageReview r = review(b);
        assertThat(r.isWaiting()).isFalse();
        assertThat(b.getAction(ImageReviewAction.class).getIconFileName())
                .as("no link to a review that ended")
                .isNull();
    }

    @Test
    void twoReviewersDecidingAtOnceLoseNoDecision(JenkinsRule j) throws Exception {
        WorkflowRun b = waitingReview(j, "reviewImages()");
        ImageReview r = review(b);
        ImageReviewAction action = b.getAction(ImageReviewAction.class);
        String first = r.getCandidates().get(0).getFile();
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (String verdict : List.of("APPROVED", "REJECTED")) {
            done.add(two.submit(() -> {
                try (var ignored =
                        hudson.security.ACL.as2(User.getById("alice", true).impersonate2())) {
                    for (int i = 0; i < 50; i++) {
                        action.doDecide(r.getId(), first, verdict, verdict + " " + i);
                    }
                }
                return null;
            }));
        }
        for (var f : done) {
            f.get();
        }
        two.shutdown();
        assertThat(r.decisionsSoFar()).hasSize(100);
        String saved = new String(
                java.nio.file.Files.readAllBytes(b.getRootDir().toPath().resolve("build.xml")),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(saved.split("<reason>", -1)).as("every decision saved").hasSize(101);
        b.doStop();
        j.waitForCompletion(b);
    }

    @Test
    void includeNarrowsTheReviewAndAnUnknownNameFailsBeforeItPauses(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "some");
        p.setDefinition(new CpsFlowDefinition(
                "node {\n  generateImage(prompt: 'one', dryRun: true, outputDir: 'a')\n"
                        + "  generateImage(prompt: 'two', dryRun: true, outputDir: 'b')\n"
                        + "  reviewImages(include: ['b'], minApproved: 0)\n}",
                true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("Waiting for a review of 1 image", b);
        assertThat(review(b).getCandidates())
                .extracting(ImageReview.Candidate::getFile)
                .containsExactly("b/image-1.png");
        b.doStop();
        j.waitForCompletion(b);

        p.setDefinition(new CpsFlowDefinition(
                "node {\n  generateImage(prompt: 'one', dryRun: true, outputDir: 'a')\n"
                        + "  reviewImages(include: ['c'])\n}",
                true));
        WorkflowRun bad = j.buildAndAssertStatus(Result.FAILURE, p);
        j.assertLogContains("include[0] 'c' names no output folder, variant or asset", bad);
        assertThat(bad.getAction(ImageReviewAction.class)).isNull();
    }

    @Test
    void minApprovedPerAssetCountsAnAssetsLocalesTogether(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "assets");
        p.setDefinition(new CpsFlowDefinition("""
                node {
                  writeFile file: 'images.yaml', text: \'\'\'
                matrix:
                  locale: [en, zh]
                assets:
                  - name: hero
                    prompt: "hero ${locale}"
                \'\'\'
                  generateImages(spec: 'images.yaml', outputDir: 'set', dryRun: true)
                  reviewImages(minApprovedPer: 'asset')
                }
                """, true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("Waiting for a review of 2 image", b);
        ImageReview r = review(b);
        ImageReviewAction action = b.getAction(ImageReviewAction.class);
        action.doDecide(r.getId(), "set/hero-en/image-1.png", "APPROVED", null);
        assertThat(r.shortOfApprovals())
                .as("one approved image of the asset is enough")
                .isEmpty();
        action.doDecide(r.getId(), "set/hero-en/image-1.png", "REJECTED", null);
        assertThat(r.shortOfApprovals()).containsExactly("hero");
        b.doStop();
        j.waitForCompletion(b);

        assertThat(org.junit.jupiter.api.Assertions.assertThrows(
                        io.jenkins.plugins.dashscope.core.common.InvalidRequestException.class,
                        () -> new ReviewImagesStep().setMinApprovedPer("locale")))
                .hasMessageContaining("minApprovedPer");
    }
}
