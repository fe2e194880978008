package io.jenkins.plugins.dashscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pictures of what a person sees, taken with headless Chromium as the logged-in administrator: a build's gallery
 * page, the build and job pages' summaries, the step in the Snippet Generator, and the global settings. They go to
 * {@code e2e.screenshots} ({@code docs/images} when refreshing the README's pictures).
 */
@Order(6)
@ExtendWith(RealJenkins.Extension.class)
class ScreenshotsTest {

    private static Chromium browser;
    private static Path out;

    @BeforeAll
    static void openBrowser(RealJenkins r) throws Exception {
        assumeTrue(Chromium.executable() != null, "no Chromium (Debian package chromium): no screenshots");
        out = Screenshots.folder();
        String auth = "Basic "
                + Base64.getEncoder()
                        .encodeToString((RealJenkins.ADMIN + ":" + r.adminPassword).getBytes(StandardCharsets.UTF_8));
        browser = new Chromium(Chromium.executable(), r.work.resolve("chromium-profile"), auth);
    }

    @AfterAll
    static void closeBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theBuildsGalleryPage(RealJenkins r) throws Exception {
        browser.open(
                r.jenkins.url().resolve("job/" + PipelineScenariosTest.DECLARATIVE + "/1/generated-images/"), 1280);
        browser.waitFor(
                "[...document.querySelectorAll('.dashscope-gallery img')].every(i => i.complete && i.naturalWidth > 0)",
                java.time.Duration.ofSeconds(20));

        // what the page must show: the image under its file name, its model, the ids folded away, the side link
        assertThat(texts(".dashscope-card figcaption strong")).containsExactly("image-1.png", "image-2.png");
        assertThat(text(".dashscope-facts")).contains("wanx-v1");
        assertThat(text(".dashscope-ids summary")).isEqualTo("Task and request");
        assertThat(browser.eval("!!document.querySelector('#side-panel a[href$=\"/1/generated-images\"]')")
                        .asBoolean())
                .isTrue();
        save("build-page-gallery.png", browser.screenshot("#main-panel"));
    }

    /**
     * A build of a paid image, a dry run and a partial result: the two single images sit side by side, the dry run
     * marked as one; then the build page's summary, and the job page's latest images.
     */
    @Test
    void singleImagesInAGridAndTheBuildAndJobPagesSummaries(RealJenkins r) throws Exception {
        byte[] png = wholeGallery(r, GalleryPagesTest.MIXED + "/1/generated-images/");
        assertThat(texts(".dashscope-badge")).containsExactly("Dry run");
        // the two single images share a row; the partial result (an image and a failure) takes the next
        assertThat(browser.eval("[...document.querySelectorAll('.dashscope-generation')]"
                                + ".map(s => Math.round(s.getBoundingClientRect().top)).join(' ')")
                        .asText()
                        .split(" "))
                .satisfies(tops -> {
                    assertThat(tops).hasSize(3);
                    assertThat(tops[1]).isEqualTo(tops[0]);
                    assertThat(Integer.parseInt(tops[2])).isGreaterThan(Integer.parseInt(tops[0]));
                });
        assertThat(texts(".dashscope-usage th")).contains("Dry run");
        save("mixed-build-gallery.png", png);

        browser.open(r.jenkins.url().resolve("job/" + GalleryPagesTest.MIXED + "/2/"), 1280);
        eagerImages();
        assertThat(text(".dashscope-summary")).contains("3 image(s) from 3 generation(s)");
        save("build-page-summary.png", browser.screenshot("#main-panel"));

        browser.open(r.jenkins.url().resolve("job/" + GalleryPagesTest.MIXED + "/"), 1280);
        eagerImages();
        assertThat(text(".dashscope-latest h2")).contains("Latest generated images", "#2");
        assertThat(browser.eval("document.querySelectorAll('.dashscope-latest img').length")
                        .asInt())
                .isEqualTo(3);
        save("job-page-latest-images.png", browser.screenshot("#main-panel"));
    }

    private static void eagerImages() throws Exception {
        browser.eval("document.querySelectorAll('.dashscope-gallery img').forEach(i => i.loading = 'eager')");
        browser.waitFor(
                "[...document.querySelectorAll('.dashscope-gallery img')].every(i => i.complete && i.naturalWidth > 0)",
                java.time.Duration.ofSeconds(20));
    }

    /** The review gallery of an asset with derived sizes: its first build, then the next one beside it. */
    @Test
    void theReviewGalleryBeforeAndAfterASecondBuild(RealJenkins r) throws Exception {
        for (int build : new int[] {1, 2}) {
            browser.open(
                    r.jenkins
                            .url()
                            .resolve(
                                    "job/" + PipelineScenariosTest.RELEASE_ASSETS + "/" + build + "/generated-images/"),
                    1280);
            browser.waitFor(
                    "[...document.querySelectorAll('.dashscope-gallery img')].every(i => i.complete && i.naturalWidth > 0)",
                    java.time.Duration.ofSeconds(20));
            save(
                    build == 1 ? "review-gallery-first-build.png" : "review-gallery-second-build.png",
                    browser.screenshot(".dashscope-gallery"));
        }
    }

    /** A spec's six variants on one build page, grouped by asset. */
    @Test
    void aSpecsBuildPage(RealJenkins r) throws Exception {
        byte[] png = wholeGallery(r, PipelineScenariosTest.SPEC_JOB + "/1/generated-images/");
        // the assets in the spec's order, each variant under its asset, six images seen, and the set's usage
        assertThat(texts(".dashscope-asset")).containsExactly("Asset: banner", "Asset: card", "Asset: poster");
        assertThat(texts(".dashscope-variant"))
                .containsExactly("banner-en", "banner-zh-CN", "card-en", "card-zh-CN", "poster-en", "poster-zh-CN");
        assertThat(browser.eval("document.querySelectorAll('.dashscope-gallery img.dashscope-review').length")
                        .asInt())
                .isEqualTo(6);
        assertThat(texts(".dashscope-usage td")).startsWith("wan2.2-t2i-flash", "6", "0", "0");
        save("spec-build-page.png", png);
    }

    /** A partial result: the image that did not arrive is shown in its place, with its number and its code. */
    @Test
    void aPartialResultShowsTheMissingImageInPlace(RealJenkins r) throws Exception {
        browser.open(r.jenkins.url().resolve("job/partial-allowed/1/generated-images/"), 1280);
        browser.waitFor(
                "[...document.querySelectorAll('.dashscope-gallery img')].every(i => i.complete && i.naturalWidth > 0)",
                java.time.Duration.ofSeconds(20));

        assertThat(texts(".dashscope-cards > figure strong")).containsExactly("image-1.png", "#2");
        assertThat(text(".dashscope-card--failed")).contains("InternalError.Timeout");
        save("partial-result.png", browser.screenshot(".dashscope-gallery"));
    }

    private static String text(String selector) throws Exception {
        return browser.eval("document.querySelector('" + selector + "').innerText")
                .asText();
    }

    private static java.util.List<String> texts(String selector) throws Exception {
        java.util.List<String> all = new java.util.ArrayList<>();
        browser.eval("[...document.querySelectorAll('" + selector + "')].map(e => e.innerText.trim())")
                .forEach(n -> all.add(n.asText()));
        return all;
    }

    /** A gallery page, every image loaded: it loads them lazily, and the picture takes them all. */
    private static byte[] wholeGallery(RealJenkins r, String page) throws Exception {
        browser.open(r.jenkins.url().resolve("job/" + page), 1280);
        eagerImages();
        return browser.screenshot(".dashscope-gallery");
    }

    /** The same spec's next build: every variant reused from #1, and the build's usage with its estimate. */
    @Test
    void aReusingBuildsUsageSummary(RealJenkins r) throws Exception {
        byte[] png = wholeGallery(r, PipelineScenariosTest.SPEC_JOB + "/2/generated-images/");
        // nothing generated, six reused, each variant saying from where
        assertThat(texts(".dashscope-usage td")).startsWith("wan2.2-t2i-flash", "0", "6", "0");
        assertThat(texts(".dashscope-badge--reused")).hasSize(6).allMatch(t -> t.equals("Reused from #1"));
        save("spec-reuse-build-page.png", png);
    }

    /** Chooses generateImage in the Snippet Generator's list, as a person does. */
    private static void openTheStepInTheSnippetGenerator(RealJenkins r) throws Exception {
        browser.open(r.jenkins.url().resolve("job/" + PipelineScenariosTest.DECLARATIVE + "/pipeline-syntax/"), 1280);
        browser.eval("""
                (() => { const s = [...document.querySelectorAll('select')].find(s =>
                           [...s.options].some(o => o.text.startsWith('generateImage')));
                         s.value = [...s.options].find(o => o.text.startsWith('generateImage')).value;
                         s.dispatchEvent(new Event('change', {bubbles: true})); })()""");
    }

    @Test
    void theStepInTheSnippetGenerator(RealJenkins r) throws Exception {
        openTheStepInTheSnippetGenerator(r);
        // fill in the prompt and generate the line
        browser.waitFor(
                "document.querySelector('textarea[name=\"_.prompt\"]') && "
                        + "document.querySelector('textarea[name=\"_.prompt\"]').offsetParent !== null",
                java.time.Duration.ofSeconds(20));
        browser.eval("""
                (() => { const p = document.querySelector('textarea[name="_.prompt"]');
                         p.value = 'A poster for the 2.0 release, watercolor'; p.dispatchEvent(new Event('change'));
                         document.querySelector('#generatePipelineScript').click(); })()""");
        browser.waitFor(
                "document.querySelector('#prototypeText') && document.querySelector('#prototypeText').value"
                        + ".startsWith('generateImage')",
                java.time.Duration.ofSeconds(20));
        // a form loaded on demand must not send the derived sizes' template as a size
        assertThat(browser.eval("document.querySelector('#prototypeText').value")
                        .asText())
                .isEqualTo("generateImage 'A poster for the 2.0 release, watercolor'");

        save("snippet-generator.png", browser.screenshot("#main-panel"));
    }

    @Test
    void aModelWithoutAPromptInTheSnippetGeneratorsAdvancedFields(RealJenkins r) throws Exception {
        openTheStepInTheSnippetGenerator(r);
        browser.waitFor(
                "document.querySelector('select[name=\"_.model\"]') && [...document.querySelector("
                        + "'select[name=\"_.model\"]').options].some(o => o.value === 'image-out-painting')",
                java.time.Duration.ofSeconds(20));
        // an out-painting of a workspace photo to a banner ratio: no prompt, the advanced fields open
        browser.eval("""
                (() => { const m = document.querySelector('select[name="_.model"]');
                         m.value = 'image-out-painting'; m.dispatchEvent(new Event('change', {bubbles: true}));
                         document.querySelectorAll('.advanced-button, button.advancedButton')
                             .forEach(b => { if (b.offsetParent !== null) b.click(); }); })()""");
        browser.waitFor(
                "document.querySelector('input[name=\"_.outputRatio\"]') && "
                        + "document.querySelector('input[name=\"_.outputRatio\"]').offsetParent !== null",
                java.time.Duration.ofSeconds(20));
        browser.eval("""
                (() => { const set = (n, v) => { const e = document.querySelector('[name="_.' + n + '"]');
                                                 e.value = v; e.dispatchEvent(new Event('change')); };
                         set('baseImage', 'photos/shoe.png'); set('outputRatio', '16:9');
                         document.querySelector('#generatePipelineScript').click(); })()""");
        browser.waitFor(
                "document.querySelector('#prototypeText') && document.querySelector('#prototypeText').value"
                        + ".startsWith('generateImage')",
                java.time.Duration.ofSeconds(20));
        assertThat(browser.eval("document.querySelector('#prototypeText').value")
                        .asText())
                .isEqualTo(
                        "generateImage baseImage: 'photos/shoe.png', model: 'image-out-painting', outputRatio: '16:9'");
        // the dry run, a newcomer's first switch, comes before every other advanced field
        assertThat(browser.eval("""
                        (() => { const all = [...document.querySelectorAll('[name^="_."]')];
                                 const first = ['seed', 'negativePrompt', 'baseImage', 'region', 'reuse', 'parameters']
                                     .map(n => all.indexOf(document.querySelector('[name="_.' + n + '"]')));
                                 return first.every(i => i > all.indexOf(document.querySelector('[name="_.dryRun"]'))); })()""").asBoolean()).isTrue();

        save("snippet-generator-out-painting.png", browser.screenshot("#main-panel"));
    }

    /** A derived size with a text overlay, added as a person adds it: Add a size, then Add an overlay, Text overlay. */
    @Test
    void anOutputsOverlayInTheSnippetGenerator(RealJenkins r) throws Exception {
        openTheStepInTheSnippetGenerator(r);
        browser.waitFor(
                "[...document.querySelectorAll('button')].some(b => b.textContent.trim() === 'Add a size')",
                java.time.Duration.ofSeconds(20));
        browser.eval("""
                (() => { const p = document.querySelector('textarea[name="_.prompt"]');
                         p.value = 'The 2.5 release banner'; p.dispatchEvent(new Event('change')); })()""");
        // the button works once the form's behaviours are attached, which may be a moment after it shows: press it
        // again, at most every two seconds, until the derived size is there
        browser.waitFor("""
                (() => { if ([...document.querySelectorAll('button')].some(b => b.textContent.trim() === 'Add an overlay'
                                 && b.offsetParent !== null)) { return true; }
                         if (!window.__pressed || Date.now() - window.__pressed > 2000) {
                             window.__pressed = Date.now();
                             [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Add a size')
                                 .click();
                         }
                         return false; })()""", java.time.Duration.ofSeconds(30));
        // the size now, while the derived size's is the last size field: the overlay has a (font) size of its own
        browser.eval("""
                (() => { const e = [...document.querySelectorAll('[name="_.size"]')].filter(x => x.offsetParent !== null)
                             .pop();
                         e.value = '1200x630'; e.dispatchEvent(new Event('change'));
                         [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Add an overlay'
                             && b.offsetParent !== null).click(); })()""");
        browser.waitFor(
                "[...document.querySelectorAll('button, a')].some(b => b.textContent.trim() === 'Text overlay'"
                        + " && b.offsetParent !== null)",
                java.time.Duration.ofSeconds(20));
        browser.eval("""
                [...document.querySelectorAll('button, a')].find(b => b.textContent.trim() === 'Text overlay'
                    && b.offsetParent !== null).click()""");
        browser.waitFor(
                "document.querySelector('input[name=\"_.font\"]') && "
                        + "document.querySelector('input[name=\"_.font\"]').offsetParent !== null",
                java.time.Duration.ofSeconds(20));
        browser.waitFor(
                "[...[...document.querySelectorAll('select[name=\"_.anchor\"]')].filter(x => x.offsetParent !== null)"
                        + ".pop().options].some(o => o.value === 'bottom-right')",
                java.time.Duration.ofSeconds(20));
        browser.eval("""
                (() => { const set = (n, v) => { const e = [...document.querySelectorAll('[name="_.' + n + '"]')]
                                                     .filter(x => x.offsetParent !== null).pop();
                                                 e.value = v; e.dispatchEvent(new Event('change')); };
                         set('text', 'v2.5'); set('font', 'brand/Inter-Bold.ttf');
                         const a = [...document.querySelectorAll('select[name="_.anchor"]')]
                             .filter(x => x.offsetParent !== null).pop();
                         a.value = 'bottom-right'; a.dispatchEvent(new Event('change'));
                         document.querySelector('#generatePipelineScript').click(); })()""");
        browser.waitFor(
                "document.querySelector('#prototypeText') && document.querySelector('#prototypeText').value"
                        + ".includes('textOverlay')",
                java.time.Duration.ofSeconds(20));
        assertThat(browser.eval("document.querySelector('#prototypeText').value")
                        .asText())
                .contains(
                        "overlays: [textOverlay(anchor: 'bottom-right', font: 'brand/Inter-Bold.ttf', text: 'v2.5')]",
                        "size: '1200x630'");
        browser.eval("""
                (() => { const f = [...document.querySelectorAll('input[name="_.font"]')]
                             .filter(x => x.offsetParent !== null).pop();
                         (f.closest('.repeated-chunk[name="outputs"]') || f.closest('.repeated-chunk')).id = 'overlay-output'; })()""");

        browser.eval("window.scrollTo(0, 0)"); // Jenkins' sticky header would lie across a scrolled picture
        save("snippet-generator-overlay.png", browser.screenshot("#overlay-output"));
    }

    @Test
    void theGlobalSettings(RealJenkins r) throws Exception {
        browser.open(r.jenkins.url().resolve("manage/configure"), 1280);
        browser.eval("""
                (() => { const t = [...document.querySelectorAll('.jenkins-section__title, h2')]
                                     .find(h => h.textContent.trim().startsWith('DashScope'));
                         (t.closest('.jenkins-section') || t.parentElement).id = 'dashscope-section'; })()""");

        save("global-settings.png", browser.screenshot("#dashscope-section"));
    }

    private static void save(String name, byte[] png) throws Exception {
        Screenshots.save(out, name, png);
    }
}
