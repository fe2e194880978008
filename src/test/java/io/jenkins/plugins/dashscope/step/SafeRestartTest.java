package io.jenkins.plugins.dashscope.step;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dashscope.PipelineFixture;
import io.jenkins.plugins.dashscope.config.DashScopeConfiguration;
import io.jenkins.plugins.dashscope.core.simulator.DashScopeSimulator;
import io.jenkins.plugins.dashscope.core.simulator.Fault;
import io.jenkins.plugins.dashscope.core.simulator.RequestKind;
import java.time.Duration;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A safe restart waits while a step may be paying for something a restart would lose (its create call not yet
 * answered, its task not yet saved), and does not wait for a saved task, which resumes after the restart.
 */
@WithJenkins
class SafeRestartTest {

    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private DashScopeSimulator simulator;

    @AfterEach
    void stopSimulator() {
        if (simulator != null) {
            simulator.close();
        }
    }

    private WorkflowRun start(JenkinsRule j, String name, String script) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, name);
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p.scheduleBuild2(0).waitForStart();
    }

    private static List<StepExecution> executions(WorkflowRun b) throws Exception {
        return b.getExecution().getCurrentExecutions(false).get();
    }

    @Test
    void anUnansweredSubmitBlocksARestartAndASavedTaskDoesNot(JenkinsRule j) throws Exception {
        simulator = PipelineFixture.simulator(
                s -> s.withServiceTime(i -> Duration.ofSeconds(30)).withHangTime(Duration.ofSeconds(15)));
        PipelineFixture.configure(j, simulator);
        simulator.faults().inject(RequestKind.SUBMIT, Fault.HANG, 1);

        WorkflowRun b =
                start(j, "hung", "node { generateImage(prompt: 'p', credentialsId: 'dashscope', timeout: 600) }");
        j.waitForMessage("Request valid", b);

        assertThat(executions(b)).anyMatch(e -> e instanceof GenerationExecution);
        assertThat(b.getExecution().blocksRestart())
                .as("the create call is under way")
                .isTrue();
        assertThat(j.jenkins.isQuietingDown()).isFalse();

        // the hung submit ends (the response timeout or the hang's end), the task list shows no task, it is sent
        // again and its task saved: from then on a restart resumes the wait
        j.waitForMessage("Submitted task", b);
        PipelineFixture.awaitEveryTaskSaved(b);
        assertThat(simulator.count(RequestKind.SUBMIT)).isEqualTo(2);
        b.doStop();
        j.waitForCompletion(b);
    }

    @Test
    void aSetBlocksARestartUntilEveryVariantsTaskIsSaved(JenkinsRule j) throws Exception {
        simulator = PipelineFixture.simulator(
                s -> s.withServiceTime(i -> Duration.ofSeconds(30)).withHangTime(Duration.ofSeconds(15)));
        PipelineFixture.configure(j, simulator);
        DashScopeConfiguration.get().setMaxTasksInFlight(2);
        simulator.faults().inject(RequestKind.SUBMIT, Fault.HANG, 1);

        WorkflowRun b = start(j, "set", """
                node {
                  writeFile file: 'images.yaml', text: '''
                matrix: {locale: [en, ja]}
                assets: [{name: card, prompt: "card in ${locale}"}]
                '''
                  generateImages(spec: 'images.yaml', credentialsId: 'dashscope', timeout: 600)
                }
                """);
        j.waitForMessage("images.yaml: 2 variant(s)", b);

        assertThat(b.getExecution().blocksRestart())
                .as("one variant's create call hangs")
                .isTrue();

        PipelineFixture.awaitEveryTaskSaved(b);
        assertThat(b.getLog()).contains("Submitted task");
        b.doStop();
        j.waitForCompletion(b);
    }
}
