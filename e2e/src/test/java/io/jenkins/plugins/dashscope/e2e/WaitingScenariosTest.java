package io.jenkins.plugins.dashscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Waiting as a release pipeline sees it: parallel branches sharing one key, a timeout and an abort while
 * the task is queued on the server, and a controller restart in the middle of a wait.
 */
@Order(3)
@ExtendWith(RealJenkins.Extension.class)
class WaitingScenariosTest {

    private static final String TASK_ID = "Submitted task ([0-9a-f-]{36})";

    @AfterEach
    void shortTasksAgain(RealJenkins r) throws Exception {
        r.simulator.serviceTime(Duration.ofMillis(300));
    }

    @Test
    @Order(1)
    void sixParallelBranchesOnOneKeyAllSucceedAndNoThrottlingReachesThem(RealJenkins r) throws Exception {
        r.simulator.serviceTime(Duration.ofMillis(600));
        int submits = r.simulator.count("SUBMIT");
        int throttled = r.simulator.count("throttled");

        RealJenkins.Finished b = r.runPipeline("parallel", """
                node {
                  def branches = [:]
                  for (int i = 1; i <= 6; i++) {
                    def n = i
                    branches["b${n}"] = {
                      def img = generateImage(prompt: "variant ${n}", outputDir: "variant-${n}", credentialsId: 'dashscope')
                      echo "BRANCH ${n} SAVED ${img.imageCount}"
                    }
                  }
                  parallel branches
                }
                """);

        assertThat(b.result()).as(b.log()).isEqualTo("SUCCESS");
        for (int i = 1; i <= 6; i++) {
            assertThat(b.log()).contains("BRANCH " + i + " SAVED 1");
            assertThat(b.artifacts()).contains("variant-" + i + "/image-1.png");
        }
        assertThat(b.log()).doesNotContain("Throttling", "Retrying");
        assertThat(r.simulator.count("SUBMIT") - submits).isEqualTo(6);
        assertThat(r.simulator.count("throttled") - throttled).isZero();
    }

    @Test
    @Order(2)
    void aTimeoutWhileTheTaskIsQueuedAbortsTheBuildAndCancelsTheTask(RealJenkins r) throws Exception {
        occupyTheQueueKey(r);
        int cancels = r.simulator.count("CANCEL");

        RealJenkins.Finished b = r.runPipeline("timeout-queued", """
                node {
                  timeout(time: 8, unit: 'SECONDS') {
                    generateImage(prompt: 'waits behind another task', credentialsId: 'dashscope-queue')
                  }
                }
                """);

        assertThat(b.result()).as(b.log()).isEqualTo("ABORTED");
        String task = PipelineScenariosTest.between(b.log(), "Submitted task ", " ");
        assertThat(r.simulator.taskStatus(r.queueKey, task)).isEqualTo("CANCELED");
        assertThat(r.simulator.count("CANCEL") - cancels).isEqualTo(1);
        assertThat(b.artifacts()).isEmpty();
    }

    @Test
    @Order(3)
    void aManualAbortWhileTheTaskIsQueuedCancelsTheTask(RealJenkins r) throws Exception {
        occupyTheQueueKey(r);
        r.admin.createPipeline("abort-queued", """
                node { generateImage(prompt: 'waits behind another task', credentialsId: 'dashscope-queue') }
                """);
        JenkinsClient.Build build = r.admin.build("abort-queued");
        String task = r.admin.awaitLog(build, TASK_ID, Duration.ofSeconds(60));
        assertThat(r.simulator.taskStatus(r.queueKey, task)).isEqualTo("PENDING");

        JenkinsClient.expect(302, r.admin.post(build.path() + "stop", JenkinsClient.form()), "stop");
        RealJenkins.Finished b = r.finish(build);

        assertThat(b.result()).as(b.log()).isEqualTo("ABORTED");
        assertThat(r.simulator.taskStatus(r.queueKey, task)).isEqualTo("CANCELED");
    }

    /**
     * Also: what the controller learned of run times survives the restart. The file written at shutdown names the
     * simulator and the model, never the key; rewritten while Jenkins is down to say this model's tasks take 10 s,
     * the first wait after the restart sleeps to that before its first query, which a controller without history
     * sends after 1 s. Only a slow machine could lengthen that, never shorten it.
     */
    @Test
    @Order(4)
    void aControllerRestartWhileWaitingResumesTheSameTaskWithoutSubmittingAgain(RealJenkins r) throws Exception {
        r.simulator.serviceTime(Duration.ofSeconds(25));
        int submits = r.simulator.count("SUBMIT");
        r.admin.createPipeline("restart", """
                node {
                  def img = generateImage(prompt: 'survives a restart', credentialsId: 'dashscope')
                  echo "AFTER RESTART ${img.imageCount} ${img.taskId}"
                }
                """);
        JenkinsClient.Build build = r.admin.build("restart");
        String task = r.admin.awaitLog(build, TASK_ID, Duration.ofSeconds(60));
        r.simulator.serviceTime(Duration.ofMillis(300));

        Path saved = r.jenkins.home().resolve("jobs/restart/builds/" + build.number() + "/program.dat");
        Path history = r.jenkins.home().resolve("dashscope-image/run-times.json");
        String learned = r.simulator.api() + " wanx-v1";
        r.restart(() -> {
            assertThat(Files.readString(saved, StandardCharsets.ISO_8859_1))
                    .as("the waiting build's saved state")
                    .contains(task)
                    .doesNotContain(r.key);
            assertThat(Files.readString(history))
                    .as("written at shutdown")
                    .contains(learned)
                    .doesNotContain(r.key);
            Files.writeString(
                    history,
                    "{\"version\":1,\"runTimes\":{\"" + learned + "\":" + java.util.Collections.nCopies(32, "10000")
                            + "}}");
        });
        RealJenkins.Finished b = r.finish(build);

        assertThat(b.result()).as(b.log()).isEqualTo("SUCCESS");
        assertThat(b.log()).contains("Resuming the wait for task " + task, "AFTER RESTART 1 " + task);
        assertThat(r.simulator.count("SUBMIT") - submits).isEqualTo(1);
        assertThat(b.artifacts()).contains("generated-images/image-1.png");

        RealJenkins.Finished next = r.runPipeline("remembered", """
                node {
                  def img = generateImage(prompt: 'after the restart', model: 'wanx-v1', credentialsId: 'dashscope')
                  echo "TASK ${img.taskId}"
                }
                """);
        assertThat(next.result()).as(next.log()).isEqualTo("SUCCESS");
        java.util.regex.Matcher id =
                java.util.regex.Pattern.compile("TASK ([0-9a-f-]{36})").matcher(next.log());
        assertThat(id.find()).as(next.log()).isTrue();
        assertThat(r.simulator.detectedAfter(id.group(1)))
                .as("a 0.3 s task first queried once the restored history's floor (about 9.7 s) had passed")
                .isGreaterThan(Duration.ofSeconds(8));
    }

    /**
     * Another client of the same account runs a long task with the queue key, so the server queues the
     * next one (PENDING) behind it, as the platform does beyond a model's concurrency.
     */
    private static void occupyTheQueueKey(RealJenkins r) throws Exception {
        r.simulator.serviceTime(Duration.ofMinutes(10));
        r.simulator.submitDirectly(r.queueKey, "a long task of another client");
        r.simulator.serviceTime(Duration.ofMillis(300));
    }
}
