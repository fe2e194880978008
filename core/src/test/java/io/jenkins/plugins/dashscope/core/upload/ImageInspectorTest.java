package io.jenkins.plugins.dashscope.core.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dashscope.core.catalog.InputLimits;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
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
        assertThat(inspector
                        .inspect("baseImage", TestImages.write(dir, "photo.png", "jpg", 300, 300))
                        .mimeType())
                .isEqualTo("image/jpeg");
        assertThat(inspector
                        .inspect("maskImage", TestImages.write(dir, "m.bmp", "bmp", 300, 300))
                        .format())
                .isEqualTo("bmp");
    }

    @Test
    void rejectsOtherFormatsAndNonImages() throws Exception {
        assertThatThrownBy(() -> inspector.inspect("refImage", TestImages.write(dir, "a.gif", "gif", 300, 300)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("refImage: ")
                .hasMessageContaining("GIF");
        Path text = Files.writeString(dir.resolve("notes.png"), "not an image at all");
        assertThatThrownBy(() -> inspector.inspect("baseImage", text))
                .hasMessageStartingWith("baseImage: ")
                .hasMessageContaining("not an image");
    }

    @Test
    void rejectsTooSmallTooLargeAndTooHeavy() throws Exception {
        assertThatThrownBy(() -> inspector.inspect("refImage", TestImages.write(dir, "s.png", "png", 255, 300)))
                .hasMessageStartingWith("refImage: ")
                .hasMessageContaining("255x300");
        assertThatThrownBy(() -> inspector.inspect("refImage", TestImages.write(dir, "w.png", "png", 4097, 256)))
                .hasMessageContaining("256..4096");
        Path heavy = dir.resolve("heavy.png");
        try (RandomAccessFile f = new RandomAccessFile(heavy.toFile(), "rw")) {
            f.setLength(ImageInspector.MAX_BYTES + 1);
        }
        assertThatThrownBy(() -> inspector.inspect("maskImage", heavy))
                .hasMessageStartingWith("maskImage: ")
                .hasMessageContaining("10 MB");
    }

    @Test
    void eachModelsOwnLimitsApplyAndNameTheModel() throws Exception {
        var small = TestImages.write(dir, "small.png", "png", 300, 300);
        var wide = TestImages.write(dir, "wide.png", "png", 5000, 300);
        var heavy = dir.resolve("heavy.png");
        java.nio.file.Files.copy(TestImages.write(dir, "h.png", "png", 300, 300), heavy);
        try (var f = new java.io.RandomAccessFile(heavy.toFile(), "rw")) {
            f.setLength(15L * 1024 * 1024); // a PNG with trailing bytes: 15 MB on disk
        }

        // the Qwen editing models are narrower than the standard 256..4096
        assertThatThrownBy(() -> inspector.inspect(
                        "images[1]", small, InputLimits.of("qwen-image-edit-plus"), "qwen-image-edit-plus"))
                .hasMessage(
                        "images[1]: 'small.png' is 300x300; each side must be 384..3072 pixels for qwen-image-edit-plus");
        assertThat(inspector.inspect("images[1]", small).width()).isEqualTo(300);
        // wan2.7 is wider, and takes up to 20 MB
        assertThatThrownBy(() -> inspector.inspect("images[1]", wide)).hasMessageContaining("256..4096");
        assertThat(inspector
                        .inspect("images[1]", wide, InputLimits.of("wan2.7-image"), "wan2.7-image")
                        .width())
                .isEqualTo(5000);
        assertThatThrownBy(() -> inspector.inspect("images[1]", heavy)).hasMessageContaining("(10 MB)");
        assertThat(inspector
                        .inspect("images[1]", heavy, InputLimits.of("wan2.7-image"), "wan2.7-image")
                        .bytes())
                .isEqualTo(15L * 1024 * 1024);
        assertThat(InputLimits.of("a-model-nobody-knows")).isEqualTo(InputLimits.STANDARD);
    }

    @Test
    void baseAndMaskMustMatch() {
        InspectedImage base = inspector.inspect("baseImage", TestImages.write(dir, "b.png", "png", 640, 480));
        InspectedImage mask = inspector.inspect("maskImage", TestImages.write(dir, "m.png", "png", 480, 640));
        assertThatThrownBy(() -> inspector.checkSameSize(base, mask))
                .hasMessageStartingWith("maskImage: ")
                .hasMessageContaining("480x640", "640x480");
    }

    /** Findings 11 and 13: damaged files are refused before upload, naming the field, never with a stack trace. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"png-60-bytes", "png-header-only", "jpeg-cut", "gif-stub"})
    void damagedImagesAreRefusedBeforeUploadNamingTheField(String kind) throws Exception {
        byte[] png = java.nio.file.Files.readAllBytes(TestImages.write(dir, "whole.png", "png", 512, 512));
        byte[] jpeg = java.nio.file.Files.readAllBytes(TestImages.write(dir, "whole.jpg", "jpg", 512, 512));
        byte[] damaged =
                switch (kind) {
                    case "png-60-bytes" -> java.util.Arrays.copyOf(png, 60);
                    case "png-header-only" -> java.util.Arrays.copyOf(png, 33); // signature and IHDR, no pixel data
                    case "jpeg-cut" -> java.util.Arrays.copyOf(jpeg, jpeg.length / 2);
                    default ->
                        "GIF89a\u0000\u0002\u0000\u0002\u0000\u0000\u0000\u0000"
                                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                };
        java.nio.file.Path file = java.nio.file.Files.write(dir.resolve("damaged-" + kind), damaged);

        assertThatThrownBy(() -> inspector.inspect("baseImage", file))
                .isInstanceOfSatisfying(
                        io.jenkins.plugins.dashscope.core.common.InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("baseImage"));
    }
}
