package io.jenkins.plugins.dashscope.core.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import org.junit.jupiter.api.Test;
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
                    .isInstanceOfSatisfying(
                            InvalidRequestException.class,
                            e -> assertThat(e.field()).isEqualTo("outputDir"));
        }
    }
}
