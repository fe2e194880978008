package io.jenkins.plugins.dashscope.core.output;

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

class OutputNamesTest {

    @Test
    void foldersAreNormalisedWithSlashes() {
        assertThat(OutputNames.checkFolder("generated-images")).isEqualTo("generated-images");
        assertThat(OutputNames.checkFolder("out\\posters\\..\\banners\\")).isEqualTo("out/banners");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "  ", "/tmp/x", "..", "../x", "a/../../x", "C:\\out", "c:/out", "\\\\server\\share", "."})
    void foldersOutsideTheWorkspaceAreRefused(String folder) {
        assertThatThrownBy(() -> OutputNames.checkFolder(folder))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("outputDir"));
    }

    /** Finding 12: a folder with a NUL or another control character is refused naming the field, not a crash. */
    @Test
    void aFolderWithAControlCharacterIsRefusedNamingTheField() {
        for (String folder : new String[] {"out\u0000put", "out\nput", "file:out"}) {
            assertThatThrownBy(() -> OutputNames.checkFolder(folder))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.field()).isEqualTo("outputDir");
                        // a NUL in a build's error cannot be saved as XML: Jenkins printed a stack trace instead
                        assertThat(e.getMessage().chars()).noneMatch(Character::isISOControl);
                    });
        }
        assertThatThrownBy(() -> OutputNames.checkFolder("out\u0000put")).hasMessageContaining("'out\\u0000put'");
    }

    /**
     * Hardening finding 8: an output folder that is, or passes through, a symbolic link out of the workspace was
     * followed when writing images, manifests and assets.json; it is refused on the agent, before anything is paid.
     */
    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "symbolic links need privileges on Windows")
    void anOutputFolderThroughALinkOutOfTheWorkspaceIsRefused(@TempDir Path dir) throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("workspace"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(workspace.resolve("out"), outside);
        Files.createSymbolicLink(workspace.resolve("dangling"), dir.resolve("nowhere"));
        Files.createDirectories(workspace.resolve("real/inside"));
        Files.createSymbolicLink(workspace.resolve("alias"), workspace.resolve("real"));

        for (String folder : new String[] {"out", "out/generated-images", "out/a/b", "dangling/x"}) {
            assertThatThrownBy(() -> OutputNames.resolveWithin(workspace, folder))
                    .as(folder)
                    .isInstanceOfSatisfying(
                            InvalidRequestException.class,
                            e -> assertThat(e.field()).isEqualTo("outputDir"));
        }
        assertThat(OutputNames.resolveWithin(workspace, "real/inside/new"))
                .isEqualTo(workspace.resolve("real/inside/new"));
        assertThat(OutputNames.resolveWithin(workspace, "alias/inside")).isEqualTo(workspace.resolve("alias/inside"));
        assertThat(OutputNames.resolveWithin(dir.resolve("not-made-yet"), "generated-images"))
                .isEqualTo(dir.resolve("not-made-yet/generated-images"));
        assertThat(outside).isEmptyDirectory();
    }
}
