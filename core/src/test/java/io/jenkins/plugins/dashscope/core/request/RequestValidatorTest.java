package io.jenkins.plugins.dashscope.core.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dashscope.core.catalog.ApiFamily;
import io.jenkins.plugins.dashscope.core.catalog.ModelCatalog;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.testing.TestImages;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestValidatorTest {

    private final RequestValidator validator = new RequestValidator(ModelCatalog.builtIn());

    @TempDir
    static Path dir;

    private static RequestBuilder wanx() {
        return GenerationRequest.builder().model("wanx-v1").prompt("a cat");
    }

    private static RequestBuilder painting() {
        return GenerationRequest.builder()
                .model("wanx-x-painting")
                .prompt("glasses")
                .baseImage("https://example.com/base.png")
                .maskImage("https://example.com/mask.png");
    }

    private static Arguments bad(String field, String fragment, UnaryOperator<RequestBuilder> r) {
        return Arguments.of(field, fragment, r);
    }

    /** Bad input across models: each is rejected naming the field, before anything is sent. */
    static Stream<Arguments> badRequests() {
        String long501 = "x".repeat(501);
        return Stream.of(
                bad("prompt", "empty", b -> b.prompt(null)),
                bad("prompt", "empty", b -> b.prompt("   ")),
                bad("prompt", "at most 500", b -> b.prompt(long501)),
                bad("prompt", "at most 75", b -> painting().prompt("y".repeat(76))),
                bad("prompt", "at most 2100", b -> b.model("wan2.6-t2i").prompt("z".repeat(2101))),
                bad("prompt", "at most 800", b -> b.model("wanx2.0-t2i-turbo").prompt("q".repeat(801))),
                bad("negativePrompt", "at most 500", b -> b.negativePrompt(long501)),
                bad("negativePrompt", "not supported", b -> painting().negativePrompt("blurry")),
                bad("model", "not in the catalog", b -> b.model("dall-e-3")),
                bad("model", "letters, digits", b -> b.model("../etc/passwd")),
                bad("api", "text2image", b -> b.api("image2text")),
                bad("api", "wanx-v1", b -> b.api("multimodal-generation")),
                bad("api", "qwen-image-max", b -> b.model("qwen-image-max").api("text2image")),
                bad("size", "1024*1024, 720*1280, 1280*720", b -> b.size("512*512")),
                bad("size", "W*H or WxH", b -> b.size("big")),
                bad("size", "W*H or WxH", b -> b.size("1024*")),
                bad("size", "512..1440", b -> b.model("wan2.2-t2i-flash").size("2000*1000")),
                bad("size", "pixels", b -> b.model("wan2.2-t2i-plus").size("1440*1441")),
                bad("size", "total pixels", b -> b.model("wan2.6-t2i").size("1024*1024")),
                bad("size", "aspect ratio", b -> b.model("wan2.5-t2i-preview").size("3300*600")),
                bad("size", "1664*928", b -> b.model("qwen-image-plus").size("1024*1024")),
                bad("size", "total pixels", b -> b.model("qwen-image-2.0-pro").size("4096*2048")),
                bad(
                        "size",
                        "not supported",
                        b -> GenerationRequest.builder()
                                .model("wanx2.1-imageedit")
                                .prompt("x")
                                .function("colorization")
                                .baseImage("https://e.com/a.png")
                                .size("1024*1024")),
                bad("n", "1..4", b -> b.n(0)),
                bad("n", "1..4", b -> b.n(5)),
                bad("n", "1..1", b -> b.model("qwen-image-max").n(2)),
                bad("n", "1..6", b -> b.model("qwen-image-2.0").n(7)),
                bad("seed", "1..4294967289", b -> b.seed(0L)),
                bad("seed", "1..4294967289", b -> b.seed(4294967290L)),
                bad("seed", "0..2147483647", b -> b.model("wan2.6-t2i").seed(-1L)),
                bad("seed", "0..2147483647", b -> b.model("wan2.6-t2i").seed(2147483648L)),
                bad("seed", "not supported", b -> painting().seed(3L)),
                bad("style", "<watercolor>", b -> b.style("cubism")),
                bad("style", "<auto>", b -> painting().style("<photography>")),
                bad("style", "not supported", b -> b.model("wan2.6-t2i").style("anime")),
                bad("refImage", "not supported", b -> b.model("wan2.6-t2i").refImage("https://e.com/r.png")),
                bad("refImage", "oss://", b -> b.refImage("ftp://e.com/r.png")),
                bad("refImage", "ASCII", b -> b.refImage("https://e.com/猫.png")),
                bad("refImage", "does not exist", b -> b.refImage("missing/ref.png")),
                bad("refStrength", "needs refImage", b -> b.refStrength(0.5)),
                bad(
                        "refStrength",
                        "0.0..1.0",
                        b -> b.refImage("https://e.com/r.png").refStrength(1.5)),
                bad(
                        "refStrength",
                        "0.0..1.0",
                        b -> b.refImage("https://e.com/r.png").refStrength(Double.NaN)),
                bad(
                        "refMode",
                        "repaint, refonly",
                        b -> b.refImage("https://e.com/r.png").refMode("copy")),
                bad("refMode", "needs refImage", b -> b.refMode("repaint")),
                bad("baseImage", "required", b -> painting().baseImage(null).maskImage(null)),
                bad("maskImage", "required", b -> painting().maskImage(null)),
                bad(
                        "maskImage",
                        "needs baseImage",
                        b -> GenerationRequest.builder()
                                .model("custom-edit")
                                .api("image2image")
                                .prompt("x")
                                .maskImage("https://e.com/m.png")),
                bad(
                        "baseImage",
                        "required",
                        b -> GenerationRequest.builder()
                                .model("wanx2.1-imageedit")
                                .prompt("x")
                                .function("description_edit_with_mask")
                                .maskImage("https://e.com/m.png")),
                bad("maskImage", "not supported", b -> b.maskImage("https://e.com/m.png")),
                bad("maskColor", "RGB triples", b -> painting().maskColor(List.of(List.of(0, 0, 300)))),
                bad("maskColor", "RGB triples", b -> painting().maskColor(List.of(List.of(0, 0)))),
                bad("maskColor", "not supported", b -> b.maskColor(List.of(List.of(0, 0, 0)))),
                bad(
                        "function",
                        "required",
                        b -> GenerationRequest.builder()
                                .model("wanx2.1-imageedit")
                                .prompt("x")
                                .baseImage("https://e.com/a.png")),
                bad(
                        "function",
                        "colorization",
                        b -> GenerationRequest.builder()
                                .model("wanx2.1-imageedit")
                                .prompt("x")
                                .baseImage("https://e.com/a.png")
                                .function("make_it_pop")),
                bad(
                        "maskImage",
                        "required by function",
                        b -> GenerationRequest.builder()
                                .model("wanx2.1-imageedit")
                                .prompt("x")
                                .baseImage("https://e.com/a.png")
                                .function("description_edit_with_mask")),
                bad("function", "not supported", b -> b.function("expand")),
                bad("promptExtend", "not supported", b -> b.promptExtend(true)),
                bad("watermark", "not supported", b -> painting().watermark(false)),
                bad("parameters", "size option", b -> b.parameter("size", "1024*1024")),
                bad("parameters", "keys of letters", b -> b.parameter("bad key!", 1)),
                bad("parameters", "prompt option", b -> b.parameter("input.prompt", "sneaky")));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("badRequests")
    void rejectsBadInputNamingTheField(String field, String fragment, UnaryOperator<RequestBuilder> r) {
        GenerationRequest request = r.apply(wanx()).build();
        assertThatThrownBy(() -> validator.validate(request, dir))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).startsWith(field + ": ").contains(fragment);
                });
    }

    @Test
    void matrixIsLargeEnough() {
        assertThat(badRequests().count()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void acceptsValidRequestsOfEveryFamily() {
        var v = validator.validate(
                wanx().size("1280x720")
                        .n(4)
                        .seed(42L)
                        .style("watercolor")
                        .refImage("https://e.com/r.png")
                        .refStrength(0.5)
                        .refMode("REFONLY")
                        .build(),
                dir);
        assertThat(v.family()).isEqualTo(ApiFamily.TEXT2IMAGE);
        assertThat(v.size().toString()).isEqualTo("1280*720");
        assertThat(v.style()).isEqualTo("<watercolor>");

        assertThat(validator
                        .validate(
                                GenerationRequest.builder()
                                        .model("wan2.6-t2i")
                                        .prompt("p")
                                        .size("1280*1280")
                                        .promptExtend(false)
                                        .watermark(true)
                                        .build(),
                                dir)
                        .family())
                .isEqualTo(ApiFamily.IMAGE_GENERATION);
        assertThat(validator
                        .validate(
                                GenerationRequest.builder()
                                        .model("wan2.6-t2i")
                                        .api("multimodal-generation")
                                        .prompt("p")
                                        .build(),
                                dir)
                        .family())
                .isEqualTo(ApiFamily.MULTIMODAL_GENERATION);
        assertThat(validator
                        .validate(
                                GenerationRequest.builder()
                                        .model("qwen-image-2.0-pro")
                                        .prompt("海报")
                                        .size("2688*1536")
                                        .build(),
                                dir)
                        .family())
                .isEqualTo(ApiFamily.MULTIMODAL_GENERATION);
        assertThat(validator
                        .validate(
                                painting()
                                        .maskColor(List.of(List.of(0, 0, 0), List.of(134, 134, 134)))
                                        .build(),
                                dir)
                        .family())
                .isEqualTo(ApiFamily.IMAGE2IMAGE);
    }

    @Test
    void defaultsToWanxV1() {
        assertThat(validator
                        .validate(GenerationRequest.builder().prompt("p").build(), dir)
                        .model())
                .isEqualTo("wanx-v1");
    }

    @Test
    void promptLengthCountsCharactersNotBytes() {
        // 500 Chinese characters are 1500 UTF-8 bytes and still allowed.
        validator.validate(wanx().prompt("猫".repeat(500)).build(), dir);
    }

    @Test
    void unknownModelWorksWhenTheFamilyIsNamedAndPassesExtrasThrough() {
        var v = validator.validate(
                GenerationRequest.builder()
                        .model("wan9.9-future")
                        .api("image-generation")
                        .prompt("p")
                        .size("777*555")
                        .n(9)
                        .parameter("quality", "hd")
                        .build(),
                dir);
        assertThat(v.spec().known()).isFalse();
        assertThat(v.family()).isEqualTo(ApiFamily.IMAGE_GENERATION);
        assertThat(v.request().extraParameters()).containsEntry("quality", "hd");
    }

    @Test
    void localPathsResolveAgainstTheBaseDirectory() {
        TestImages.write(dir, "ref.png", "png", 300, 300);
        var v = validator.validate(wanx().refImage("ref.png").build(), dir);
        assertThat(v.images().get(ImageRole.REF)).isEqualTo(new ImageSource.Local(dir.resolve("ref.png")));
        assertThat(v.hasLocalImages()).isTrue();
        assertThat(validator
                        .validate(wanx().refImage("oss://dir/ref.png").build(), dir)
                        .images())
                .isEqualTo(Map.of(ImageRole.REF, new ImageSource.Remote("oss://dir/ref.png")));
    }
}
