package io.jenkins.plugins.dashscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** Where the suite's pictures go ({@code e2e.screenshots}), and the check that each is a real picture. */
final class Screenshots {

    private Screenshots() {}

    static Path folder() throws IOException {
        return Files.createDirectories(Path.of(System.getProperty("e2e.screenshots", "target/screenshots")));
    }

    /** Saves {@code png} after checking it is an image of some size with content, not a blank page. */
    static void save(Path folder, String name, byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isGreaterThan(300);
        assertThat(image.getHeight()).isGreaterThan(100);
        assertThat(distinctColours(image)).as(name + " is not a blank picture").isGreaterThan(50);
        Files.write(folder.resolve(name), png);
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
