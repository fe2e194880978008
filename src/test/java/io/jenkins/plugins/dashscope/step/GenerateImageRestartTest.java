package io.jenkins.plugins.dashscope.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.jenkins.plugins.dashscope.PipelineFixture;
import io.jenkins.plugins.dashscope.build.GeneratedImagesAction;
import io.jenkins.plugins.dashscope.config.DashScopeConfiguration;
import io.jenkins.plugins.dashscope.core.ledger.LedgerSnapshot;
import io.jenkins.plugins.dashscope.core.ledger.UsageRow;
import io.jenkins.plugins.dashscope.core.simulator.DashScopeSimulator;
import io.jenkins.plugins.dashscope.core.simulator.RequestKind;
import io.jenkins.plugins.dashscope.usage.UsageStore;
import java.time.Duration;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** A controller restart while the task runs: the build waits on the same task and never submits again. */
class GenerateImageRestartTest {

    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    /** Outlives both Jenkins sessions, as DashScope outlives a controller restart. */
    private static DashScopeSimulator simulator;

    @BeforeAll
    static void startSimulator() {
        simulator = PipelineFixture.simulator(s -> s.withServiceTime(i -> Duration.ofSeconds(20)));
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @Test
    void aRestartWhileWaitingResumesTheSameTask() throws Throwable {
        sessions.then(j -> {
            PipelineFixture.configure(j, simulator);
            WorkflowJob p = j.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition(
                    "node { def r = generateImage(prompt: 'survives a restart', credentialsId: 'dashscope'); echo \"task=${r.taskId}\" }",
                    true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            j.waitForMessage("Submitted task", b);
            String task = JenkinsRule.getLog(b).replaceAll("(?s).*Submitted task (\\S+).*", "$1");
            // plain values in a versioned form of the plugin's own: no class of the core, no execution
            assertThat(PipelineFixture.savedProgram(b, task))
                    .contains(SavedGeneration.class.getName(), "{\"version\":1,")
                    .doesNotContain(
                            "io.jenkins.plugins.dashscope.core.",
                            "GenerationExecution",
                            "WorkspacePlan",
                            PipelineFixture.KEY);
            assertThat(UsageStore.get().ledger().snapshot().openHolds())
                    .as("its image is held in the ledger")
                    .isEqualTo(1);
        });
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("Resuming the wait for task", b);
            assertThat(b.getArtifacts()).hasSize(2);
            assertThat(simulator.count(RequestKind.SUBMIT)).isEqualTo(1);
            PipelineFixture.assertKeyAbsent(j, b);
            // the hold saved before the restart is settled by the resumed wait
            LedgerSnapshot usage = UsageStore.get().ledger().snapshot();
            assertThat(usage.openHolds()).isZero();
            assertThat(usage.rows()).extracting(UsageRow::paid, UsageRow::held).containsExactly(tuple(1, 0));
        });
    }

    @Test
    void aRestartWhileASpecWaitsResumesEverySubmittedTask() throws Throwable {
        int before = simulator.tasksCreated();
        sessions.then(j -> {
            PipelineFixture.configure(j, simulator);
            DashScopeConfiguration.get().setMaxTasksInFlight(2); // both variants submitted before the restart
            WorkflowJob p = j.createProject(WorkflowJob.class, "spec");
            p.setDefinition(new CpsFlowDefinition("""
                    node {
                      writeFile file: 'images.yaml', text: '''
                    matrix: {locale: [en, ja]}
                    assets: [{name: card, prompt: "card in ${locale}"}]
                    '''
                      def r = generateImages(spec: 'images.yaml', credentialsId: 'dashscope')
                      echo "VARIANTS ${r.keySet()}"
                    }
                    """, true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            j.waitForMessage("images.yaml: 2 variant(s)", b);
            PipelineFixture.awaitEveryTaskSaved(b); // both variants' tasks, saved right after their submit answers
            assertThat(simulator.tasksCreated()).isEqualTo(before + 2);
        });
        sessions.then(j -> {
            WorkflowRun b =
                    j.jenkins.getItemByFullName("spec", WorkflowJob.class).getBuildByNumber(1);
            j.waitForCompletion(b);
            j.assertLogContains("VARIANTS [card-en, card-ja]", b);
            j.assertLogContains("Resuming the wait for task", b);
            assertThat(simulator.tasksCreated()).isEqualTo(before + 2); // nothing submitted twice
            assertThat(b.getArtifacts())
                    .extracting(hudson.model.Run.Artifact::toString)
                    .contains(
                            "generated-images/card-en/image-1.png",
                            "generated-images/card-ja/image-1.png",
                            "generated-images/assets.json");
        });
    }

    @Test
    void aRestartAfterSomeVariantsWereReusedKeepsThemAndResumesTheRest() throws Throwable {
        int before = simulator.tasksCreated();
        sessions.then(j -> {
            PipelineFixture.configure(j, simulator);
            DashScopeConfiguration.get().setMaxTasksInFlight(2);
            WorkflowJob p = j.createProject(WorkflowJob.class, "reuse");
            // the first build makes the cards; the second asks for the same cards and two new posters
            p.setDefinition(new CpsFlowDefinition("""
                    node {
                      def spec = 'matrix: {locale: [en, ja]}\\nassets:\\n  - {name: card, prompt: "card in ${locale}", seed: 5}\\n'
                      if (currentBuild.number > 1) {
                        spec += '  - {name: poster, prompt: "poster in ${locale}"}\\n'
                      }
                      writeFile file: 'images.yaml', text: spec
                      def r = generateImages(spec: 'images.yaml', credentialsId: 'dashscope', reuse: true)
                      echo "VARIANTS ${r.keySet()}"
                    }
                    """, true));
            j.buildAndAssertSuccess(p);
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            j.waitForMessage("Reused from #1", b);
            PipelineFixture.awaitEveryTaskSaved(b); // the posters' tasks, saved right after their submit answers
            assertThat(simulator.tasksCreated()).isEqualTo(before + 4);
        });
        sessions.then(j -> {
            WorkflowRun b =
                    j.jenkins.getItemByFullName("reuse", WorkflowJob.class).getBuildByNumber(2);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("VARIANTS [card-en, card-ja, poster-en, poster-ja]", b);
            j.assertLogContains("Resuming the wait for task", b);
            assertThat(simulator.tasksCreated()).isEqualTo(before + 4); // 2 cards once, 2 posters once
            assertThat(b.getArtifacts())
                    .extracting(hudson.model.Run.Artifact::toString)
                    .contains("generated-images/card-ja/image-1.png", "generated-images/poster-ja/image-1.png");
            assertThat(b.getAction(GeneratedImagesAction.class)
                            .getUsage()
                            .getTotal()
                            .getReused())
                    .isEqualTo(2);
        });
    }
}
