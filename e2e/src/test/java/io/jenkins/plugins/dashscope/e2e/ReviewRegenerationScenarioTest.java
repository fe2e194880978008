package io.jenkins.plugins.dashscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole review of a set, as the release issue asks it, in headless Chromium: two images approved and one
 * rejected, that variant regenerated (a new task at the simulator, its image shown beside the old one), Jenkins
 * restarted while the regeneration waits (it resumes the same task, paying once), the new image approved, the review
 * finished; then the Pipeline's return value, the manifests and {@code assets.json}. A visitor without the job's
 * Build permission, and a colleague who has it but is not the review's submitter, are refused and change nothing.
 */
@Order(8)
@ExtendWith(RealJenkins.Extension.class)
class ReviewRegenerationScenarioTest {

    private static final Pattern TASK_ID = Pattern.compile("Submitted task ([0-9a-f-]{36})");

    @Test
    void approveRejectRegenerateRestartAndFinish(RealJenkins r) throws Exception {
        assumeTrue(Chromium.executable() != null, "no Chromium (Debian package chromium)");
        r.simulator.serviceTime(Duration.ofMillis(300));
        r.admin.createPipeline("release-review", """
                node {
                  writeFile file: 'images.yaml', text: '''
                assets:
                  - name: hero
                    prompt: "Release hero, a lighthouse"
                    n: 2
                  - name: card
                    prompt: "Social card, a lighthouse"
                '''
                  generateImages(spec: 'images.yaml', outputDir: 'release', credentialsId: 'dashscope')
                  def review = reviewImages(message: 'Pick the release images', regenerations: 1, submitter: 'admin')
                  echo "GENERATIONS ${review.generations.keySet()}"
                  echo "CARD ${review.generations['card-r1'].files} BY ${review.generations['card-r1'].review*.reviewer}"
                  echo "APPROVED ${review.approved} REJECTED ${review.rejected}"
                  echo "REVIEWERS ${review.decisions*.reviewer.unique()}"
                }
                """);
        JenkinsClient.Build build = r.admin.build("release-review");
        r.admin.awaitLog(build, "Waiting for a review of 3 image", Duration.ofMinutes(2));
        int submits = r.simulator.count("SUBMIT");
        String page = build.path() + "image-review/";
        Path out = Screenshots.folder();

        assertThat(r.anonymous
                        .post(page + "decide", Map.of("id", "x", "image", "release/hero/image-1.png"))
                        .statusCode())
                .as("no such review")
                .isEqualTo(404);

        List<String> tasksBefore;
        try (Chromium browser = browser(r, "chromium-regenerate")) {
            browser.open(r.jenkins.url().resolve(page), 1280);
            loaded(browser, 3);
            String id = browser.eval("document.querySelector('form[action=decide] input[name=id]').value")
                    .asText();
            assertThat(r.anonymous
                            .post(
                                    page + "decide",
                                    Map.of("id", id, "image", "release/hero/image-1.png", "verdict", "APPROVED"))
                            .statusCode())
                    .as("a visitor without Build")
                    .isEqualTo(403);
            assertThat(r.anonymous
                            .post(page + "regenerate", Map.of("id", id, "group", "card"))
                            .statusCode())
                    .isEqualTo(403);
            for (String action : new String[] {"decide", "regenerate", "finish", "abort"}) {
                assertThat(r.colleague
                                .post(
                                        page + action,
                                        Map.of(
                                                "id",
                                                id,
                                                "image",
                                                "release/hero/image-1.png",
                                                "verdict",
                                                "REJECTED",
                                                "group",
                                                "card"))
                                .statusCode())
                        .as("a colleague the step does not name as submitter: " + action)
                        .isEqualTo(403);
            }

            decide(browser, "release/hero/image-1.png", "APPROVED", null, 3);
            decide(browser, "release/hero/image-2.png", "APPROVED", null, 3);
            decide(browser, "release/card/image-1.png", "REJECTED", "the text is garbled", 3);

            r.simulator.serviceTime(Duration.ofSeconds(40)); // long enough to restart Jenkins under it
            tasksBefore = tasks(r.admin.console(build));
            browser.eval("window.__leaving = true; "
                    + "document.querySelector('form[action=regenerate] input[name=group][value=card]')"
                    + ".form.querySelector('button').click()");
            browser.waitFor("!window.__leaving && document.readyState === 'complete'", Duration.ofSeconds(30));
            assertThat(browser.eval("document.querySelector('.dashscope-retakes').innerText")
                            .asText())
                    .contains("release/card-r1");
        }
        String task = null;
        long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Path buildXml = r.jenkins.home().resolve("jobs/release-review/builds/" + build.number() + "/build.xml");
        while (task == null || !Files.readString(buildXml).contains(task)) {
            assertThat(System.nanoTime()).as("the regeneration's task saved").isLessThan(until);
            List<String> now = tasks(r.admin.console(build));
            now.removeAll(tasksBefore);
            task = now.isEmpty() ? null : now.get(0);
            Thread.sleep(200);
        }
        assertThat(r.simulator.count("SUBMIT") - submits).as("one new task").isEqualTo(1);
        String retakeTask = task;

        r.restart(() -> assertThat(Files.readString(buildXml))
                .as("the review, with the regeneration's saved state")
                .contains(retakeTask, "the text is garbled")
                .doesNotContain(r.key));
        r.simulator.serviceTime(Duration.ofMillis(300));

        r.admin.awaitLog(build, "Generated card again into release/card-r1", Duration.ofMinutes(2));
        assertThat(r.simulator.count("SUBMIT") - submits)
                .as("resumed, not paid twice")
                .isEqualTo(1);
        try (Chromium browser = browser(r, "chromium-regenerated")) {
            browser.open(r.jenkins.url().resolve(page), 1280);
            loaded(browser, 4);
            assertThat(verdicts(browser)).isEqualTo("Approved|Approved|Rejected|Not decided");
            decide(browser, "release/card-r1/image-1.png", "APPROVED", null, 4);
            Screenshots.save(out, "review-page-regenerated.png", browser.screenshot("#main-panel"));
            browser.eval("window.__leaving = true; document.querySelector('form[action=finish] button').click()");
            browser.waitFor("!window.__leaving && document.readyState === 'complete'", Duration.ofSeconds(30));
        }
        RealJenkins.Finished b = r.finish(build);

        assertThat(b.result()).as(b.log()).isEqualTo("SUCCESS");
        assertThat(b.log())
                .contains(
                        "Resuming the wait for task " + retakeTask,
                        "GENERATIONS [hero, card, card-r1]",
                        "CARD [release/card-r1/image-1.png] BY [admin]",
                        "APPROVED [release/hero/image-1.png, release/hero/image-2.png, release/card-r1/image-1.png]"
                                + " REJECTED [release/card/image-1.png]",
                        "REVIEWERS [admin]");
        assertThat(b.artifacts()).contains("release/card-r1/image-1.png");
        Path release = r.jenkins.home().resolve("workspace/release-review/release");
        assertThat(Files.readString(release.resolve("card/manifest.json")))
                .contains("the text is garbled", "REJECTED", "\"reviewer\" : \"admin\"");
        assertThat(Files.readString(release.resolve("card-r1/manifest.json"))).contains(retakeTask, "APPROVED");
        JsonNode index =
                new ObjectMapper().readTree(release.resolve("assets.json").toFile());
        assertThat(index.path("approvedFolder").asText()).isEqualTo("approved");
        JsonNode retake = index.path("variants").get(2);
        assertThat(retake.path("folder").asText()).isEqualTo("card-r1");
        assertThat(retake.path("regenerationOf").asText()).isEqualTo("card");
        assertThat(retake.path("review").path("approved").get(0).asText()).isEqualTo("card-r1/image-1.png");
        assertThat(release.resolve("approved/card-r1/image-1.png")).exists();
        assertThat(release.resolve("approved/hero/image-2.png")).exists();
        assertThat(release.resolve("approved/card/image-1.png")).doesNotExist();
    }

    private static Chromium browser(RealJenkins r, String profile) throws Exception {
        String auth = "Basic "
                + Base64.getEncoder()
                        .encodeToString((RealJenkins.ADMIN + ":" + r.adminPassword).getBytes(StandardCharsets.UTF_8));
        return new Chromium(Chromium.executable(), r.work.resolve(profile), auth);
    }

    private static List<String> tasks(String log) {
        List<String> ids = new ArrayList<>();
        Matcher m = TASK_ID.matcher(log);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static void loaded(Chromium browser, int images) throws Exception {
        browser.waitFor(
                "document.querySelectorAll('.dashscope-review-set img').length === " + images
                        + " && [...document.querySelectorAll('.dashscope-review-set img')]"
                        + ".every(i => i.complete && i.naturalWidth > 0)",
                Duration.ofSeconds(20));
    }

    private static String verdicts(Chromium browser) throws Exception {
        return browser.eval(
                        "[...document.querySelectorAll('.dashscope-verdict')].map(p => p.innerText.trim()).join('|')")
                .asText();
    }

    /** Presses the verdict's button in the form of {@code image}, with a reason if one is given. */
    private static void decide(Chromium browser, String image, String verdict, String reason, int images)
            throws Exception {
        String form = "document.querySelector('form[action=decide] input[name=image][value=\"" + image + "\"]').form";
        if (reason != null) {
            browser.eval(form + ".querySelector('input[name=reason]').value = '" + reason + "'");
        }
        browser.eval("window.__leaving = true; " + form + ".querySelector('button[value=" + verdict + "]').click()");
        browser.waitFor("!window.__leaving && document.readyState === 'complete'", Duration.ofSeconds(30));
        loaded(browser, images);
    }
}
