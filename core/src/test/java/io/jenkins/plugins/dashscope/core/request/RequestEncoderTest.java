package io.jenkins.plugins.dashscope.core.request;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.dashscope.core.catalog.ModelCatalog;
import io.jenkins.plugins.dashscope.core.common.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestEncoderTest {

    private final RequestValidator validator = new RequestValidator(ModelCatalog.builtIn());
    private final RequestEncoder encoder = new RequestEncoder(Json.newMapper());

    private JsonNode encode(GenerationRequest r, Map<ImageRole, String> urls) {
        return encoder.encode(validator.validate(r, Path.of(".")), urls);
    }

    @Test
    void promptFamiliesPutPromptAndNegativePromptInInput() {
        JsonNode body = encode(
                GenerationRequest.builder()
                        .model("wanx-v1")
                        .prompt("一只奔跑的猫")
                        .negativePrompt("blurry")
                        .style("sketch")
                        .size("720x1280")
                        .n(4)
                        .seed(42L)
                        .refImage("https://e.com/r.png")
                        .refStrength(0.5)
                        .refMode("repaint")
                        .build(),
                Map.of(ImageRole.REF, "https://e.com/r.png"));
        assertThat(body.path("model").asText()).isEqualTo("wanx-v1");
        assertThat(body.path("input").path("prompt").asText()).isEqualTo("一只奔跑的猫");
        assertThat(body.path("input").path("negative_prompt").asText()).isEqualTo("blurry");
        assertThat(body.path("input").path("ref_img").asText()).isEqualTo("https://e.com/r.png");
        JsonNode p = body.path("parameters");
        assertThat(p.path("style").asText()).isEqualTo("<sketch>");
        assertThat(p.path("size").asText()).isEqualTo("720*1280");
        assertThat(p.path("n").asInt()).isEqualTo(4);
        assertThat(p.path("seed").asLong()).isEqualTo(42);
        assertThat(p.path("ref_strength").asDouble()).isEqualTo(0.5);
        assertThat(p.path("ref_mode").asText()).isEqualTo("repaint");
    }

    @Test
    void messageFamiliesSendMessagesAndNegativePromptAsParameter() {
        JsonNode body = encode(
                GenerationRequest.builder()
                        .model("wan2.6-t2i")
                        .prompt("flower shop")
                        .negativePrompt("")
                        .promptExtend(true)
                        .watermark(false)
                        .n(1)
                        .size("1280*1280")
                        .build(),
                Map.of());
        assertThat(body.path("input").has("prompt")).isFalse();
        JsonNode message = body.path("input").path("messages").path(0);
        assertThat(message.path("role").asText()).isEqualTo("user");
        assertThat(message.path("content").path(0).path("text").asText()).isEqualTo("flower shop");
        assertThat(body.path("parameters").path("negative_prompt").asText()).isEmpty();
        assertThat(body.path("parameters").path("prompt_extend").asBoolean()).isTrue();
        assertThat(body.path("parameters").path("watermark").asBoolean()).isFalse();
    }

    @Test
    void inpaintingCarriesImagesAndMaskColours() {
        JsonNode body = encode(
                GenerationRequest.builder()
                        .model("wanx-x-painting")
                        .prompt("glasses")
                        .baseImage("b.png")
                        .maskImage("m.png")
                        .maskColor(List.of(List.of(0, 0, 0), List.of(134, 134, 134)))
                        .build()
                        .toBuilder()
                        .baseImage("https://e.com/b.png")
                        .maskImage("https://e.com/m.png")
                        .build(),
                Map.of(ImageRole.BASE, "oss://d/b.png", ImageRole.MASK, "oss://d/m.png"));
        assertThat(body.path("input").path("base_image_url").asText()).isEqualTo("oss://d/b.png");
        assertThat(body.path("input").path("mask_image_url").asText()).isEqualTo("oss://d/m.png");
        assertThat(body.path("parameters").path("mask_color").toString()).isEqualTo("[[0,0,0],[134,134,134]]");
    }

    @Test
    void extraParametersPassThroughUntouched() {
        JsonNode body = encode(
                GenerationRequest.builder()
                        .model("wanx2.1-imageedit")
                        .prompt("x")
                        .function("expand")
                        .baseImage("https://e.com/a.png")
                        .parameter("top_scale", 1.5)
                        .parameter("input.extra_hint", "keep")
                        .parameter("options", Map.of("a", List.of(1, 2)))
                        .build(),
                Map.of(ImageRole.BASE, "https://e.com/a.png"));
        assertThat(body.path("input").path("function").asText()).isEqualTo("expand");
        assertThat(body.path("input").path("extra_hint").asText()).isEqualTo("keep");
        assertThat(body.path("parameters").path("top_scale").asDouble()).isEqualTo(1.5);
        assertThat(body.path("parameters").path("options").toString()).isEqualTo("{\"a\":[1,2]}");
    }

    @Test
    void noParametersObjectWhenNothingIsSet() {
        assertThat(encode(GenerationRequest.builder().prompt("p").build(), Map.of())
                        .has("parameters"))
                .isFalse();
    }
}
