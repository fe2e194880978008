package io.jenkins.plugins.dashscope.core.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalFilesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(
            strings = {"/etc/passwd", "file:/etc/passwd", "file:secret.png", "../x.png", "a/../../x.png", "C:x.png"})
    void withinAFolderOnlyPlainRelativePathsInsideItResolve(String text) throws Exception {
        Path staged = Files.createDirectories(dir.resolve("staged"));

        assertThatThrownBy(() -> LocalFiles.within(staged).resolve("baseImage", text))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("baseImage"));
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "symbolic links need privileges on Windows")
    void withinAFolderALinkPointingOutIsRefused() throws Exception {
        Path staged = Files.createDirectories(dir.resolve("staged"));
        Path outside = Files.writeString(dir.resolve("outside.png"), "not yours");
        Files.createSymbolicLink(staged.resolve("link.png"), outside);

        assertThatThrownBy(() -> LocalFiles.within(staged).resolve("refImage", "link.png"))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("refImage"));
        assertThat(LocalFiles.within(staged).resolve("refImage", "sub/in.png")).isEqualTo(staged.resolve("sub/in.png"));
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX absolute paths")
    void anywhereTakesAbsolutePathsFileUrisAndPathsRelativeToTheBase() {
        assertThat(LocalFiles.anywhere(dir).resolve("refImage", "/tmp/x.png")).isEqualTo(Path.of("/tmp/x.png"));
        assertThat(LocalFiles.anywhere(dir).resolve("refImage", "file:/tmp/x.png"))
                .isEqualTo(Path.of("/tmp/x.png"));
        assertThat(LocalFiles.anywhere(dir).resolve("refImage", "a/x.png")).isEqualTo(dir.resolve("a/x.png"));
    }
}
