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
import io.jenkins.plugins.dashscope.core.simulator.DashScopeSimulator;
import io.jenkins.plugins.dashscope.core.simulator.RequestKind;
import java.io.File;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class GenerateImagesStepTest {

    /** Three assets in two locales; {@code POSTER} is replaced to steer the poster's outcome. */
    static final String SPEC = """
            defaults:
              seed: 42
            matrix:
              locale: [en, zh-CN]
            assets:
              - name: banner
                prompt: "Release banner, caption in ${locale}"
                outputs: [{size: 300x150}]
              - name: card
                prompt: "Social card (${locale})"
              - name: poster
                prompt: "POSTER ${locale}"
            """;

    private DashScopeSimulator simulator;

    @AfterEach
    void stopSimulator() {
        if (simulator != null) {
            simulator.close();
        }
    }

    private WorkflowJob pipeline(JenkinsRule j, String spec, String step) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(
                "node {\n  writeFile file: 'assets/images.yaml', text: '''" + spec + "'''\n  " + step + "\n}", true));
        return p;
    }

    @Test
    void aSpecOfThreeAssetsInTwoLocalesMakesSixVariantsInOneStep(JenkinsRule j) throws Exception {
        simulator = PipelineFixture.simulator(s -> s);
        PipelineFixture.configure(j, simulator);
        WorkflowJob p = pipeline(j, SPEC.replace("POSTER", "Poster in"), """
                def r = generateImages(spec: 'assets/images.yaml', credentialsId: 'dashscope')
                  echo "VARIANTS ${r.keySet()} BANNER ${r['banner-zh-CN'].files} ${r['banner-zh-CN'].derived}"
                """);

        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains("images.yaml: 6 variant(s), 6 image(s) to pay for", b);
        j.assertLogContains(
                "VARIANTS [banner-en, banner-zh-CN, card-en, card-zh-CN, poster-en, poster-zh-CN] "
                        + "BANNER [generated-images/banner-zh-CN/image-1.png] [generated-images/banner-zh-CN/image-1_300x150.png]",
                b);
        assertThat(simulator.count(RequestKind.SUBMIT)).isEqualTo(6);
        assertThat(b.getArtifacts())
                .extracting(Run.Artifact::toString)
                .contains(
                        "generated-images/assets.json",
                        "generated-images/card-en/image-1.png",
                        "generated-images/poster-zh-CN/manifest.json");
        JsonNode index = new ObjectMapper().readTree(new File(b.getArtifactsDir(), "generated-images/assets.json"));
        assertThat(index.path("variants")).hasSize(6);
        assertThat(index.path("variants").get(1).path("values").path("locale").asText())
                .isEqualTo("zh-CN");
        assertThat(b.getAction(GeneratedImagesAction.class).getGenerations())
                .extracting(ReviewView.Generation::getVariant, ReviewView.Generation::isFirstOfAsset)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("banner-en", true),
                        org.assertj.core.groups.Tuple.tuple("banner-zh-CN", false),
                        org.assertj.core.groups.Tuple.tuple("card-en", true),
                        org.assertj.core.groups.Tuple.tuple("card-zh-CN", false),
                        org.assertj.core.groups.Tuple.tuple("poster-en", true),
                        org.assertj.core.groups.Tuple.tuple("poster-zh-CN", false));
        PipelineFixture.assertKeyAbsent(j, b);
    }

    @Test
    void aBudgetBelowTheSpecOrABadVariantRefusesItBeforeAnyRequest(JenkinsRule j) throws Exception {
        simulator = PipelineFixture.simulator(s -> s);
        PipelineFixture.configure(j, simulator);
        WorkflowJob p = pipeline(
                j,
                SPEC.replace("POSTER", "Poster in"),
                "generateImages(spec: 'assets/images.yaml', credentialsId: 'dashscope', maxImages: 4)");

        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

        j.assertLogContains(
                "maxImages: images.yaml asks for 6 images in 6 variants; the limit is 4. Nothing was sent.", b);
        p.setDefinition(new CpsFlowDefinition(
                "node {\n  writeFile file: 'assets/images.yaml', text: '''"
                        + SPEC.replace("POSTER", "Poster in").replace("seed: 42", "seed: 42\n  n: 9")
                        + "'''\n  generateImages(spec: 'assets/images.yaml', credentialsId: 'dashscope')\n}",
                true));
        WorkflowRun bad = j.buildAndAssertStatus(Result.FAILURE, p);
        j.assertLogContains("spec: images.yaml: banner-en: n: '9' is not allowed", bad);
        assertThat(simulator.totalRequests()).isZero();
    }

    /**
     * A spec path that is not a workspace file ({@code /} used to end in a NullPointerException, a NUL in an
     * InvalidPathException, both with stack traces) is one clean error line naming the field, before any request.
     */
    @Test
    void aSpecPathOutsideTheWorkspaceIsOneCleanErrorBeforeAnyRequest(JenkinsRule j) throws Exception {
        simulator = PipelineFixture.simulator(s -> s);
        PipelineFixture.configure(j, simulator);
        WorkflowJob p = pipeline(j, SPEC, "generateImages(spec: '/', credentialsId: 'dashscope')");
        for (String spec : List.of("/", "../images.yaml", "assets/\\u0000.yaml", "C:/images.yaml")) {
            p.setDefinition(new CpsFlowDefinition(
                    "node { generateImages(spec: '" + spec + "', credentialsId: 'dashscope') }", true));

            WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

            j.assertLogContains("generateImages: spec: '", b);
            j.assertLogContains("is not allowed; allowed: a YAML or JSON file inside the workspace", b);
            j.assertLogNotContains("Exception", b);
            j.assertLogNotContains("\tat ", b);
        }
        assertThat(simulator.totalRequests()).isZero();
        assertThat(j.jenkins
                        .getDescriptorByType(GenerateImagesStep.DescriptorImpl.class)
                        .doCheckSpec(null, "/")
                        .kind)
                .isEqualTo(hudson.util.FormValidation.Kind.ERROR);
    }

    @Test
    void aFailingVariantDoesNotStopTheOthersAndTheStepListsItAtTheEnd(JenkinsRule j) throws Exception {
        simulator = PipelineFixture.simulator(s -> s);
        PipelineFixture.configure(j, simulator);
        WorkflowJob p = pipeline(
                j,
                SPEC.replace("POSTER", "Poster simulate:fail"),
                "generateImages(spec: 'assets/images.yaml', credentialsId: 'dashscope')");

        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

        j.assertLogContains("2 of 6 variant(s) are not complete: poster-en", b);
        assertThat(b.getArtifacts())
                .extracting(Run.Artifact::toString)
                .contains("generated-images/assets.json", "generated-images/card-zh-CN/image-1.png");
        JsonNode index = new ObjectMapper().readTree(new File(b.getArtifactsDir(), "generated-images/assets.json"));
        assertThat(index.path("variants").get(5).path("status").asText()).isEqualTo("FAILED");
    }

    @Test
    void withAllowPartialAFailingVariantLeavesTheSetUnstableNotFailed(JenkinsRule j) throws Exception {
        simulator = PipelineFixture.simulator(s -> s);
        PipelineFixture.configure(j, simulator);
        WorkflowJob p = pipeline(
                j,
                SPEC.replace("POSTER", "Poster simulate:fail"),
                "generateImages(spec: 'assets/images.yaml', credentialsId: 'dashscope', allowPartial: true)");

        WorkflowRun b = j.buildAndAssertStatus(Result.UNSTABLE, p);

        j.assertLogContains("Unstable: 2 of 6 variant(s) are not complete: poster-en", b);
        assertThat(PipelineFixture.warnings(b)).containsOnlyKeys("generateImages");
        assertThat(b.getArtifacts())
                .extracting(Run.Artifact::toString)
                .contains("generated-images/assets.json", "generated-images/card-zh-CN/image-1.png");
    }

    @Test
    void aDryRunOfASpecNeedsNoKeyAndPricesWhatItWouldPayFor(JenkinsRule j) throws Exception {
        DashScopeConfiguration.get().setPrices("wanx-v1 0.16 CNY\nwan2.6-t2i 0.20 CNY");
        WorkflowJob p = pipeline(j, SPEC.replace("POSTER", "Poster in"), """
                def r = generateImages(spec: 'assets/images.yaml', dryRun: true)
                  echo "COUNT ${r.size()}"
                """);

        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains("6 image(s) to pay for, 0 reused; estimate 0.96 CNY (dry run: nothing is paid)", b);
        j.assertLogContains("COUNT 6", b);
        // nothing paid, six simulated: the log and the page say the same, each line naming its variant
        j.assertLogContains(
                "Usage: 0 image(s) generated, 0 reused, 6 simulated, 0 failed (wanx-v1: 0 generated, 0 reused, "
                        + "6 simulated, 0 failed); estimate 0.00 CNY",
                b);
        j.assertLogContains("[dashscope] [banner-en] Saved image 1 to image-1.png", b);
        assertThat(JenkinsRule.getLog(b).split("Dry run: using the built-in simulator", -1))
                .hasSize(1); // the set's first line says it is a dry run, once
        var usage = b.getAction(GeneratedImagesAction.class).getUsage().getTotal();
        assertThat(usage.getGenerated()).isZero();
        assertThat(usage.getSimulated()).isEqualTo(6);
    }

    @Test
    void theSharedOptionsTakeTheirHelpFromTheCommonBaseAndEachStepKeepsItsOwnWhereItDiffers(JenkinsRule j)
            throws Exception {
        JenkinsRule.WebClient web = j.createWebClient();
        java.util.function.BiFunction<Class<?>, String, String> help = (step, field) -> {
            try {
                return web.goTo("descriptorByName/" + step.getName() + "/help/" + field, null)
                        .getWebResponse()
                        .getContentAsString();
            } catch (Exception e) {
                throw new AssertionError(field, e);
            }
        };

        for (String shared : new String[] {"credentialsId", "region", "endpoint", "archive", "dryRun", "reuse"}) {
            assertThat(help.apply(GenerateImagesStep.class, shared))
                    .as(shared)
                    .isNotBlank()
                    .isEqualTo(help.apply(GenerateImageStep.class, shared));
        }
        assertThat(help.apply(GenerateImagesStep.class, "reuse")).contains("previous successful build");
        assertThat(help.apply(GenerateImagesStep.class, "timeout")).contains("whole set");
        assertThat(help.apply(GenerateImageStep.class, "timeout")).contains("from submitting to the saved images");
    }
}
