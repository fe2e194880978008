package io.jenkins.plugins.dashscope.core.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.testing.TestImages;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Finding 4: an input is checked where it lives and read with a cap, so it cannot fill a disk or block. */
class InputFilesTest {

    @TempDir
    Path dir;

    private void refused(Path file, String why) {
        assertThatThrownBy(() -> InputFiles.read("refImage", file))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo("refImage");
                    assertThat(e.getMessage()).contains(why);
                });
    }

    @Test
    @Timeout(60)
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "uses /dev/zero and a FIFO")
    void devicesFifosGiantsAndNonImagesAreRefusedWithoutBeingRead() throws Exception {
        Path zero = Files.createSymbolicLink(dir.resolve("zero.png"), Path.of("/dev/zero"));
        Path fifo = dir.resolve("fifo.png");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
        Path sparse = dir.resolve("sparse.png");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(100L * 1024 * 1024 * 1024); // 100 GB on paper
        }
        Path text = Files.writeString(dir.resolve("notes.png"), "not an image at all");

        refused(zero, "is not a regular file");
        refused(fifo, "is not a regular file");
        refused(dir, "is not a regular file");
        refused(sparse, "107374182400 bytes");
        refused(text, "is not a JPG, PNG or BMP image");
    }

    @Test
    void aRealImageIsReadWholeAndAMissingOneLeftToTheLaterCheck() throws Exception {
        Path png = TestImages.write(dir, "ok.png", "png", 300, 300);

        assertThat(InputFiles.read("refImage", png))
                .hasValueSatisfying(
                        b -> assertThat(b).hasSize((int) png.toFile().length()));
        assertThat(InputFiles.read("refImage", dir.resolve("missing.png"))).isEmpty();
    }
}
