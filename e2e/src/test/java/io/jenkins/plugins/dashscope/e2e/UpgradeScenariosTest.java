package io.jenkins.plugins.dashscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An upgrade under running builds: a Pipeline started by the previous release (built from the commit in
 * {@code kit/previous-release} by {@code kit/build-previous-hpi}) is waiting on its tasks when the controller stops;
 * it starts again with the current plugin, which reads what the previous release saved and finishes the build
 * without submitting anything again.
 */
@Order(7)
@ExtendWith(RealJenkins.Extension.class)
class UpgradeScenariosTest {

    private static final Pattern SUBMITTED = Pattern.compile("Submitted task ([0-9a-f-]{36})");

    @Test
    void buildsStartedByThePreviousReleaseFinishOnTheNewOneWithoutSubmittingAgain(RealJenkins r) throws Exception {
        Path previous = Path.of(System.getProperty("e2e.previousHpi", "../target/previous/dashscope-image.hpi"))
                .toAbsolutePath()
                .normalize();
        assertThat(previous)
                .as("the previous release's plugin: build it with kit/build-previous-hpi")
                .isRegularFile();
        Path current = Path.of(System.getProperty("e2e.hpi")).toAbsolutePath().normalize();
        Path installed = r.jenkins.home().resolve("plugins/dashscope-image.jpi");
        r.restart(() -> install(previous, installed));
        try {
            r.simulator.serviceTime(Duration.ofSeconds(30));
            int submits = r.simulator.count("SUBMIT");
            r.admin.createPipeline("upgrade", """
                    node {
                      writeFile file: 'upgrade.yaml', text: '''
                    matrix: {locale: [en, ja]}
                    assets: [{name: card, model: wan2.2-t2i-flash, prompt: "card in ${locale}"}]
                    '''
                      parallel one: {
                        def img = generateImage(prompt: 'started before the upgrade', outputDir: 'single', credentialsId: 'dashscope')
                        echo "SINGLE ${img.imageCount} ${img.taskId}"
                      }, set: {
                        def set = generateImages(spec: 'upgrade.yaml', outputDir: 'set', credentialsId: 'dashscope')
                        echo "SET ${set.keySet()}"
                      }
                    }
                    """);
            JenkinsClient.Build build = r.admin.build("upgrade");
            List<String> tasks = awaitTasks(r, build, 3);
            r.simulator.serviceTime(Duration.ofMillis(300));
            Path saved = r.jenkins.home().resolve("jobs/upgrade/builds/" + build.number() + "/program.dat");
            awaitSaved(saved, tasks);

            r.restart(() -> {
                assertThat(Files.readString(saved, StandardCharsets.ISO_8859_1))
                        .as("what the previous release saved")
                        .contains(
                                "io.jenkins.plugins.dashscope.GenerateImageExecution",
                                "io.jenkins.plugins.dashscope.GenerateImagesExecution")
                        .doesNotContain("SavedGeneration");
                install(current, installed);
            });
            RealJenkins.Finished b = r.finish(build);

            assertThat(b.result()).as(b.log()).isEqualTo("SUCCESS");
            for (String task : tasks) {
                assertThat(b.log()).contains("Resuming the wait for task " + task);
            }
            assertThat(b.log()).contains("SINGLE 1 ", "SET [card-en, card-ja]");
            assertThat(r.simulator.count("SUBMIT") - submits)
                    .as("submits across the upgrade")
                    .isEqualTo(3);
            assertThat(b.artifacts())
                    .contains(
                            "single/image-1.png",
                            "single/manifest.json",
                            "set/card-en/image-1.png",
                            "set/card-ja/image-1.png",
                            "set/assets.json");
        } finally {
            if (Files.mismatch(installed, current) != -1) {
                r.restart(() -> install(current, installed)); // the suite goes on with the current plugin
            }
        }
    }

    /** Puts {@code hpi} in place of the installed plugin; Jenkins unpacks it afresh at its next start. */
    private static void install(Path hpi, Path installed) throws IOException {
        RealJenkins.deleteTree(installed.resolveSibling("dashscope-image"));
        Files.copy(hpi, installed, StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<String> awaitTasks(RealJenkins r, JenkinsClient.Build build, int count) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            String log = r.admin.console(build);
            List<String> tasks = new ArrayList<>();
            Matcher m = SUBMITTED.matcher(log);
            while (m.find()) {
                tasks.add(m.group(1));
            }
            if (tasks.size() >= count) {
                return tasks;
            }
            if (System.nanoTime() > until) {
                throw new AssertionError(count + " submitted tasks expected within 90 s:\n" + log);
            }
            Thread.sleep(200);
        }
    }

    /** The previous release saves each task as it is submitted, in the background: waits until all are written. */
    private static void awaitSaved(Path programDat, List<String> tasks) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            String saved = Files.exists(programDat) ? Files.readString(programDat, StandardCharsets.ISO_8859_1) : "";
            if (tasks.stream().allMatch(saved::contains)) {
                return;
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("program.dat does not hold every task " + tasks + " after 60 s");
            }
            Thread.sleep(200);
        }
    }
}
