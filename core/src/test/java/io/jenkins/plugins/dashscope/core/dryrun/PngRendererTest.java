package io.jenkins.plugins.dashscope.core.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Dry-run pictures say what they stand for, so a dry-run gallery can be reviewed. */
class PngRendererTest {

    private final PngRenderer renderer = new PngRenderer();

    private static BufferedImage read(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    /** White text pixels in the middle band, where the label sits (the gradient is never pure white there). */
    private static int whitePixelsInTheMiddle(BufferedImage img) {
        int count = 0;
        for (int y = img.getHeight() / 4; y < img.getHeight() * 3 / 4; y++) {
            for (int x = 0; x < img.getWidth() / 2; x++) {
                if ((img.getRGB(x, y) & 0xffffff) == 0xffffff) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void aPictureCarriesItsNameThePromptsFirstWordsItsSizeAndWhatMadeIt() throws IOException {
        byte[] one = renderer.render(640, 360, 1, new PngRenderer.Label("banner-1", "a lighthouse at dawn", "dry run"));
        byte[] other = renderer.render(640, 360, 1, new PngRenderer.Label("card-1", "a lighthouse at dawn", "dry run"));

        BufferedImage img = read(one);
        assertThat(img.getWidth()).isEqualTo(640);
        assertThat(img.getHeight()).isEqualTo(360);
        assertThat(one).isNotEqualTo(other); // the name is drawn
        assertThat(whitePixelsInTheMiddle(img)).isGreaterThan(500);
    }

    @Test
    void theFirstWordsOfAPromptAreKeptShort() {
        assertThat(PngRenderer.firstWords("one two three four five six seven eight nine ten"))
                .isEqualTo("one two three four five six seven eight …");
        assertThat(PngRenderer.firstWords("  a lighthouse  ")).isEqualTo("a lighthouse");
        assertThat(PngRenderer.firstWords("一张春节海报，红色灯笼，金色的福字，喜庆的气氛，适合社交媒体分享"))
                .endsWith("…")
                .hasSizeLessThan(30);
        assertThat(PngRenderer.firstWords(null)).isEmpty();
    }
}
