package io.jenkins.plugins.dashscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A release banner with its version drawn on it, in the real Jenkins: build 1 pays for the picture and says "v2.4";
 * build 2 asks the same picture, reuses it, pays nothing, and its banner reads "v2.5" (an OCR pass reads it back).
 */
@Order(9)
@ExtendWith(RealJenkins.Extension.class)
class OverlayScenarioTest {

    private static final Path FONT = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    private static final Path TESSERACT = Path.of("/usr/bin/tesseract");

    @Test
    void aNewReleaseReusesThePictureAndOnlyItsWordsChange(RealJenkins r) throws Exception {
        boolean ready = Files.isRegularFile(FONT) && Files.isExecutable(TESSERACT);
        if (System.getenv("CI") != null) {
            assertThat(ready)
                    .as("Debian's fonts-dejavu-core and tesseract-ocr, which .ci/run installs")
                    .isTrue();
        }
        assumeTrue(ready, "fonts-dejavu-core and tesseract-ocr");
        r.admin.createPipeline("release-banner", """
                node {
                  sh 'mkdir -p brand && cp %s brand/Sans.ttf'
                  def version = "2.${currentBuild.number + 3}"
                  def img = generateImage(prompt: 'release banner, a lighthouse', seed: 42, credentialsId: 'dashscope',
                      outputDir: 'banner', reuse: true, values: [version: version],
                      outputs: [[size: '1200x630', overlays: [textOverlay(text: 'v${version}', font: 'brand/Sans.ttf',
                          size: '16%%', color: '#000000', anchor: 'bottom-right')]]])
                  echo "BANNER ${img.derived}"
                }
                """.formatted(FONT));
        int submits = r.simulator.count("SUBMIT");
        RealJenkins.Finished first = r.finish(r.admin.build("release-banner"));
        assertThat(first.result()).as(first.log()).isEqualTo("SUCCESS");
        String v24 = read(r, "banner/image-1_1200x630.png");
        int paid = r.simulator.count("SUBMIT") - submits;

        RealJenkins.Finished second = r.finish(r.admin.build("release-banner"));

        assertThat(second.result()).as(second.log()).isEqualTo("SUCCESS");
        assertThat(paid).as("build 1 paid for its picture").isEqualTo(1);
        assertThat(r.simulator.count("SUBMIT") - submits)
                .as("build 2 paid nothing")
                .isEqualTo(1);
        assertThat(second.log()).contains("Reused from #1: 1 image(s)", "BANNER [banner/image-1_1200x630.png]");
        assertThat(second.artifacts()).contains("banner/image-1_1200x630.png");
        assertThat(v24).contains("v2.4");
        assertThat(read(r, "banner/image-1_1200x630.png")).contains("v2.5");
        assertThat(Files.readString(r.jenkins.home().resolve("workspace/release-banner/banner/manifest.json")))
                .contains("\"text\" : \"v2.5\"", "\"reusedFrom\" : \"#1\"");
    }

    /**
     * What tesseract reads in the overlay's box of the workspace's file (where the manifest says it drew, with a
     * margin), words joined by single spaces.
     */
    private static String read(RealJenkins r, String file) throws Exception {
        Path folder = r.jenkins.home().resolve("workspace/release-banner/banner");
        JsonNode box = new ObjectMapper()
                .readTree(folder.resolve("manifest.json").toFile())
                .path("derived")
                .get(0)
                .path("overlays")
                .get(0);
        BufferedImage banner = ImageIO.read(r.jenkins
                .home()
                .resolve("workspace/release-banner")
                .resolve(file)
                .toFile());
        int pad = 16;
        int x = Math.max(0, box.path("x").asInt() - pad);
        int y = Math.max(0, box.path("y").asInt() - pad);
        BufferedImage crop = banner.getSubimage(
                x,
                y,
                Math.min(banner.getWidth() - x, box.path("width").asInt() + 2 * pad),
                Math.min(banner.getHeight() - y, box.path("height").asInt() + 2 * pad));
        Path png = Files.createTempFile(r.work, "ocr-", ".png");
        ImageIO.write(crop, "png", png.toFile());
        Process p = new ProcessBuilder(TESSERACT.toString(), png.toString(), "stdout", "--psm", "7")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
    }
}
