package io.jenkins.plugins.dashscope.step;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Result;
import io.jenkins.plugins.dashscope.PipelineFixture;
import io.jenkins.plugins.dashscope.build.GeneratedImagesAction;
import io.jenkins.plugins.dashscope.build.ImageBudget;
import io.jenkins.plugins.dashscope.build.UsageView;
import io.jenkins.plugins.dashscope.config.DashScopeConfiguration;
import io.jenkins.plugins.dashscope.core.simulator.DashScopeSimulator;
import io.jenkins.plugins.dashscope.core.simulator.RequestKind;
import java.io.File;
import java.nio.file.Files;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class ReuseAndBudgetTest {

    private DashScopeSimulator simulator;
    private JenkinsRule j;

    @BeforeEach
    void start(JenkinsRule j) throws Exception {
        this.j = j;
        simulator = PipelineFixture.simulator(s -> s);
        PipelineFixture.configure(j, simulator);
    }

    @AfterEach
    void stopSimulator() {
        simulator.close();
    }

    private WorkflowJob pipeline(String body) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition("node {\n" + body + "\n}", true));
        return p;
    }

    private int submits() {
        return simulator.count(RequestKind.SUBMIT);
    }

    @Test
    void theBuildBudgetCountsEveryStepOfTheBuildAndRefusesBeforeSending() throws Exception {
        DashScopeConfiguration.get().setMaxImagesPerBuild(3);
        WorkflowJob p = pipeline("""
                generateImage(prompt: 'a banner', n: 2, credentialsId: 'dashscope')
                generateImage(prompt: 'a card', n: 2, outputDir: 'cards', credentialsId: 'dashscope')
                """);

        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

        j.assertLogContains(
                "maxImagesPerBuild: this would pay for 2 image(s), but a build may pay for at most 3 and this one "
                        + "has already used 2. Nothing was sent.",
                b);
        assertThat(submits()).isEqualTo(1);
        assertThat(b.getAction(ImageBudget.class).reserved()).isEqualTo(2);
    }

    @Test
    void theNextBuildReusesIdenticalRequestsAndReusedImagesDoNotCountTowardTheBudget() throws Exception {
        DashScopeConfiguration.get().setMaxImagesPerBuild(2);
        DashScopeConfiguration.get().setPrices("wanx-v1 0.16 CNY");
        WorkflowJob p = pipeline("""
                def a = generateImage(prompt: 'a banner', n: 2, seed: 1, reuse: true, credentialsId: 'dashscope')
                echo "A ${a.imageCount} ${a.taskId}"
                if (currentBuild.number > 1) {
                  generateImage(prompt: 'a new card', seed: 2, n: 2, outputDir: 'cards', reuse: true, credentialsId: 'dashscope')
                }
                """);

        WorkflowRun first = j.buildAndAssertSuccess(p);
        int afterFirst = submits();
        WorkflowRun second = j.buildAndAssertSuccess(p);

        assertThat(afterFirst).isEqualTo(1);
        assertThat(submits()).isEqualTo(2); // only the new card was sent
        j.assertLogContains("Reused from #1: 2 image(s) with the same request fingerprint", second);
        j.assertLogContains("Usage: 0 image(s) generated, 2 reused, 0 failed", second);
        j.assertLogContains(
                "Usage: 2 image(s) generated, 0 reused, 0 failed (wanx-v1: 2 generated, 0 reused, 0 failed); "
                        + "estimate 0.32 CNY",
                second);
        for (String image : new String[] {"image-1.png", "image-2.png"}) {
            assertThat(Files.readAllBytes(new File(second.getArtifactsDir(), "generated-images/" + image).toPath()))
                    .isEqualTo(Files.readAllBytes(
                            new File(first.getArtifactsDir(), "generated-images/" + image).toPath()));
        }
        UsageView usage = second.getAction(GeneratedImagesAction.class).getUsage();
        assertThat(usage.getTotal().getGenerated()).isEqualTo(2);
        assertThat(usage.getTotal().getReused()).isEqualTo(2);
        assertThat(usage.getEstimate()).isEqualTo("0.32 CNY");
        assertThat(second.getAction(ImageBudget.class).reserved()).isEqualTo(2);
    }

    /**
     * Hardening finding 5: a later archiveArtifacts of the same build (a pull-request build in a job that also
     * builds releases) can replace an image and its manifest together; reuse took the planted image as "Reused
     * from #1". It now checks the archive against the build record, which no later step can change.
     */
    @Test
    void anImagePlantedWithAMatchingManifestIsNotReused() throws Exception {
        DashScopeConfiguration.get().setReuse(true);
        WorkflowJob p = pipeline("generateImage(prompt: 'a poster', seed: 5, credentialsId: 'dashscope')");
        WorkflowRun first = j.buildAndAssertSuccess(p);
        File image = new File(first.getArtifactsDir(), "generated-images/image-1.png");
        File manifest = new File(first.getArtifactsDir(), "generated-images/manifest.json");
        java.awt.image.BufferedImage planted = new java.awt.image.BufferedImage(64, 64, 1);
        javax.imageio.ImageIO.write(planted, "png", image);
        byte[] bytes = Files.readAllBytes(image.toPath());
        var json = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(manifest);
        var record = (com.fasterxml.jackson.databind.node.ObjectNode)
                json.withArray("images").get(0);
        record.put(
                "sha256",
                java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(bytes)));
        record.put("bytes", bytes.length);
        Files.writeString(manifest.toPath(), json.toString());

        WorkflowRun second = j.buildAndAssertSuccess(p);

        j.assertLogNotContains("Reused from #1", second);
        assertThat(submits()).isEqualTo(2);
        assertThat(Files.readAllBytes(new File(second.getArtifactsDir(), "generated-images/image-1.png").toPath()))
                .isNotEqualTo(bytes);
    }

    @Test
    void aChangedArchiveOrReuseFalseGeneratesAgain() throws Exception {
        DashScopeConfiguration.get().setReuse(true);
        WorkflowJob p = pipeline("generateImage(prompt: 'a poster', seed: 3, credentialsId: 'dashscope')");
        WorkflowRun first = j.buildAndAssertSuccess(p);
        File archived = new File(first.getArtifactsDir(), "generated-images/image-1.png");
        byte[] png = Files.readAllBytes(archived.toPath());
        png[png.length - 20] ^= 1;
        Files.write(archived.toPath(), png);

        WorkflowRun second = j.buildAndAssertSuccess(p);

        j.assertLogContains("Cannot reuse the result of #1", second);
        j.assertLogContains("is not the image its manifest recorded", second);
        assertThat(submits()).isEqualTo(2);
        assertThat(second.getAction(GeneratedImagesAction.class)
                        .getGenerations()
                        .get(0)
                        .getReusedFrom())
                .isNull();

        WorkflowRun third = j.buildAndAssertSuccess(p); // the global default reuses the second build's result
        j.assertLogContains("Reused from #2", third);
        assertThat(submits()).isEqualTo(2);

        p.setDefinition(new CpsFlowDefinition(
                "node { generateImage(prompt: 'a poster', seed: 3, reuse: false, " + "credentialsId: 'dashscope') }",
                true));
        WorkflowRun fourth = j.buildAndAssertSuccess(p);
        j.assertLogNotContains("Reused", fourth);
        assertThat(submits()).isEqualTo(3);
    }
}
