package io.jenkins.plugins.dashscope.review;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.FilePath;
import hudson.model.Item;
import io.jenkins.plugins.dashscope.PipelineFixture;
import io.jenkins.plugins.dashscope.core.simulator.DashScopeSimulator;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Regenerate on the review page: a new task at the server, never reused, its images beside the first ones and in the
 * review; an edited prompt only for those who may configure the job; no more than the step allows.
 */
@WithJenkins
class ReviewRegenerationTest {

    private DashScopeSimulator simulator;

    @AfterEach
    void stopSimulator() {
        if (simulator != null) {
            simulator.close();
        }
    }

    private WorkflowRun waiting(JenkinsRule j, String script) throws Exception {
        simulator = PipelineFixture.simulator(s -> s);
        PipelineFixture.configure(j, simulator);
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ)
                .everywhere()
                .to("alice", "bob", "mallory")
                .grant(Item.BUILD)
                .everywhere()
                .to("alice", "bob")
                .grant(Item.CONFIGURE)
                .everywhere()
                .to("bob"));
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(script, true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("Waiting for a review", b);
        return b;
    }

    private static int post(JenkinsRule j, String user, WorkflowRun b, String action, String... params)
            throws Exception {
        return ReviewPosts.post(j, user, b, action, params);
    }

    /** A condition, not a time: generous, so a slow machine only waits longer. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 120 s").isLessThan(until);
            Thread.sleep(100);
        }
    }

    @Test
    void aVariantIsGeneratedAgainBesideTheFirstAndTheReviewReturnsOnlyTheApproved(JenkinsRule j) throws Exception {
        WorkflowRun b = waiting(j, """
                node {
                  generateImage(prompt: 'a lighthouse', seed: 42, outputDir: 'out/banner', credentialsId: 'dashscope', reuse: true)
                  def r = reviewImages(regenerations: 1)
                  echo "KEYS ${r.generations.keySet()} FILES ${r.generations['out/banner-r1'].files} BY ${r.generations['out/banner-r1'].review*.reviewer} OLD ${r.generations['out/banner'].files}"
                }
                """);
        ImageReview r = b.getAction(ImageReviewAction.class).getReviews().get(0);
        String group = r.getGroups().get(0);
        String first = r.getCandidates().get(0).getFile();
        int tasks = simulator.tasksCreated();

        assertThat(post(j, "mallory", b, "regenerate", "id", r.getId(), "group", group))
                .isEqualTo(403);
        assertThat(post(j, "alice", b, "regenerate", "id", r.getId(), "group", group, "prompt", "a red lighthouse"))
                .as("an edited prompt needs Configure")
                .isEqualTo(403);
        assertThat(post(j, "alice", b, "regenerate", "id", r.getId(), "group", "../elsewhere"))
                .isEqualTo(400);
        assertThat(r.getRetakes()).isEmpty();
        assertThat(simulator.tasksCreated()).isEqualTo(tasks);

        assertThat(post(j, "bob", b, "regenerate", "id", r.getId(), "group", group, "prompt", "a red lighthouse"))
                .isEqualTo(200);
        await(() -> !r.getRetakes().get(0).isRunning());
        assertThat(r.getRetakes().get(0).isFailed())
                .as(r.getRetakes().get(0).getMessage())
                .isFalse();
        assertThat(simulator.tasksCreated()).as("a new task, not reused").isEqualTo(tasks + 1);
        assertThat(post(j, "bob", b, "regenerate", "id", r.getId(), "group", group))
                .as("one regeneration allowed")
                .isEqualTo(400);

        assertThat(r.getCandidates()).hasSize(2);
        String again = r.getCandidates().get(1).getFile();
        assertThat(again).isEqualTo("out/banner-r1/image-1.png");
        FilePath ws = j.jenkins.getWorkspaceFor(b.getParent());
        String manifest = ws.child("out/banner-r1/manifest.json").readToString();
        assertThat(manifest).contains("a red lighthouse").doesNotContain("\"seed\" : 42");
        assertThat(b.getArtifactManager().root().child(again).isFile())
                .as("archived")
                .isTrue();

        assertThat(post(j, "alice", b, "decide", "id", r.getId(), "image", first, "verdict", "REJECTED"))
                .isEqualTo(200);
        assertThat(post(j, "alice", b, "decide", "id", r.getId(), "image", again, "verdict", "APPROVED"))
                .isEqualTo(200);
        assertThat(post(j, "alice", b, "finish", "id", r.getId())).isEqualTo(200);

        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogContains("KEYS [out/banner, out/banner-r1] FILES [out/banner-r1/image-1.png] BY [alice] OLD []", b);
        assertThat(ws.child("out/banner-r1/approved/image-1.png").exists()).isTrue();
        assertThat(ws.child("out/banner/approved/image-1.png").exists()).isFalse();
        PipelineFixture.assertKeyAbsent(j, b);
    }

    @Test
    void aSetsRegeneratedVariantIsListedInItsIndexAndTheReviewIsWrittenThere(JenkinsRule j) throws Exception {
        WorkflowRun b = waiting(j, """
                node {
                  writeFile file: 'images.yaml', text: '''
                assets:
                  - name: hero
                    prompt: "Release hero"
                  - name: card
                    prompt: "Social card"
                '''
                  generateImages(spec: 'images.yaml', outputDir: 'set', credentialsId: 'dashscope')
                  def r = reviewImages()
                  echo "KEYS ${r.generations.keySet()}"
                }
                """);
        ImageReview r = b.getAction(ImageReviewAction.class).getReviews().get(0);
        assertThat(r.getGroups()).containsExactly("hero", "card");

        assertThat(post(j, "alice", b, "regenerate", "id", r.getId(), "group", "hero"))
                .isEqualTo(200);
        await(() -> !r.getRetakes().get(0).isRunning());
        assertThat(r.getRetakes().get(0).isFailed())
                .as(r.getRetakes().get(0).getMessage())
                .isFalse();
        FilePath ws = j.jenkins.getWorkspaceFor(b.getParent());
        String index = ws.child("set/assets.json").readToString();
        assertThat(index).contains("\"folder\" : \"hero-r1\"", "\"regenerationOf\" : \"hero\"");

        for (ImageReview.Candidate c : r.getCandidates()) {
            String verdict = c.getFile().startsWith("set/hero/") ? "REJECTED" : "APPROVED";
            assertThat(post(j, "alice", b, "decide", "id", r.getId(), "image", c.getFile(), "verdict", verdict))
                    .isEqualTo(200);
        }
        assertThat(post(j, "alice", b, "finish", "id", r.getId())).isEqualTo(200);
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogContains("KEYS [hero, card, hero-r1]", b);
        index = ws.child("set/assets.json").readToString();
        assertThat(index).contains("\"approvedFolder\"", "\"hero-r1/image-1.png\"");
        assertThat(ws.child("set/approved/hero-r1/image-1.png").exists()).isTrue();
        assertThat(ws.child("set/approved/hero/image-1.png").exists()).isFalse();
    }
}
