package io.jenkins.plugins.dashscope.config;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.ExtensionList;
import io.jenkins.plugins.dashscope.PipelineFixture;
import io.jenkins.plugins.dashscope.core.simulator.DashScopeSimulator;
import io.jenkins.plugins.dashscope.core.wait.RunTimeHistory;
import io.jenkins.plugins.dashscope.core.wait.ServiceTimeEstimator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The controller's learned run times, kept in JENKINS_HOME for the next start. */
@WithJenkins
class RunTimesTest {

    private DashScopeSimulator simulator;

    @AfterEach
    void stopSimulator() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void whatABuildTaughtIsWrittenUnderJenkinsHomeWithoutTheKeyAndReadBack(JenkinsRule j) throws Exception {
        simulator = PipelineFixture.simulator(s -> s);
        PipelineFixture.configure(j, simulator);
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(
                "node { generateImage(prompt: 'p', model: 'wanx-v1', credentialsId: 'dashscope') }", true));
        j.buildAndAssertSuccess(p);

        ExtensionList.lookupSingleton(RunTimes.class).save();

        Path file = j.jenkins.getRootDir().toPath().resolve("dashscope-image/run-times.json");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String learned = simulator.baseUrl() + " wanx-v1";
        assertThat(text).contains(learned).doesNotContain(PipelineFixture.KEY);
        // what the next start of the service reads
        ServiceTimeEstimator next = new ServiceTimeEstimator();
        assertThat(new RunTimeHistory(file).loadInto(next)).isTrue();
        assertThat(next.estimate(learned)).isPresent();
        // nothing new learned: the file is not written again
        Files.writeString(file, "{\"version\":1,\"runTimes\":{}}");
        ExtensionList.lookupSingleton(RunTimes.class).save();
        assertThat(Files.readString(file)).isEqualTo("{\"version\":1,\"runTimes\":{}}");
    }
}
