package io.jenkins.plugins.dashscope.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hudson.FilePath;
import hudson.model.Result;
import io.jenkins.plugins.dashscope.PipelineFixture;
import io.jenkins.plugins.dashscope.core.simulator.DashScopeSimulator;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Overlays from a Pipeline: drawn on the derived sizes with the values it passes; refused before anything is sent. */
@WithJenkins
class OverlayStepTest {

    private static final Path LATIN = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");

    private DashScopeSimulator simulator;

    @AfterEach
    void stopSimulator() {
        if (simulator != null) {
            simulator.close();
        }
    }

    private WorkflowJob job(JenkinsRule j, String script) throws Exception {
        assumeTrue(Files.isRegularFile(LATIN), "Debian's fonts-dejavu-core");
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        j.jenkins.getWorkspaceFor(p).child("brand/Sans.ttf").copyFrom(new FilePath(new File(LATIN.toString())));
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p;
    }

    @Test
    void theVersionPassedIsDrawnOnEachDerivedSizeAndRecorded(JenkinsRule j) throws Exception {
        simulator = PipelineFixture.simulator(s -> s);
        PipelineFixture.configure(j, simulator);
        WorkflowJob p = job(j, """
                node {
                  def r = generateImage(prompt: 'release banner', credentialsId: 'dashscope', values: [version: '2.5'],
                      outputs: [[size: '600x300', overlays: [textOverlay(text: 'v${version}', font: 'brand/Sans.ttf',
                                                              anchor: 'bottom-right', color: '#ffffff')]]])
                  echo "DERIVED ${r.derived}"
                }
                """.replace("${version}", "\\${version}"));

        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains("DERIVED [generated-images/image-1_600x300.png]", b);
        String manifest = j.jenkins
                .getWorkspaceFor(p)
                .child("generated-images/manifest.json")
                .readToString();
        assertThat(manifest).contains("\"text\" : \"v2.5\"", "\"source\" : \"brand/Sans.ttf\"");
    }

    @Test
    void aMissingFontIsRefusedBeforeAnythingIsSent(JenkinsRule j) throws Exception {
        simulator = PipelineFixture.simulator(s -> s);
        PipelineFixture.configure(j, simulator);
        WorkflowJob p = job(j, """
                node {
                  generateImage(prompt: 'release banner', credentialsId: 'dashscope',
                      outputs: [[size: '600x300', overlays: [textOverlay(text: 'v2.5', font: 'brand/Missing.ttf'),
                                                             logoOverlay(image: 'brand/logo.png')]]])
                }
                """);

        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

        j.assertLogContains("outputs[1].overlays[1].font", b);
        assertThat(simulator.tasksCreated()).isZero();
    }

    @Test
    void aSpecsOverlaysTakeTheStepsValuesAndTheLocalesText(JenkinsRule j) throws Exception {
        WorkflowJob p = job(j, """
                node {
                  writeFile file: 'images.yaml', text: '''
                matrix:
                  locale: [en, fr]
                assets:
                  - name: banner
                    prompt: "banner"
                    outputs:
                      - size: 600x300
                        overlays:
                          - text: {en: "Now available: v${version}", fr: "Disponible : v${version}"}
                            font: brand/Sans.ttf
                '''
                  generateImages(spec: 'images.yaml', dryRun: true, values: [version: '2.5'])
                }
                """);

        j.buildAndAssertSuccess(p);

        FilePath ws = j.jenkins.getWorkspaceFor(p);
        assertThat(ws.child("generated-images/banner-en/manifest.json").readToString())
                .contains("Now available: v2.5");
        assertThat(ws.child("generated-images/banner-fr/manifest.json").readToString())
                .contains("Disponible : v2.5");
    }
}
