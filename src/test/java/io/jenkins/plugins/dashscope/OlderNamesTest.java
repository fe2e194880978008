package io.jenkins.plugins.dashscope;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Items;
import hudson.model.Run;
import io.jenkins.plugins.dashscope.build.GeneratedImagesAction;
import io.jenkins.plugins.dashscope.build.ImageBudget;
import io.jenkins.plugins.dashscope.build.OutputClaims;
import io.jenkins.plugins.dashscope.config.DashScopeConfiguration;
import io.jenkins.plugins.dashscope.core.simulator.DashScopeSimulator;
import io.jenkins.plugins.dashscope.freestyle.GenerateImageBuilder;
import io.jenkins.plugins.dashscope.step.DerivedOutput;
import io.jenkins.plugins.dashscope.step.GenerateImageStep;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * What earlier versions stored under the names of the one package all classes had then (build records, job
 * configurations, the global settings) loads into the classes where they live now.
 */
class OlderNamesTest {

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    /** The XML as an earlier version wrote it: every class of the plugin directly in its first package. */
    private static String older(String xml) {
        return xml.replaceAll(
                "io\\.jenkins\\.plugins\\.dashscope\\.(agent|build|config|freestyle|step|workspace)\\.",
                "io.jenkins.plugins.dashscope.");
    }

    @Test
    void aBuildRecordAndAJobConfigurationOfAnEarlierVersionLoad() throws Throwable {
        sessions.then(j -> {
            DashScopeSimulator simulator = PipelineFixture.simulator(s -> s);
            try {
                PipelineFixture.configure(j, simulator);
                WorkflowJob p = j.createProject(WorkflowJob.class, "p");
                p.setDefinition(new CpsFlowDefinition(
                        "node { generateImage(prompt: 'p', credentialsId: 'dashscope', outputs: [[size: '64x32']]) }",
                        true));
                WorkflowRun b = j.buildAndAssertSuccess(p);
                for (Object action : List.of(
                        b.getAction(GeneratedImagesAction.class),
                        b.getAction(OutputClaims.class),
                        b.getAction(ImageBudget.class))) {
                    String now = Run.XSTREAM2.toXML(action);
                    String before = older(now);
                    assertThat(before).isNotEqualTo(now);
                    assertThat(Run.XSTREAM2.toXML(Run.XSTREAM2.fromXML(before))).isEqualTo(now);
                }
                assertThat(older(Run.XSTREAM2.toXML(b.getAction(GeneratedImagesAction.class))))
                        .contains(
                                "io.jenkins.plugins.dashscope.GeneratedImagesAction_-Entry_-Image",
                                "io.jenkins.plugins.dashscope.GeneratedImagesAction_-Entry_-Derived");
            } finally {
                simulator.close();
            }

            GenerateImageStep step = new GenerateImageStep("a poster");
            step.setOutputs(List.of(new DerivedOutput("1200x630")));
            String now = Items.XSTREAM2.toXML(new GenerateImageBuilder(step));
            assertThat(older(now)).contains("<io.jenkins.plugins.dashscope.DerivedOutput>");
            assertThat(Items.XSTREAM2.toXML(Items.XSTREAM2.fromXML(older(now)))).isEqualTo(now);
        });
    }

    @Test
    void theGlobalSettingsOfAnEarlierVersionLoadAndStayInTheirFile() throws Throwable {
        String file = "io.jenkins.plugins.dashscope.DashScopeConfiguration.xml";
        sessions.then(
                j -> Files.writeString(j.jenkins.getRootDir().toPath().resolve(file), """
                <?xml version='1.1' encoding='UTF-8'?>
                <io.jenkins.plugins.dashscope.DashScopeConfiguration>
                  <model>wan2.2-t2i-flash</model>
                  <timeoutSeconds>321</timeoutSeconds>
                  <maxTimeoutSeconds>3600</maxTimeoutSeconds>
                  <limitsVersion>2</limitsVersion>
                  <maxImagesPerBuild>7</maxImagesPerBuild>
                </io.jenkins.plugins.dashscope.DashScopeConfiguration>
                """, StandardCharsets.UTF_8));
        sessions.then(j -> {
            DashScopeConfiguration config = DashScopeConfiguration.get();
            assertThat(config.getModel()).isEqualTo("wan2.2-t2i-flash");
            assertThat(config.getTimeoutSeconds()).isEqualTo(321);
            assertThat(config.getMaxImagesPerBuild()).isEqualTo(7);
            config.setMaxImagesPerBuild(9);
            Path saved = j.jenkins.getRootDir().toPath().resolve(file);
            assertThat(Files.readString(saved, StandardCharsets.UTF_8)).contains("<maxImagesPerBuild>9<");
        });
        sessions.then(j ->
                assertThat(DashScopeConfiguration.get().getMaxImagesPerBuild()).isEqualTo(9));
    }
}
