package io.jenkins.plugins.dashscope.core.finishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OCR pass reads back the words drawn: the version string in Latin and a phrase in Simplified Chinese. Debian's
 * {@code tesseract-ocr} with its English and Simplified Chinese data does the reading; {@code .ci/run} installs it,
 * and under CI a missing one fails the test instead of skipping it.
 */
class OverlayOcrTest {

    private static final Path TESSERACT = Path.of("/usr/bin/tesseract");

    @TempDir
    Path workspace;

    private static void requireTools(Path... fonts) {
        boolean ready = Files.isExecutable(TESSERACT) && List.of(fonts).stream().allMatch(Files::isRegularFile);
        if (System.getenv("CI") != null) {
            assertThat(ready)
                    .as("tesseract-ocr and the fonts, which .ci/run installs")
                    .isTrue();
        }
        assumeTrue(ready, "tesseract-ocr and Debian's fonts");
    }

    private String drawAndRead(Map<?, ?> overlay, String language) throws Exception {
        List<Overlay> o = Overlay.all("outputs[1].overlays", List.of(overlay));
        BufferedImage img = new BufferedImage(900, 260, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 900, 260);
        g.dispose();
        OverlayPainter.paint(
                "outputs[1]",
                img,
                o,
                OverlayAssets.load(workspace, List.of(o)),
                Map.of("version", "2.5", "locale", "zh"));
        Path png = workspace.resolve("banner-" + language + ".png");
        ImageIO.write(img, "png", png.toFile());
        Process p = new ProcessBuilder(TESSERACT.toString(), png.toString(), "stdout", "-l", language, "--psm", "7")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS))
                .as("tesseract within two minutes")
                .isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replaceAll("\\s+", "");
    }

    @Test
    void theVersionStringReadsBack() throws Exception {
        requireTools(OverlayPainterTest.LATIN);
        Files.copy(OverlayPainterTest.LATIN, workspace.resolve("Sans.ttf"));
        String read = drawAndRead(
                Map.of(
                        "text",
                        "v${version}",
                        "font",
                        "Sans.ttf",
                        "size",
                        "120",
                        "color",
                        "#000000",
                        "anchor",
                        "center"),
                "eng");
        assertThat(read).isEqualTo("v2.5");
    }

    @Test
    void aChinesePhraseReadsBack() throws Exception {
        requireTools(OverlayPainterTest.CJK);
        Files.copy(OverlayPainterTest.CJK, workspace.resolve("zh.ttc"));
        String read = drawAndRead(
                Map.of(
                        "text",
                        Map.of("zh", "现已推出"),
                        "font",
                        "zh.ttc",
                        "size",
                        "120",
                        "color",
                        "#000000",
                        "anchor",
                        "center"),
                "chi_sim");
        assertThat(read).isEqualTo("现已推出");
    }
}
