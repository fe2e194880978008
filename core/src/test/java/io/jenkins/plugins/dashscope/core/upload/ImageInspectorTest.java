package io.jenkins.plugins.dashscope.core.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dashscope.core.request.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.testing.TestImages;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageInspectorTest {

    private final ImageInspector inspector = new ImageInspector();

    @TempDir
    Path dir;

    @Test
    void acceptsPngJpegAndBmpByContent() {
        InspectedImage png = inspector.inspect("refImage", TestImages.write(dir, "a.png", "png", 256, 4096));
        assertThat(png.format()).isEqualTo("png");
        assertThat(png.width()).isEqualTo(256);
        assertThat(png.height()).isEqualTo(4096);
        assertThat(png.sha256()).hasSize(64);
        // the name lies; the content decides
        assertThat(inspector.inspect("baseImage", TestImages.write(dir, "photo.png", "jpg", 300, 300)).mimeType())
                .isEqualTo("image/jpeg");
        assertThat(inspector.inspect("maskImage", TestImages.write(dir, "m.bmp", "bmp", 300, 300)).format()).isEqualTo("bmp");
    }

    @Test
    void rejectsOtherFormatsAndNonImages() throws Exception {
        assertThatThrownBy(() -> inspector.inspect("refImage", TestImages.write(dir, "a.gif", "gif", 300, 300)))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("refImage: ").hasMessageContaining("GIF");
        Path text = Files.writeString(dir.resolve("notes.png"), "not an image at all");
        assertThatThrownBy(() -> inspector.inspect("baseImage", text)).hasMessageStartingWith("baseImage: ")
                .hasMessageContaining("not an image");
    }

    @Test
    void rejectsTooSmallTooLargeAndTooHeavy() throws Exception {
        assertThatThrownBy(() -> inspector.inspect("refImage", TestImages.write(dir, "s.png", "png", 255, 300)))
                .hasMessageStartingWith("refImage: ").hasMessageContaining("255x300");
        assertThatThrownBy(() -> inspector.inspect("refImage", TestImages.write(dir, "w.png", "png", 4097, 256)))
                .hasMessageContaining("256..4096");
        Path heavy = dir.resolve("heavy.png");
        try (RandomAccessFile f = new RandomAccessFile(heavy.toFile(), "rw")) {
            f.setLength(ImageInspector.MAX_BYTES + 1);
        }
        assertThatThrownBy(() -> inspector.inspect("maskImage", heavy)).hasMessageStartingWith("maskImage: ")
                .hasMessageContaining("10 MB");
    }

    @Test
    void baseAndMaskMustMatch() {
        InspectedImage base = inspector.inspect("baseImage", TestImages.write(dir, "b.png", "png", 640, 480));
        InspectedImage mask = inspector.inspect("maskImage", TestImages.write(dir, "m.png", "png", 480, 640));
        assertThatThrownBy(() -> inspector.checkSameSize(base, mask)).hasMessageStartingWith("maskImage: ")
                .hasMessageContaining("480x640", "640x480");
    }
}
