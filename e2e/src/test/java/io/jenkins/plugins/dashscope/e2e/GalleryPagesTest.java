package io.jenkins.plugins.dashscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pages a release manager reads, as Jenkins serves them: a build's gallery at its own URL with a side-panel
 * link, the build page's summary, the job page's link to the latest images, generations in the script's order
 * whichever branch finished first, and usage totals that count exactly what the gallery shows.
 */
@Order(5)
@ExtendWith(RealJenkins.Extension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GalleryPagesTest {

    static final String MIXED = "mixed-usage";

    /**
     * Three generations in parallel branches: one paid then reused (build 2), a dry run, one partial (paid and
     * failed). The branch that sleeps differs by build, so they finish in another order each time.
     */
    private static final String SCRIPT = """
            node {
              def first = env.BUILD_NUMBER == '1'
              parallel(
                hero: {
                  sleep(time: first ? 3 : 0, unit: 'SECONDS')
                  generateImage(prompt: 'mixed hero', seed: 11, outputDir: 'mix/hero', reuse: true,
                                credentialsId: 'dashscope')
                },
                draft: {
                  generateImage(prompt: 'mixed draft', dryRun: true, outputDir: 'mix/draft')
                },
                icon: {
                  sleep(time: first ? 0 : 3, unit: 'SECONDS')
                  generateImage(prompt: 'mixed icon simulate:partial', n: 2, allowPartial: true, outputDir: 'mix/icon',
                                credentialsId: 'dashscope')
                }
              )
            }
            """;

    private static final Pattern SECTION = Pattern.compile("<section id=\"(g-[^\"]+)\"");
    /** A usage row with the dry-run column: model (or Total), generated, reused, dry run, failed. */
    private static final Pattern USAGE_ROW = Pattern.compile(
            "<tr(?: class=\"dashscope-usage-total\")?><td>[^<]+</td><td>(\\d+)</td><td>(\\d+)</td><td>(\\d+)</td>"
                    + "<td>(\\d+)</td></tr>");

    @Test
    @Order(1)
    void theGalleryHasItsOwnPageListsTheScriptsOrderAndCountsWhatItShows(RealJenkins r) throws Exception {
        RealJenkins.Finished first = r.runPipeline(MIXED, SCRIPT);
        RealJenkins.Finished second = r.finish(r.admin.build(MIXED));

        for (RealJenkins.Finished b : List.of(first, second)) {
            assertThat(b.result()).as(b.log()).isEqualTo("UNSTABLE"); // the partial icon
            String gallery =
                    r.anonymous.get(b.build().path() + "generated-images/").body();
            // the script's order in both builds, though the branches finished in another order each time
            assertThat(all(SECTION, gallery)).containsExactly("g-mix_hero", "g-mix_draft", "g-mix_icon");
            int shown = count(gallery, "<figure class=\"dashscope-card\"")
                    + count(gallery, "<figure class=\"dashscope-card dashscope-card--compare\"");
            int failed = count(gallery, "dashscope-card--failed");
            // the last row: the total, or the only model's row
            Matcher row = USAGE_ROW.matcher(gallery);
            java.util.regex.MatchResult total = null;
            while (row.find()) {
                total = row.toMatchResult();
            }
            assertThat(total).as(gallery).isNotNull();
            int generated = Integer.parseInt(total.group(1));
            int reused = Integer.parseInt(total.group(2));
            int simulated = Integer.parseInt(total.group(3));
            // every image shown is paid, reused or a dry run's, once; every failure card is a failure
            assertThat(generated + reused + simulated).isEqualTo(shown).isEqualTo(3);
            assertThat(Integer.parseInt(total.group(4))).isEqualTo(failed).isEqualTo(1);
            assertThat(simulated).isEqualTo(1);
            assertThat(count(gallery, "dashscope-badge--dry-run")).isEqualTo(1);
            // the last line of each step links to its section of the gallery
            String console = r.anonymous.get(b.build().path() + "console").body();
            assertThat(console)
                    .contains(
                            b.build().path() + "generated-images/#g-mix_hero",
                            b.build().path() + "generated-images/#g-mix_draft");
        }
        String firstGallery =
                r.anonymous.get(first.build().path() + "generated-images/").body();
        String secondGallery =
                r.anonymous.get(second.build().path() + "generated-images/").body();
        assertThat(firstGallery).doesNotContain("dashscope-badge--reused");
        assertThat(secondGallery).contains("dashscope-badge--reused");
        assertThat(second.log()).contains("Reused from #1: 1 image(s)");
    }

    @Test
    @Order(2)
    void theBuildAndJobPagesLinkToTheImages(RealJenkins r) throws Exception {
        String build = r.anonymous.get("job/" + MIXED + "/2/").body();
        // a side-panel link and the compact summary: the usage, a strip of images, the way to the gallery
        assertThat(build)
                .contains("/job/" + MIXED + "/2/generated-images", "dashscope-summary", "dashscope-strip")
                .contains("3 image(s) from 3 generation(s)")
                .doesNotContain("dashscope-card--failed"); // the full cards are on the gallery page
        String job = r.anonymous.get("job/" + MIXED + "/").body();
        assertThat(job)
                .contains("lastSuccessfulBuild/generated-images", "Latest generated images", "dashscope-latest")
                .contains("/job/" + MIXED + "/2/artifact/mix/hero/image-1.png");
        assertThat(r.anonymous
                        .get("job/" + MIXED + "/lastSuccessfulBuild/generated-images/")
                        .statusCode())
                .isEqualTo(200);
    }

    private static List<String> all(Pattern p, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
