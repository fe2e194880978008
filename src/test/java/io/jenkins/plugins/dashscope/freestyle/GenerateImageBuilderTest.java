package io.jenkins.plugins.dashscope.freestyle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import io.jenkins.plugins.dashscope.PipelineFixture;
import io.jenkins.plugins.dashscope.core.simulator.DashScopeSimulator;
import io.jenkins.plugins.dashscope.core.simulator.RequestKind;
import io.jenkins.plugins.dashscope.step.GenerateImageStep;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class GenerateImageBuilderTest {

    private static GenerateImageBuilder builder() {
        GenerateImageStep step = new GenerateImageStep("a freestyle poster");
        step.setModel("wan2.2-t2i-flash");
        step.setN(2);
        step.setSeed(42L);
        step.setPromptExtend(false);
        step.setOutputDir("out");
        step.setCredentialsId(PipelineFixture.CREDENTIALS_ID);
        GenerateImageBuilder b = new GenerateImageBuilder(step);
        b.setParametersJson("{\"steps\": 30}");
        return b;
    }

    @Test
    void theFormRoundTripsEveryOption(JenkinsRule j) throws Exception {
        FreeStyleProject project = j.createFreeStyleProject();
        project.getBuildersList().add(builder());

        project = j.configRoundtrip(project);

        j.assertEqualDataBoundBeans(builder(), project.getBuildersList().get(GenerateImageBuilder.class));
    }

    private static GenerateImageBuilder withOverlays() {
        GenerateImageStep step = new GenerateImageStep("a freestyle banner");
        io.jenkins.plugins.dashscope.step.TextOverlayEntry words =
                new io.jenkins.plugins.dashscope.step.TextOverlayEntry("Now available", "brand/Inter.ttf");
        words.setSize("8%");
        words.setAnchor("bottom-right");
        words.setOutline("#000000");
        words.setShadow(true);
        words.setMinSize(12);
        io.jenkins.plugins.dashscope.step.LogoOverlayEntry logo =
                new io.jenkins.plugins.dashscope.step.LogoOverlayEntry("brand/logo.png");
        logo.setWidth("15%");
        logo.setOpacity("0.8");
        io.jenkins.plugins.dashscope.step.DerivedOutput banner =
                new io.jenkins.plugins.dashscope.step.DerivedOutput("1200x630");
        banner.setFit("cover"); // what the form's lists show when nothing was chosen
        banner.setAnchor("center");
        banner.setFormat("png");
        banner.setOverlays(java.util.List.of(words, logo));
        step.setOutputs(java.util.List.of(banner));
        return new GenerateImageBuilder(step);
    }

    @Test
    void anOutputsOverlaysRoundTripThroughTheForm(JenkinsRule j) throws Exception {
        FreeStyleProject project = j.createFreeStyleProject();
        project.getBuildersList().add(withOverlays());

        project = j.configRoundtrip(project);

        j.assertEqualDataBoundBeans(withOverlays(), project.getBuildersList().get(GenerateImageBuilder.class));
    }

    @Test
    void optionsLeftBlankInTheFormStayUnset(JenkinsRule j) throws Exception {
        FreeStyleProject project = j.createFreeStyleProject();
        project.getBuildersList().add(new GenerateImageBuilder(new GenerateImageStep("only a prompt")));

        project = j.configRoundtrip(project);

        GenerateImageStep saved =
                project.getBuildersList().get(GenerateImageBuilder.class).getGeneration();
        assertThat(saved.getSeed()).isNull();
        assertThat(saved.getN()).isNull();
        assertThat(saved.getTimeout()).isNull();
        assertThat(saved.getPromptExtend()).isNull();
        assertThat(saved.getWatermark()).isNull();
        assertThat(saved.getRefStrength()).isNull();
        assertThat(saved.getOutputDir()).isEqualTo("generated-images");
    }

    @Test
    void aFreestyleBuildArchivesTheImages(JenkinsRule j) throws Exception {
        try (DashScopeSimulator simulator = PipelineFixture.simulator(s -> s)) {
            PipelineFixture.configure(j, simulator);
            FreeStyleProject project = j.createFreeStyleProject();
            project.getBuildersList().add(builder());

            FreeStyleBuild b = j.buildAndAssertSuccess(project);

            assertThat(b.getArtifacts()).hasSize(3);
            assertThat(simulator.recordedRequests())
                    .filteredOn(r -> r.kind() == RequestKind.SUBMIT)
                    .singleElement()
                    .satisfies(r -> assertThat(new ObjectMapper()
                                    .readTree(r.body())
                                    .at("/parameters/steps")
                                    .asInt())
                            .isEqualTo(30));
            PipelineFixture.assertKeyAbsent(j, b);
        }
    }

    @Test
    void aPartialResultAcceptedByAllowPartialLeavesTheBuildUnstable(JenkinsRule j) throws Exception {
        try (DashScopeSimulator simulator = PipelineFixture.simulator(s -> s)) {
            PipelineFixture.configure(j, simulator);
            FreeStyleProject project = j.createFreeStyleProject();
            GenerateImageStep step = new GenerateImageStep("two banners simulate:partial");
            step.setN(2);
            step.setAllowPartial(true);
            step.setCredentialsId(PipelineFixture.CREDENTIALS_ID);
            project.getBuildersList().add(new GenerateImageBuilder(step));

            FreeStyleBuild b = j.buildAndAssertStatus(Result.UNSTABLE, project);

            j.assertLogContains("Unstable: 1 of 2 image(s) failed (#2 ", b);
            assertThat(b.getArtifacts()).hasSize(2); // the image that arrived and the manifest
        }
    }

    @Test
    void badExtraParametersFailTheBuildNamingTheField(JenkinsRule j) throws Exception {
        FreeStyleProject project = j.createFreeStyleProject();
        GenerateImageBuilder b = builder();
        b.setParametersJson("[not an object]");
        project.getBuildersList().add(b);

        FreeStyleBuild build = j.buildAndAssertStatus(Result.FAILURE, project);

        j.assertLogContains("generateImage: parameters:", build);
    }
}
