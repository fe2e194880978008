package io.jenkins.plugins.dashscope.bench;

import io.jenkins.plugins.dashscope.core.download.SavedImage;
import io.jenkins.plugins.dashscope.core.dryrun.PngRenderer;
import io.jenkins.plugins.dashscope.core.finishing.DerivedSize;
import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Finishing one generated image (1024x1024 PNG) into a 1200x630 banner, with and without overlays (two texts, one
 * with an outline, and a logo), like for like: the same source, the same output, read, scaled, drawn, encoded,
 * written and read back. The time is per derived size, the median of {@link #ROUNDS} after a warm-up.
 */
final class FinishingScenario {

    static final int ROUNDS = 20;
    private static final Path LATIN = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");

    record Result(String client, double medianMillis) {}

    List<Result> run() throws Exception {
        Path work = Files.createTempDirectory("bench-finishing");
        try {
            Path source = work.resolve("image-1.png");
            Files.write(source, new PngRenderer().render(1024, 1024, 1, new PngRenderer.Label(null, "bench", "bench")));
            Files.createDirectories(work.resolve("brand"));
            Files.copy(LATIN, work.resolve("brand/Sans.ttf"));
            BufferedImage logo = new BufferedImage(256, 128, BufferedImage.TYPE_INT_ARGB);
            for (int x = 0; x < 256; x++) {
                for (int y = 0; y < 128; y++) {
                    logo.setRGB(x, y, (x + y) % 2 == 0 ? 0xcc1f4e79 : 0x00000000);
                }
            }
            ImageIO.write(logo, "png", work.resolve("brand/logo.png").toFile());
            SavedImage image = new SavedImage(1, source, "", Files.size(source), 1024, 1024, "image/png", null);
            Finishing plain = new Finishing(List.of(DerivedSize.parse(1, "1200x630")), false);
            Finishing drawn = new Finishing(
                    List.of(DerivedSize.of(
                            1,
                            Map.of(
                                    "size",
                                    "1200x630",
                                    "overlays",
                                    List.of(
                                            Map.of(
                                                    "text",
                                                    "Now available",
                                                    "font",
                                                    "brand/Sans.ttf",
                                                    "size",
                                                    "9%",
                                                    "anchor",
                                                    "top-left",
                                                    "shadow",
                                                    true),
                                            Map.of(
                                                    "text",
                                                    "v${version}",
                                                    "font",
                                                    "brand/Sans.ttf",
                                                    "size",
                                                    "14%",
                                                    "anchor",
                                                    "bottom-right",
                                                    "outline",
                                                    "#000000"),
                                            Map.of(
                                                    "image",
                                                    "brand/logo.png",
                                                    "width",
                                                    "12%",
                                                    "anchor",
                                                    "bottom-left"))))),
                    false,
                    Map.of("version", "2.5"));
            return List.of(
                    new Result("no overlays", median(plain, image, work)),
                    new Result("2 texts + logo", median(drawn, image, work)));
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double median(Finishing finishing, SavedImage image, Path work) {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < ROUNDS + 5; i++) {
            long start = System.nanoTime();
            Finishing.Result r = finishing.apply(List.of(image), work, null, work);
            long took = System.nanoTime() - start;
            if (!r.failures().isEmpty()) {
                throw new IllegalStateException(r.failures().toString());
            }
            if (i >= 5) {
                times.add(took / 1e6);
            }
        }
        Collections.sort(times);
        return times.get(times.size() / 2);
    }
}
