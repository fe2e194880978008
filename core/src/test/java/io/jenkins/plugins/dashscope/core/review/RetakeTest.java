package io.jenkins.plugins.dashscope.core.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.dashscope.core.batch.BatchSummary;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetakeTest {

    @TempDir
    Path root;

    @Test
    void aRetakeAsksTheSameWithANewSeedAndKeepsTheRest() {
        GenerationRequest first = GenerationRequest.builder()
                .model("wan2.2-t2i-flash")
                .prompt("a lighthouse")
                .size("1024*1024")
                .n(2)
                .seed(42L)
                .build();

        GenerationRequest again = Retake.request(first, 7L, null);

        assertThat(again.seed()).isEqualTo(7L);
        assertThat(again.toBuilder().seed(42L).build()).isEqualTo(first);
        assertThat(Retake.request(first, 7L, "a red lighthouse").prompt()).isEqualTo("a red lighthouse");
    }

    @Test
    void aModelThatTakesNoSeedIsAskedWithoutOne() {
        GenerationRequest first = GenerationRequest.builder()
                .model("wanx-sketch-to-image-lite")
                .prompt("a cat")
                .sketchImage("sketch.png")
                .build();

        assertThat(Retake.request(first, 7L, null)).isEqualTo(first);
    }

    @Test
    void aReviewersPromptIsBoundedAndOnePlainText() {
        GenerationRequest first = GenerationRequest.builder().prompt("a").build();
        assertThatThrownBy(() -> Retake.request(first, 1L, "x".repeat(Retake.MAX_PROMPT + 1)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("prompt");
        assertThatThrownBy(() -> Retake.request(first, 1L, "a\u0000b"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("prompt");
        assertThat(Retake.request(first, 1L, "line one\nline two").prompt()).isEqualTo("line one\nline two");
    }

    @Test
    void theNthRetakeGoesBesideTheFirstInsideTheWorkspace() {
        assertThat(Retake.folder("out/hero-en", 2)).isEqualTo("out/hero-en-r2");
        assertThatThrownBy(() -> Retake.folder("../out", 1)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void aSetListsItsRetakeBesideTheVariantOnceAndItsReviewCoversIt() throws Exception {
        Files.writeString(root.resolve(BatchSummary.INDEX), """
                {"spec": "images.yaml", "variants": [
                  {"name": "hero", "asset": "hero", "values": {}, "folder": "hero", "manifest": "hero/manifest.json",
                   "status": "SUCCEEDED", "images": ["hero/image-1.png"], "failures": [], "reusedFrom": "#3"},
                  {"name": "card", "asset": "card", "values": {}, "folder": "card", "manifest": "card/manifest.json",
                   "status": "SUCCEEDED", "images": ["card/image-1.png"], "failures": []}]}
                """);
        Path dir = Files.createDirectories(root.resolve("hero-r1"));
        Files.writeString(dir.resolve("image-1.png"), "png");
        new ManifestStore()
                .write(
                        dir,
                        Manifest.builder()
                                .task("wanx-v1", "text2image", "t-2", "r-2")
                                .status("SUCCEEDED")
                                .images(
                                        List.of(new Manifest.ImageRecord(
                                                1, "image-1.png", "00", 3, 8, 8, "image/png", null)),
                                        List.of())
                                .build());

        Retake.index(root, "hero", "hero-r1");
        Retake.index(root, "hero", "hero-r1"); // a resumed retake lists it again: still once

        JsonNode variants = Json.newMapper()
                .readTree(root.resolve(BatchSummary.INDEX).toFile())
                .path("variants");
        assertThat(variants).hasSize(3);
        JsonNode added = variants.get(2);
        assertThat(added.path("folder").asText()).isEqualTo("hero-r1");
        assertThat(added.path("name").asText()).isEqualTo("hero");
        assertThat(added.path("regenerationOf").asText()).isEqualTo("hero");
        assertThat(added.path("manifest").asText()).isEqualTo("hero-r1/manifest.json");
        assertThat(added.path("images").get(0).asText()).isEqualTo("hero-r1/image-1.png");
        assertThat(added.has("reusedFrom")).as("generated anew").isFalse();
    }

    @Test
    void withoutAnIndexOrTheVariantNothingIsWritten() throws Exception {
        Retake.index(root, "hero", "hero-r1");
        assertThat(Files.exists(root.resolve(BatchSummary.INDEX))).isFalse();
        Files.writeString(root.resolve(BatchSummary.INDEX), "{\"variants\": []}");
        Retake.index(root, "hero", "hero-r1");
        assertThat(Files.readString(root.resolve(BatchSummary.INDEX))).isEqualTo("{\"variants\": []}");
    }
}
