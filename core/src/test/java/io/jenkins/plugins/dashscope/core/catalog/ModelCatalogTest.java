package io.jenkins.plugins.dashscope.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    private final ModelCatalog catalog = ModelCatalog.builtIn();

    @Test
    void everyDocumentedModelIsMappedToItsFamily() {
        Map<String, ApiFamily> expected = Map.ofEntries(
                Map.entry("wanx-v1", ApiFamily.TEXT2IMAGE),
                Map.entry("wanx2.0-t2i-turbo", ApiFamily.TEXT2IMAGE),
                Map.entry("wanx2.1-t2i-turbo", ApiFamily.TEXT2IMAGE),
                Map.entry("wanx2.1-t2i-plus", ApiFamily.TEXT2IMAGE),
                Map.entry("wan2.2-t2i-flash", ApiFamily.TEXT2IMAGE),
                Map.entry("wan2.2-t2i-plus", ApiFamily.TEXT2IMAGE),
                Map.entry("wan2.5-t2i-preview", ApiFamily.TEXT2IMAGE),
                Map.entry("qwen-image", ApiFamily.TEXT2IMAGE),
                Map.entry("qwen-image-plus", ApiFamily.TEXT2IMAGE),
                Map.entry("wanx-x-painting", ApiFamily.IMAGE2IMAGE),
                Map.entry("wanx2.1-imageedit", ApiFamily.IMAGE2IMAGE),
                Map.entry("wan2.6-t2i", ApiFamily.IMAGE_GENERATION),
                Map.entry("qwen-image-2.0", ApiFamily.MULTIMODAL_GENERATION),
                Map.entry("qwen-image-2.0-pro", ApiFamily.MULTIMODAL_GENERATION),
                Map.entry("qwen-image-max", ApiFamily.MULTIMODAL_GENERATION),
                Map.entry("z-image-turbo", ApiFamily.MULTIMODAL_GENERATION),
                Map.entry("qwen-image-edit", ApiFamily.MULTIMODAL_GENERATION),
                Map.entry("qwen-image-edit-plus", ApiFamily.MULTIMODAL_GENERATION),
                Map.entry("qwen-image-edit-max", ApiFamily.MULTIMODAL_GENERATION),
                Map.entry("wan2.6-image", ApiFamily.IMAGE_GENERATION),
                Map.entry("wan2.7-image", ApiFamily.IMAGE_GENERATION),
                Map.entry("wan2.7-image-pro", ApiFamily.IMAGE_GENERATION),
                Map.entry("wan2.5-i2i-preview", ApiFamily.IMAGE2IMAGE),
                Map.entry("wanx-sketch-to-image-lite", ApiFamily.IMAGE2IMAGE),
                Map.entry("image-out-painting", ApiFamily.OUT_PAINTING),
                Map.entry("wanx-background-generation-v2", ApiFamily.BACKGROUND_GENERATION),
                Map.entry("qwen-mt-image", ApiFamily.IMAGE2IMAGE));
        expected.forEach((model, family) -> assertThat(catalog.find(model))
                .get()
                .satisfies(spec -> assertThat(spec.family()).as(model).isEqualTo(family)));
        assertThat(catalog.all()).hasSize(expected.size());
    }

    @Test
    void familiesDescribeTheWireFormat() {
        assertThat(ApiFamily.TEXT2IMAGE.path()).isEqualTo("services/aigc/text2image/image-synthesis");
        assertThat(ApiFamily.IMAGE2IMAGE.path()).isEqualTo("services/aigc/image2image/image-synthesis");
        assertThat(ApiFamily.IMAGE_GENERATION.isAsync()).isTrue();
        assertThat(ApiFamily.IMAGE_GENERATION.input()).isEqualTo(ApiFamily.Input.MESSAGES);
        assertThat(ApiFamily.MULTIMODAL_GENERATION.isAsync()).isFalse();
        assertThat(ApiFamily.MULTIMODAL_GENERATION.output()).isEqualTo(ApiFamily.Output.CHOICES);
        assertThat(ApiFamily.TEXT2IMAGE.output()).isEqualTo(ApiFamily.Output.RESULTS);
        assertThat(ApiFamily.byId("IMAGE_GENERATION")).contains(ApiFamily.IMAGE_GENERATION);
        assertThat(ApiFamily.byId("nope")).isEmpty();
        assertThat(ApiFamily.OUT_PAINTING.path()).isEqualTo("services/aigc/image2image/out-painting");
        assertThat(ApiFamily.BACKGROUND_GENERATION.path()).isEqualTo("services/aigc/background-generation/generation/");
        // the answer's shape is the model's where it departs from its family's
        assertThat(catalog.find("qwen-mt-image").orElseThrow().output(ApiFamily.IMAGE2IMAGE))
                .isEqualTo(ApiFamily.Output.IMAGE_URL);
        assertThat(catalog.find("wanx2.1-imageedit").orElseThrow().output(ApiFamily.IMAGE2IMAGE))
                .isEqualTo(ApiFamily.Output.RESULTS);
        assertThat(catalog.find("image-out-painting").orElseThrow().output(ApiFamily.OUT_PAINTING))
                .isEqualTo(ApiFamily.Output.OUTPUT_IMAGE_URL);
    }

    @Test
    void sizeRulesMatchTheDocuments() {
        SizeRule wan2 = catalog.find("wan2.2-t2i-flash").orElseThrow().sizeRule();
        assertThat(wan2.violation(new ImageSize(1440, 1440))).isEmpty();
        assertThat(wan2.violation(new ImageSize(512, 1440))).isEmpty();
        assertThat(wan2.violation(new ImageSize(511, 1024))).isPresent();
        SizeRule wan26 = catalog.find("wan2.6-t2i").orElseThrow().sizeRule();
        assertThat(wan26.violation(new ImageSize(1280, 1280))).isEmpty();
        assertThat(wan26.violation(new ImageSize(2560, 640))).isEmpty(); // 4:1, 1,638,400 px
        assertThat(wan26.violation(new ImageSize(2600, 640))).isPresent();
        SizeRule qwen2 = catalog.find("qwen-image-2.0").orElseThrow().sizeRule();
        assertThat(qwen2.violation(new ImageSize(2688, 1536))).isEmpty();
        assertThat(qwen2.violation(new ImageSize(500, 500))).isPresent();
        assertThat(qwen2.describe()).doesNotContain("ratio");
    }

    @Test
    void sizesParseInBothNotations() {
        assertThat(ImageSize.parse("1024*768")).contains(new ImageSize(1024, 768));
        assertThat(ImageSize.parse(" 1024 x 768 ")).contains(new ImageSize(1024, 768));
        assertThat(ImageSize.parse("0*5")).isEmpty();
        assertThat(ImageSize.parse("a*b")).isEmpty();
        assertThat(new ImageSize(1, 2).toString()).isEqualTo("1*2");
    }
}
