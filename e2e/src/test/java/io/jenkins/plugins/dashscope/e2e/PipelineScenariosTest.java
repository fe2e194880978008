package io.jenkins.plugins.dashscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Pipelines that generate, archive and return images; the build page's gallery; dry runs and partial results. */
@Order(1)
@ExtendWith(RealJenkins.Extension.class)
class PipelineScenariosTest {

    static final String DECLARATIVE = "declarative";

    @Test
    @Order(1)
    void aDeclarativePipelineArchivesTheImagesAndTheManifestAndReturnsTheResult(RealJenkins r) throws Exception {
        int submits = r.simulator.count("SUBMIT");

        RealJenkins.Finished b = r.runPipeline(DECLARATIVE, """
                pipeline {
                  agent any
                  stages {
                    stage('Assets') {
                      steps {
                        script {
                          def img = generateImage(prompt: 'A lighthouse at dawn, watercolor', n: 2, seed: 7,
                                                  credentialsId: 'dashscope')
                          echo "RESULT files=${img.files} artifacts=${img.artifacts} count=${img.imageCount} manifest=${img.manifest} failures=${img.failures}"
                          echo "TASK ${img.taskId}"
                        }
                      }
                    }
                  }
                }
                """);

        assertThat(b.result()).as(b.log()).isEqualTo("SUCCESS");
        assertThat(b.log())
                .contains("RESULT files=[generated-images/image-1.png, generated-images/image-2.png] "
                        + "artifacts=[generated-images/image-1.png, generated-images/image-2.png, generated-images/manifest.json] "
                        + "count=2 manifest=generated-images/manifest.json failures=[]");
        assertThat(b.artifacts())
                .containsExactlyInAnyOrder(
                        "generated-images/image-1.png",
                        "generated-images/image-2.png",
                        "generated-images/manifest.json");
        assertThat(r.simulator.count("SUBMIT") - submits).isEqualTo(1);

        JsonNode manifest = new ObjectMapper()
                .readTree(r.admin
                        .getBytes(b.build().path() + "artifact/generated-images/manifest.json")
                        .body());
        assertThat(manifest.path("model").asText()).isEqualTo("wanx-v1");
        assertThat(manifest.path("taskId").asText()).isNotBlank().isEqualTo(between(b.log(), "TASK ", "\n"));
        assertThat(manifest.path("images")).hasSize(2);
        for (JsonNode image : manifest.path("images")) {
            byte[] png = r.admin
                    .getBytes(b.build().path() + "artifact/generated-images/"
                            + image.path("file").asText())
                    .body();
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            assertThat(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(png)))
                    .isEqualTo(image.path("sha256").asText());
        }
    }

    @Test
    @Order(2)
    void theBuildPageShowsTheGalleryFromTheArchivedImages(RealJenkins r) throws Exception {
        String page =
                r.anonymous.get("job/" + DECLARATIVE + "/1/generated-images/").body();

        assertThat(page)
                .contains("dashscope-gallery", "A lighthouse at dawn, watercolor", "wanx-v1")
                .contains("/job/" + DECLARATIVE + "/1/artifact/generated-images/image-1.png")
                .contains("/job/" + DECLARATIVE + "/1/artifact/generated-images/image-2.png")
                .doesNotContain("/results/"); // never the expiring DashScope URLs
        assertThat(r.anonymous
                        .getBytes("job/" + DECLARATIVE + "/1/artifact/generated-images/image-1.png")
                        .body())
                .startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    @Order(3)
    void aScriptedPipelineNamesItsFilesAndFolder(RealJenkins r) throws Exception {
        RealJenkins.Finished b = r.runPipeline("scripted", """
                node {
                  def img = generateImage(prompt: 'a social card', model: 'wan2.2-t2i-flash', size: '1024*1024',
                                          outputDir: 'cards', name: 'card', credentialsId: 'dashscope')
                  echo "COUNT ${img.imageCount} FILES ${img.files}"
                }
                """);

        assertThat(b.result()).as(b.log()).isEqualTo("SUCCESS");
        assertThat(b.log()).contains("COUNT 1 FILES [cards/card-1.png]");
        assertThat(b.artifacts()).containsExactlyInAnyOrder("cards/card-1.png", "cards/manifest.json");
    }

    @Test
    @Order(4)
    void aDryRunNeedsNoCredentialAndSendsNothing(RealJenkins r) throws Exception {
        int before = r.simulator.apiRequests();

        RealJenkins.Finished b = r.runPipeline("dry-run", """
                node {
                  def img = generateImage(prompt: 'a poster for the release', n: 2, dryRun: true)
                  echo "DRY ${img.imageCount} ${img.files}"
                }
                """);

        assertThat(b.result()).as(b.log()).isEqualTo("SUCCESS");
        assertThat(b.log()).contains("Dry run", "DRY 2 [generated-images/image-1.png, generated-images/image-2.png]");
        assertThat(b.artifacts()).hasSize(3);
        assertThat(r.simulator.apiRequests()).isEqualTo(before);
    }

    @Test
    @Order(5)
    void aPartialResultFailsTheBuildButKeepsTheGoodImages(RealJenkins r) throws Exception {
        RealJenkins.Finished b = r.runPipeline("partial", """
                node {
                  generateImage(prompt: 'two banners simulate:partial', n: 2, credentialsId: 'dashscope')
                }
                """);

        assertThat(b.result()).isEqualTo("FAILURE");
        assertThat(b.log()).contains("1 of 2 image(s) failed", "allowPartial");
        assertThat(b.artifacts())
                .containsExactlyInAnyOrder("generated-images/image-1.png", "generated-images/manifest.json");
    }

    @Test
    @Order(6)
    void withAllowPartialTheBuildIsUnstableAndReturnsTheFailures(RealJenkins r) throws Exception {
        RealJenkins.Finished b = r.runPipeline("partial-allowed", """
                node {
                  def img = generateImage(prompt: 'two banners simulate:partial', n: 2, allowPartial: true,
                                          credentialsId: 'dashscope')
                  echo "SAVED ${img.imageCount} FAILED ${img.failures.size()} INDEX ${img.failures[0].index}"
                }
                """);

        assertThat(b.result()).as(b.log()).isEqualTo("UNSTABLE");
        assertThat(b.log()).contains("SAVED 1 FAILED 1 INDEX 2", "Unstable: 1 of 2 image(s) failed");
        assertThat(b.artifacts())
                .containsExactlyInAnyOrder("generated-images/image-1.png", "generated-images/manifest.json");
        // the missing image is shown where it would have been, with its code
        assertThat(r.anonymous.get(b.build().path() + "generated-images/").body())
                .contains("dashscope-card--failed", "#2", "InternalError.Timeout");
    }

    static final String RELEASE_ASSETS = "release-assets";

    @Test
    @Order(7)
    void releaseAssetsComeInTheirShippingSizesWithAContactSheetAndTheNextBuildComparesWithThisOne(RealJenkins r)
            throws Exception {
        String script = """
                node {
                  def img = generateImage(prompt: 'A lighthouse at dawn, watercolor, release 2.0 banner', n: 2, seed: 7,
                      outputs: [[size: '1200x630', fit: 'cover'],
                                [size: '1080x1920', fit: 'contain', background: '#ffffff', format: 'jpeg', quality: 85]],
                      contactSheet: true, credentialsId: 'dashscope')
                  echo "DERIVED ${img.derived} SHEET ${img.contactSheet}"
                }
                """;
        RealJenkins.Finished first = r.runPipeline(RELEASE_ASSETS, script);

        assertThat(first.result()).as(first.log()).isEqualTo("SUCCESS");
        assertThat(first.log())
                .contains(
                        "DERIVED [generated-images/image-1_1200x630.png, generated-images/image-1_1080x1920.jpg, "
                                + "generated-images/image-2_1200x630.png, generated-images/image-2_1080x1920.jpg] SHEET generated-images/contact-sheet.png");
        assertThat(first.artifacts())
                .containsExactlyInAnyOrder(
                        "generated-images/image-1.png",
                        "generated-images/image-2.png",
                        "generated-images/image-1_1200x630.png",
                        "generated-images/image-1_1080x1920.jpg",
                        "generated-images/image-2_1200x630.png",
                        "generated-images/image-2_1080x1920.jpg",
                        "generated-images/contact-sheet.png",
                        "generated-images/manifest.json");
        for (int i = 1; i <= 2; i++) {
            assertThat(dimensions(r, first, "image-" + i + "_1200x630.png")).containsExactly(1200, 630);
            assertThat(dimensions(r, first, "image-" + i + "_1080x1920.jpg")).containsExactly(1080, 1920);
        }
        JsonNode manifest = new ObjectMapper()
                .readTree(r.admin
                        .getBytes(first.build().path() + "artifact/generated-images/manifest.json")
                        .body());
        assertThat(manifest.path("derived")).hasSize(4);
        assertThat(manifest.path("derived").get(1).path("source").asText()).isEqualTo("image-1.png");
        assertThat(manifest.path("contactSheet").path("file").asText()).isEqualTo("contact-sheet.png");
        String firstPage =
                r.anonymous.get(first.build().path() + "generated-images/").body();
        assertThat(firstPage)
                .contains("dashscope-review", "1200x630", "1080x1920", "contact-sheet.png")
                .doesNotContain("dashscope-card--compare");

        RealJenkins.Finished second = r.finish(r.admin.build(RELEASE_ASSETS));

        assertThat(second.result()).as(second.log()).isEqualTo("SUCCESS");
        String page =
                r.anonymous.get(second.build().path() + "generated-images/").body();
        assertThat(page)
                .contains("dashscope-card--compare", "#1")
                .contains("/job/" + RELEASE_ASSETS + "/1/artifact/generated-images/image-1.png")
                .contains("/job/" + RELEASE_ASSETS + "/2/artifact/generated-images/image-1.png");
    }

    static final String SPEC_JOB = "release-set";

    @Test
    @Order(8)
    void aSpecOfThreeAssetsInTwoLocalesMakesSixVariantsInOneStepGroupedByAssetOnTheBuildPage(RealJenkins r)
            throws Exception {
        int submits = r.simulator.count("SUBMIT");

        RealJenkins.Finished b = r.runPipeline(SPEC_JOB, """
                node {
                  writeFile file: 'assets/images.yaml', text: '''
                defaults:
                  model: wan2.2-t2i-flash
                  seed: 7
                matrix:
                  locale: [en, zh-CN]
                assets:
                  - name: banner
                    prompt: "Release 2.0 banner, a lighthouse at dawn, caption in ${locale}"
                    size: 1440*720
                    outputs: [{size: 1200x630}]
                  - name: card
                    prompt: "Social card for release 2.0 (${locale}), a paper boat"
                  - name: poster
                    prompt: "Poster for release 2.0 in ${locale}, watercolor"
                    size: 720*1280
                '''
                  def r = generateImages(spec: 'assets/images.yaml', credentialsId: 'dashscope', reuse: true)
                  echo "SET ${r.keySet()}"
                }
                """);

        assertThat(b.result()).as(b.log()).isEqualTo("SUCCESS");
        assertThat(b.log())
                .contains(
                        "images.yaml: 6 variant(s), 6 image(s) to pay for, 0 reused; estimate 0.84 CNY",
                        "Usage: 6 image(s) generated, 0 reused, 0 failed (wan2.2-t2i-flash: 6 generated, 0 reused, 0 failed); estimate 0.84 CNY",
                        "SET [banner-en, banner-zh-CN, card-en, card-zh-CN, poster-en, poster-zh-CN]");
        assertThat(r.simulator.count("SUBMIT") - submits).isEqualTo(6);
        assertThat(b.artifacts())
                .contains(
                        "generated-images/assets.json",
                        "generated-images/banner-zh-CN/image-1.png",
                        "generated-images/banner-zh-CN/image-1_1200x630.png",
                        "generated-images/poster-en/manifest.json");
        JsonNode index = new ObjectMapper()
                .readTree(r.admin
                        .getBytes(b.build().path() + "artifact/generated-images/assets.json")
                        .body());
        assertThat(index.path("variants")).hasSize(6);
        assertThat(index.path("usage").path("wan2.2-t2i-flash").path("images").asInt())
                .isEqualTo(6);
        String page = r.anonymous.get(b.build().path() + "generated-images/").body();
        assertThat(page).contains("dashscope-asset", "banner-zh-CN", "poster-en");
    }

    @Test
    @Order(9)
    void theNextBuildWithReuseSendsNothingAndArchivesByteIdenticalImagesAndShowsItsUsage(RealJenkins r)
            throws Exception {
        int requests = r.simulator.apiRequests();

        RealJenkins.Finished second = r.finish(r.admin.build(SPEC_JOB));

        assertThat(second.result()).as(second.log()).isEqualTo("SUCCESS");
        assertThat(r.simulator.apiRequests()).isEqualTo(requests);
        assertThat(second.log())
                .contains(
                        "images.yaml: 6 variant(s), 0 image(s) to pay for, 6 reused",
                        "Reused from #1: 1 image(s) with the same request fingerprint",
                        "Usage: 0 image(s) generated, 6 reused, 0 failed")
                .doesNotContain("Submitted task");
        RealJenkins.Finished first = new RealJenkins.Finished(new JenkinsClient.Build(SPEC_JOB, 1), null, null);
        List<String> images = second.artifacts().stream()
                .filter(a -> a.matches(".*/image-1(_1200x630)?\\.png"))
                .toList();
        assertThat(images).hasSize(8);
        for (String image : images) {
            assertThat(r.admin
                            .getBytes(second.build().path() + "artifact/" + image)
                            .body())
                    .as(image)
                    .isEqualTo(r.admin
                            .getBytes(first.build().path() + "artifact/" + image)
                            .body());
        }
        JsonNode manifest = new ObjectMapper()
                .readTree(r.admin
                        .getBytes(second.build().path() + "artifact/generated-images/card-en/manifest.json")
                        .body());
        assertThat(manifest.path("reusedFrom").asText()).isEqualTo("#1");
        assertThat(manifest.path("usage").path("paid").asInt()).isZero();
        assertThat(manifest.path("usage").path("reused").asInt()).isEqualTo(1);
        String page =
                r.anonymous.get(second.build().path() + "generated-images/").body();
        assertThat(page).contains("dashscope-usage", "wan2.2-t2i-flash", "Reused from #1", "Estimate");
        assertThat(between(page.replaceAll("\\s+", " "), "<td>wan2.2-t2i-flash</td>", "</tr>"))
                .isEqualTo("<td>0</td><td>6</td><td>0</td>");
    }

    @Test
    @Order(10)
    void aBudgetOfFourRefusesTheSpecBeforeAnyRequest(RealJenkins r) throws Exception {
        int requests = r.simulator.apiRequests();

        RealJenkins.Finished b = r.runPipeline("release-budget", """
                node {
                  writeFile file: 'images.yaml', text: \'\'\'
                matrix:
                  locale: [en, zh-CN]
                assets:
                  - {name: banner, prompt: "Banner in ${locale}"}
                  - {name: card, prompt: "Card in ${locale}"}
                  - {name: poster, prompt: "Poster in ${locale}"}
                \'\'\'
                  generateImages(spec: 'images.yaml', credentialsId: 'dashscope', maxImages: 4)
                }
                """);

        assertThat(b.result()).isEqualTo("FAILURE");
        assertThat(b.log())
                .contains("maxImages: images.yaml asks for 6 images in 6 variants; the limit is 4. Nothing was sent.");
        assertThat(r.simulator.apiRequests()).isEqualTo(requests);
        assertThat(b.artifacts()).isEmpty();
    }

    @Test
    @Order(11)
    void anEditingModelTakesWorkspaceImagesInOrderAndUploadsThemFirst(RealJenkins r) throws Exception {
        java.awt.image.BufferedImage photo =
                new java.awt.image.BufferedImage(512, 512, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        ImageIO.write(photo, "png", png);
        String base64 = java.util.Base64.getEncoder().encodeToString(png.toByteArray());
        int uploads = r.simulator.count("UPLOAD");

        RealJenkins.Finished b = r.runPipeline("edit-photo", """
                node {
                  writeFile file: 'photos/shoe.png', text: '%s', encoding: 'Base64'
                  def img = generateImage(model: 'qwen-image-edit-plus', n: 2, credentialsId: 'dashscope',
                      prompt: 'Put the logo of the second image on the shoe of the first',
                      images: ['photos/shoe.png', 'https://example.com/logo.png'])
                  echo "EDITED ${img.imageCount} ${img.files}"
                }
                """.formatted(base64));

        assertThat(b.result()).as(b.log()).isEqualTo("SUCCESS");
        assertThat(b.log())
                .contains(
                        "Uploaded images[1] shoe.png",
                        "EDITED 2 [generated-images/image-1.png, generated-images/image-2.png]");
        assertThat(r.simulator.count("UPLOAD") - uploads).isEqualTo(1); // the URL is passed as it is
        JsonNode manifest = new ObjectMapper()
                .readTree(r.admin
                        .getBytes(b.build().path() + "artifact/generated-images/manifest.json")
                        .body());
        assertThat(manifest.path("model").asText()).isEqualTo("qwen-image-edit-plus");
        JsonNode inputs = manifest.path("request").path("inputs");
        assertThat(inputs.get(0).path("field").asText()).isEqualTo("images[1]");
        assertThat(inputs.get(0).path("sha256").asText())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(png.toByteArray())));
        assertThat(inputs.get(1).path("url").asText()).isEqualTo("https://example.com/logo.png");
    }

    private static List<Integer> dimensions(RealJenkins r, RealJenkins.Finished b, String file) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.admin
                .getBytes(b.build().path() + "artifact/generated-images/" + file)
                .body()));
        assertThat(image).as(file).isNotNull();
        return List.of(image.getWidth(), image.getHeight());
    }

    static String between(String text, String start, String end) {
        int i = text.indexOf(start);
        return i < 0
                ? null
                : text.substring(i + start.length(), text.indexOf(end, i + start.length()))
                        .trim();
    }
}
