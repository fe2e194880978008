package io.jenkins.plugins.dashscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code reviewImages} as a reviewer uses it, in headless Chromium: the page shows the build's two images, Approve
 * on one and Reject with a reason on the other (plain form POSTs with the crumb), then Finish review; the Pipeline
 * goes on with the approved image, and the manifest records both decisions. Pictures before and after.
 */
@Order(7)
@ExtendWith(RealJenkins.Extension.class)
class ReviewPageTest {

    @Test
    void aReviewerApprovesOneImageRejectsTheOtherAndFinishes(RealJenkins r) throws Exception {
        assumeTrue(Chromium.executable() != null, "no Chromium (Debian package chromium)");
        r.admin.createPipeline("review", """
                node {
                  generateImage(prompt: 'a lighthouse at dawn', n: 2, credentialsId: 'dashscope', outputDir: 'banner')
                  def review = reviewImages(message: 'Pick the release banner')
                  echo "APPROVED ${review.approved} REJECTED ${review.rejected}"
                }
                """);
        JenkinsClient.Build build = r.admin.build("review");
        r.admin.awaitLog(build, "Waiting for a review of 2 image", Duration.ofMinutes(2));
        Path out = Screenshots.folder();
        String auth = "Basic "
                + Base64.getEncoder()
                        .encodeToString((RealJenkins.ADMIN + ":" + r.adminPassword).getBytes(StandardCharsets.UTF_8));
        try (Chromium browser = new Chromium(Chromium.executable(), r.work.resolve("chromium-review"), auth)) {
            browser.open(r.jenkins.url().resolve(build.path() + "image-review/"), 1280);
            loaded(browser);
            assertThat(browser.eval("document.querySelector('.dashscope-review-set .dashscope-prompt').innerText")
                            .asText())
                    .isEqualTo("Pick the release banner");
            assertThat(browser.eval("document.querySelectorAll('.dashscope-review-set figure').length")
                            .asInt())
                    .isEqualTo(2);
            Screenshots.save(out, "review-page-before.png", browser.screenshot("#main-panel"));

            submit(browser, 0, "APPROVED", null);
            submit(browser, 1, "REJECTED", "the horizon is tilted");
            assertThat(browser.eval("[...document.querySelectorAll('.dashscope-verdict')].map(p => p.innerText.trim())"
                                    + ".join('|')")
                            .asText())
                    .isEqualTo("Approved|Rejected");
            Screenshots.save(out, "review-page-decided.png", browser.screenshot("#main-panel"));

            browser.eval("window.__leaving = true; document.querySelector('form[action=finish] button').click()");
            browser.waitFor("!window.__leaving && document.readyState === 'complete'", Duration.ofSeconds(30));
        }
        RealJenkins.Finished b = r.finish(build);

        assertThat(b.result()).as(b.log()).isEqualTo("SUCCESS");
        assertThat(b.log()).contains("APPROVED [banner/image-1.png] REJECTED [banner/image-2.png]");
        Path workspace = r.jenkins.home().resolve("workspace/review/banner");
        assertThat(Files.readString(workspace.resolve("manifest.json")))
                .contains("the horizon is tilted", "\"reviewer\" : \"admin\"");
        assertThat(workspace.resolve("approved/image-1.png")).exists();
        assertThat(workspace.resolve("approved/image-2.png")).doesNotExist();
    }

    private static void loaded(Chromium browser) throws Exception {
        browser.waitFor(
                "[...document.querySelectorAll('.dashscope-review-set img')].every(i => i.complete && i.naturalWidth > 0)",
                Duration.ofSeconds(20));
    }

    /** Fills the reason (if any) of the {@code index}th image's form and presses the verdict's button. */
    private static void submit(Chromium browser, int index, String verdict, String reason) throws Exception {
        String form = "document.querySelectorAll('.dashscope-review-set form[action=decide]')[" + index + "]";
        if (reason != null) {
            browser.eval(form + ".querySelector('input[name=reason]').value = '" + reason + "'");
        }
        browser.eval("window.__leaving = true; " + form + ".querySelector('button[value=" + verdict + "]').click()");
        browser.waitFor("!window.__leaving && document.readyState === 'complete'", Duration.ofSeconds(30));
        loaded(browser);
    }
}
