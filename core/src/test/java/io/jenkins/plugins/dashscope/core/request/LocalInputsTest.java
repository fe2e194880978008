package io.jenkins.plugins.dashscope.core.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalInputsTest {

    @Test
    void urlsStayAndLocalPathsAreNormalisedWithSlashes() {
        GenerationRequest r = GenerationRequest.builder()
                .model("wanx2.1-imageedit")
                .prompt("p")
                .baseImage("https://example.com/base.png")
                .maskImage("assets\\masks\\..\\mask.png")
                .build();

        LocalInputs inputs = LocalInputs.of(r);

        assertThat(inputs.files()).containsExactly(java.util.Map.entry(ImageRole.MASK, "assets/mask.png"));
        assertThat(inputs.request().maskImage()).isEqualTo("assets/mask.png");
        assertThat(inputs.request().baseImage()).isEqualTo("https://example.com/base.png");
        assertThat(inputs.request().prompt()).isEqualTo("p");
    }

    @Test
    void aRequestWithoutImagesHasNoFiles() {
        GenerationRequest r = GenerationRequest.builder().prompt("p").build();
        assertThat(LocalInputs.of(r).files()).isEmpty();
        assertThat(LocalInputs.of(r).request()).isEqualTo(r);
    }

    @ParameterizedTest
    @CsvSource({
        "refImage, /etc/passwd",
        "refImage, ../outside.png",
        "refImage, a/../../outside.png",
        "baseImage, C:\\Users\\x\\base.png",
        "maskImage, file:///etc/passwd",
        "baseImage, file:/var/lib/jenkins/secrets/x.png",
        "refImage, file:x.png",
        "maskImage, C:x.png",
        "refImage, .",
    })
    void pathsThatLeaveTheWorkspaceAreRefusedNamingTheField(String field, String value) {
        RequestBuilder b = GenerationRequest.builder().prompt("p");
        switch (field) {
            case "refImage" -> b.refImage(value);
            case "baseImage" -> b.baseImage(value);
            default -> b.maskImage(value);
        }
        assertThatThrownBy(() -> LocalInputs.of(b.build()))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void aPathWithAControlCharacterIsRefusedNamingTheField() {
        GenerationRequest r = GenerationRequest.builder()
                .prompt("p")
                .refImage("in\u0000put.png")
                .build();

        assertThatThrownBy(() -> LocalInputs.of(r))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("refImage"));
    }
}
