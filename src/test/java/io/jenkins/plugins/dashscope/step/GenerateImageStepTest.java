package io.jenkins.plugins.dashscope.step;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.model.Result;
import hudson.model.Run;
import io.jenkins.plugins.dashscope.PipelineFixture;
import io.jenkins.plugins.dashscope.build.GeneratedImagesAction;
import io.jenkins.plugins.dashscope.build.ReviewView;
import io.jenkins.plugins.dashscope.config.DashScopeConfiguration;
import io.jenkins.plugins.dashscope.core.batch.ResultValue;
import io.jenkins.plugins.dashscope.core.simulator.DashScopeSimulator;
import io.jenkins.plugins.dashscope.core.simulator.RequestKind;
import java.io.File;
import java.time.Duration;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class GenerateImageStepTest {

    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private DashScopeSimulator simulator;

    @AfterEach
    void stopSimulator() {
        if (simulator != null) {
            simulator.close();
        }
    }

    private WorkflowJob pipeline(JenkinsRule j, String script) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p;
    }

    private static JsonNode read(String body) {
        try {
            return new ObjectMapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void archivesImagesAndReturnsTheMap(JenkinsRule j) throws Exception {
        simulator = PipelineFixture.simulator(s -> s);
        PipelineFixture.configure(j, simulator);
        WorkflowJob p = pipeline(j, """
                node {
                  def r = generateImage(prompt: '一张春节海报', n: 2, credentialsId: 'dashscope')
                  echo "files=${r.files} artifacts=${r.artifacts.size()} count=${r.imageCount} failures=${r.failures}"
                  echo "task=${r.taskId}"
                }
                """);

        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains(
                "files=[generated-images/image-1.png, generated-images/image-2.png] artifacts=3 count=2 failures=[]",
                b);
        assertThat(b.getArtifacts())
                .extracting(Run.Artifact::getFileName)
                .containsExactlyInAnyOrder("image-1.png", "image-2.png", "manifest.json");
        GeneratedImagesAction action = b.getAction(GeneratedImagesAction.class);
        assertThat(action.getGenerations()).singleElement().satisfies(g -> {
            assertThat(g.getPrompt()).isEqualTo("一张春节海报");
            assertThat(g.getModel()).isEqualTo("wanx-v1");
            assertThat(g.getCards())
                    .extracting(ReviewView.Card::getUrl)
                    .containsExactly(
                            b.getUrl() + "artifact/generated-images/image-1.png",
                            b.getUrl() + "artifact/generated-images/image-2.png");
        });
        assertThat(simulator.count(RequestKind.SUBMIT)).isEqualTo(1);
        PipelineFixture.assertKeyAbsent(j, b);
    }

    /** allowPartial keeps the build from failing, not from being unstable: the build and the step's node say so. */
    @Test
    void aPartialResultAcceptedByAllowPartialMarksTheStepAndTheBuildUnstable(JenkinsRule j) throws Exception {
        simulator = PipelineFixture.simulator(s -> s);
        PipelineFixture.configure(j, simulator);
        WorkflowJob p = j.createProject(WorkflowJob.class, "partial");
        p.setDefinition(new CpsFlowDefinition("""
                node {
                  def img = generateImage(prompt: 'two banners simulate:partial', n: 2, allowPartial: true,
                                          credentialsId: 'dashscope')
                  echo "SAVED ${img.imageCount} FAILED ${img.failures.size()}"
                }
                """, true));

        WorkflowRun b = j.buildAndAssertStatus(Result.UNSTABLE, p);

        j.assertLogContains("SAVED 1 FAILED 1", b);
        j.assertLogContains("Unstable: 1 of 2 image(s) failed (#2 ", b);
        var warnings = PipelineFixture.warnings(b);
        assertThat(warnings).containsOnlyKeys("generateImage");
        assertThat(warnings.get("generateImage").getResult()).isEqualTo(Result.UNSTABLE);
        assertThat(warnings.get("generateImage").getMessage()).contains("1 of 2 image(s) failed");
    }

    @Test
    void parallelBranchesSharingOneKeyAllSucceedWithoutThrottling(JenkinsRule j) throws Exception {
        simulator = PipelineFixture.simulator(s -> s);
        PipelineFixture.configure(j, simulator);
        WorkflowJob p = pipeline(j, """
                def branches = [:]
                for (int i = 1; i <= 4; i++) {
                  def name = "asset${i}"
                  branches[name] = { node { generateImage(prompt: "asset ${name}", outputDir: "assets/${name}", credentialsId: 'dashscope') } }
                }
                parallel branches
                """);

        WorkflowRun b = j.buildAndAssertSuccess(p);

        assertThat(simulator.tasksCreated()).isEqualTo(4);
        assertThat(simulator.throttledAnswers()).isZero();
        assertThat(b.getArtifacts()).hasSize(8); // an image and a manifest per branch
        PipelineFixture.assertKeyAbsent(j, b);
    }

    @Test
    void anEnclosingTimeoutAbortsAndCancelsThePendingTask(JenkinsRule j) throws Exception {
        simulator = PipelineFixture.simulator(s -> s.withServiceTime(i -> Duration.ofMinutes(5)));
        PipelineFixture.configure(j, simulator);
        DashScopeConfiguration.get()
                .setMaxTasksInFlight(2); // let the second task reach the server and wait PENDING there
        WorkflowJob p = pipeline(j, """
                parallel first: {
                  node { generateImage(prompt: 'running', outputDir: 'first', credentialsId: 'dashscope', timeout: 30) }
                }, second: {
                  node { timeout(time: 5, unit: 'SECONDS') { generateImage(prompt: 'pending', outputDir: 'second', credentialsId: 'dashscope') } }
                }, failFast: true
                """);

        WorkflowRun b = j.buildAndAssertStatus(Result.ABORTED, p);

        assertThat(simulator.count(RequestKind.CANCEL)).isGreaterThanOrEqualTo(1);
        PipelineFixture.assertKeyAbsent(j, b);
    }

    @Test
    void modelsThatTakeNoPromptExtendAndTranslateAnImageAndTheBuildPageShowsThem(JenkinsRule j) throws Exception {
        simulator = PipelineFixture.simulator(s -> s);
        PipelineFixture.configure(j, simulator);
        WorkflowJob p = pipeline(j, """
                node {
                  def banner = generateImage(model: 'image-out-painting', baseImage: 'https://example.com/shoe.png',
                      outputRatio: '16:9', angle: 10, credentialsId: 'dashscope', outputDir: 'banner')
                  def ja = generateImage(model: 'qwen-mt-image', baseImage: 'https://example.com/poster-zh.png',
                      targetLang: 'ja', credentialsId: 'dashscope', outputDir: 'poster-ja')
                  def bg = generateImage(model: 'wanx-background-generation-v2', baseImage: 'https://example.com/cutout.png',
                      refImage: 'https://example.com/kitchen.jpg', n: 2, credentialsId: 'dashscope', outputDir: 'bg')
                  echo "banner=${banner.files} ja=${ja.files} bg=${bg.files}"
                }
                """);

        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains(
                "banner=[banner/image-1.png] ja=[poster-ja/image-1.png] bg=[bg/image-1.png, bg/image-2.png]", b);
        List<JsonNode> bodies = simulator.recordedRequests().stream()
                .filter(r -> r.kind() == RequestKind.SUBMIT)
                .map(r -> read(r.body()))
                .toList();
        assertThat(bodies).hasSize(3);
        assertThat(bodies.get(0).path("input").toString())
                .isEqualTo("{\"image_url\":\"https://example.com/shoe.png\"}");
        assertThat(bodies.get(0).path("parameters").toString()).isEqualTo("{\"angle\":10,\"output_ratio\":\"16:9\"}");
        assertThat(bodies.get(1).path("input").path("target_lang").asText()).isEqualTo("ja");
        assertThat(bodies.get(1).path("input").has("prompt")).isFalse();
        assertThat(bodies.get(2).path("input"))
                .isEqualTo(read("{\"base_image_url\":\"https://example.com/cutout.png\","
                        + "\"ref_image_url\":\"https://example.com/kitchen.jpg\"}")); // JSON equality: key order aside
        // the gallery lists generations without a prompt too, with no empty prompt line
        String page = j.createWebClient()
                .getPage(b, GeneratedImagesAction.URL_NAME + "/")
                .getWebResponse()
                .getContentAsString();
        assertThat(page).contains("image-out-painting", "qwen-mt-image");
        List<ReviewView.Generation> generations =
                b.getAction(GeneratedImagesAction.class).getGenerations();
        assertThat(generations)
                .extracting(g -> g.getModel())
                .containsExactly("image-out-painting", "qwen-mt-image", "wanx-background-generation-v2");
        long prompted = generations.stream()
                .filter(g -> g.getPrompt() != null && !g.getPrompt().isEmpty())
                .count();
        assertThat(prompted).isLessThan(3);
        assertThat(page.split("class=\"dashscope-prompt\"", -1)).hasSize((int) prompted + 1);
        PipelineFixture.assertKeyAbsent(j, b);
    }

    /** The models issue 10 added, each with the least it needs, as a Jenkinsfile writes it. */
    private static final List<String> NEW_MODELS = List.of(
            "model: 'wan2.7-image', prompt: 'a poster', size: '1K'",
            "model: 'wan2.7-image-pro', prompt: 'a poster', images: [IMG]",
            "model: 'wan2.6-image', prompt: 'make it night', images: [IMG]",
            "model: 'wan2.5-i2i-preview', prompt: 'make it night', images: [IMG]",
            "model: 'qwen-image-edit', prompt: 'add a hat', images: [IMG]",
            "model: 'qwen-image-edit-plus', prompt: 'add a hat', images: [IMG, IMG]",
            "model: 'qwen-image-edit-max', prompt: 'add a hat', images: [IMG]",
            "model: 'qwen-image-2.0', prompt: 'add a hat', images: [IMG]",
            "model: 'qwen-image-2.0-pro', prompt: 'add a hat', images: [IMG]",
            "model: 'z-image-turbo', prompt: 'a lighthouse'",
            "model: 'wanx-sketch-to-image-lite', prompt: 'a cottage', sketchImage: IMG",
            "model: 'image-out-painting', baseImage: IMG, widthScale: 1.5",
            "model: 'wanx-background-generation-v2', baseImage: IMG, prompt: 'a beach'",
            "model: 'qwen-mt-image', baseImage: IMG, targetLang: 'en'");

    @Test
    void eachNewModelGeneratesThroughThePipelineStep(JenkinsRule j) throws Exception {
        // the platform's limits per model (2 a minute for the -max and 2.0-pro models): one submit each, no 429
        simulator = PipelineFixture.simulator(s ->
                s.withModelLimits(m -> io.jenkins.plugins.dashscope.core.catalog.ModelLimits.builtIn(m, "cn-beijing")
                        .orElseThrow()));
        PipelineFixture.configure(j, simulator);
        StringBuilder script = new StringBuilder("node {\n  def IMG = 'https://example.com/photo.png'\n");
        for (int i = 0; i < NEW_MODELS.size(); i++) {
            script.append("  echo \"model ")
                    .append(i)
                    .append(": ${generateImage(")
                    .append(NEW_MODELS.get(i))
                    .append(", credentialsId: 'dashscope', outputDir: 'm")
                    .append(i)
                    .append("').imageCount}\"\n");
        }
        WorkflowRun b = j.buildAndAssertSuccess(pipeline(j, script.append("}\n").toString()));

        for (int i = 0; i < NEW_MODELS.size(); i++) {
            j.assertLogContains("model " + i + ": 1", b);
        }
        List<String> models = simulator.recordedRequests().stream()
                .filter(r -> r.kind() == RequestKind.SUBMIT)
                .map(r -> read(r.body()).path("model").asText())
                .toList();
        assertThat(models)
                .hasSize(NEW_MODELS.size())
                .containsExactlyElementsOf(NEW_MODELS.stream()
                        .map(m -> m.substring(8, m.indexOf("',")))
                        .toList());
        assertThat(b.getAction(GeneratedImagesAction.class).getGenerations()).hasSize(NEW_MODELS.size());
        j.assertLogNotContains("Retrying", b);
    }

    @Test
    void aPromptGivenToAModelThatTakesNoneFailsNamingItBeforeAnyRequest(JenkinsRule j) throws Exception {
        simulator = PipelineFixture.simulator(s -> s);
        PipelineFixture.configure(j, simulator);
        WorkflowJob p = pipeline(j, """
                node { generateImage(prompt: 'translate it', model: 'qwen-mt-image', targetLang: 'en',
                    baseImage: 'https://example.com/p.png', credentialsId: 'dashscope') }
                """);

        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

        j.assertLogContains("prompt: is not used by qwen-mt-image; leave it out", b);
        assertThat(simulator.totalRequests()).isZero();
    }

    @Test
    void aMissingCredentialFailsNamingItBeforeAnyRequest(JenkinsRule j) throws Exception {
        simulator = PipelineFixture.simulator(s -> s);
        PipelineFixture.configure(j, simulator);
        WorkflowJob p = pipeline(j, "node { generateImage(prompt: 'x', credentialsId: 'missing') }");

        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

        j.assertLogContains("credentialsId: no Secret text credential with id 'missing'", b);
        assertThat(simulator.totalRequests()).isZero();
    }

    @Test
    void badInputFailsNamingTheFieldBeforeAnyRequest(JenkinsRule j) throws Exception {
        simulator = PipelineFixture.simulator(s -> s);
        PipelineFixture.configure(j, simulator);
        WorkflowJob p = pipeline(j, "node { generateImage(prompt: 'x', n: 9, credentialsId: 'dashscope') }");

        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

        j.assertLogContains("generateImage: n:", b);
        assertThat(simulator.totalRequests()).isZero();
    }

    @Test
    void withoutACredentialsIdTheKeyComesFromTheEnvironment(JenkinsRule j) throws Exception {
        simulator = PipelineFixture.simulator(s -> s);
        PipelineFixture.configure(j, simulator);
        WorkflowJob p = pipeline(j, """
                node {
                  withEnv(["DASHSCOPE_API_KEY=${'sk-jenkins-test-0123456789-DO-NOT-LEAK'}"]) {
                    generateImage(prompt: 'from the environment')
                  }
                }
                """);
        j.buildAndAssertSuccess(p);
        assertThat(simulator.tasksCreated()).isEqualTo(1);
    }

    @Test
    void aDryRunNeedsNoKeyAndArchivesPlaceholders(JenkinsRule j) throws Exception {
        WorkflowJob p = pipeline(j, """
                node {
                  def r = generateImage(prompt: 'dry', n: 1, dryRun: true, outputDir: 'assets/dry')
                  echo "count=${r.imageCount} files=${r.files} keys=${r.keySet()}"
                }
                """);

        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains("count=1 files=[assets/dry/image-1.png]", b);
        assertThat(b.getArtifacts()).hasSize(2);
        // the help documents exactly what the step returns, in both languages
        j.assertLogContains("keys=" + ResultValue.KEYS, b);
        for (String help : List.of("help.html", "help_zh_CN.html")) {
            assertThat(PipelineFixture.codeNames(GenerateImageStep.class, help))
                    .as(help)
                    .containsExactlyElementsOf(ResultValue.KEYS);
        }
        // a dry run logs as a real run does: the banner once the request is valid, each file, usage, the gallery
        String log = JenkinsRule.getLog(b);
        assertThat(log)
                .containsSubsequence(
                        "[dashscope] Request valid: model",
                        "[dashscope] Dry run: using the built-in simulator",
                        "[dashscope] Saved image 1 to image-1.png",
                        "[dashscope] Usage: 0 image(s) generated, 0 reused, 1 simulated, 0 failed",
                        "[dashscope] Images: ");
    }

    @Test
    void aBadDerivedSizeFailsNamingItBeforeAnyRequest(JenkinsRule j) throws Exception {
        simulator = PipelineFixture.simulator(s -> s);
        PipelineFixture.configure(j, simulator);
        WorkflowJob p = pipeline(j, """
                node {
                  generateImage(prompt: 'x', credentialsId: 'dashscope',
                                outputs: [[size: '1200x630'], [size: '1080x1920', fit: 'stretch']])
                }
                """);

        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

        j.assertLogContains(
                "ERROR: generateImage: outputs[2].fit: 'stretch' is not allowed; allowed: cover, contain", b);
        // hardening finding 13: one clean line, as for every refusal, not an 81-line stack trace
        j.assertLogNotContains("InvalidRequestException", b);
        j.assertLogNotContains("\tat ", b);
        assertThat(simulator.totalRequests()).isZero();
    }

    @Test
    void aDryRunMakesTheDerivedSizesAndTheContactSheetToo(JenkinsRule j) throws Exception {
        WorkflowJob p = pipeline(j, """
                node {
                  def r = generateImage(prompt: 'dry', dryRun: true, name: 'banner', contactSheet: true,
                                        outputs: [[size: '600x300', anchor: 'top'], [size: '90x160', fit: 'contain', format: 'jpeg']])
                  echo "derived=${r.derived} sheet=${r.contactSheet}"
                }
                """);

        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains(
                "derived=[generated-images/banner-1_600x300.png, generated-images/banner-1_90x160.jpg] "
                        + "sheet=generated-images/contact-sheet.png",
                b);
        assertThat(b.getArtifacts())
                .extracting(Run.Artifact::getFileName)
                .containsExactlyInAnyOrder(
                        "banner-1.png",
                        "banner-1_600x300.png",
                        "banner-1_90x160.jpg",
                        "contact-sheet.png",
                        "manifest.json");
        java.awt.image.BufferedImage story =
                javax.imageio.ImageIO.read(new File(b.getArtifactsDir(), "generated-images/banner-1_90x160.jpg"));
        assertThat(story.getWidth()).isEqualTo(90);
        assertThat(story.getHeight()).isEqualTo(160);
    }
}
