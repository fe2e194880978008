package io.jenkins.plugins.dashscope.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.request.RequestBuilder;
import io.jenkins.plugins.dashscope.core.request.RequestOption;
import io.jenkins.plugins.dashscope.core.simulator.DashScopeSimulator.RecordedRequest;
import io.jenkins.plugins.dashscope.core.simulator.RequestKind;
import io.jenkins.plugins.dashscope.core.testing.SimulatorFixture;
import io.jenkins.plugins.dashscope.core.testing.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The create call of each family, as the simulator received it: path, headers, body. */
class RequestShapeTest {

    private final SimulatorFixture fx = new SimulatorFixture();
    private final ObjectMapper mapper = Json.newMapper();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        fx.close();
    }

    private GenerationResult run(GenerationRequest r) throws Exception {
        return fx.generate(r, dir, "out", Duration.ofSeconds(20), e -> {})
                .result()
                .get();
    }

    private RecordedRequest onlySubmit() {
        List<RecordedRequest> submits = fx.simulator.recordedRequests().stream()
                .filter(r -> r.kind() == RequestKind.SUBMIT)
                .toList();
        assertThat(submits).hasSize(1);
        return submits.get(0);
    }

    private static void commonHeaders(RecordedRequest r) {
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.headers().get("Authorization")).isEqualTo("Bearer " + SimulatorFixture.KEY);
        assertThat(r.headers().get("Content-Type")).startsWith("application/json");
        assertThat(r.headers().get("Accept")).isEqualTo("application/json");
        assertThat(r.headers().get("User-Agent")).startsWith("dashscope-image-jenkins/");
    }

    @Test
    void text2image() throws Exception {
        run(GenerationRequest.builder()
                .model("wanx-v1")
                .prompt("一只奔跑的猫")
                .style("sketch")
                .size("1024*1024")
                .n(2)
                .seed(42L)
                .build());
        RecordedRequest r = onlySubmit();
        commonHeaders(r);
        assertThat(r.path()).isEqualTo("/api/v1/services/aigc/text2image/image-synthesis");
        assertThat(r.headers().get("X-DashScope-Async")).isEqualTo("enable");
        assertThat(r.headers()).doesNotContainKey("X-DashScope-OssResourceResolve");
        JsonNode body = mapper.readTree(r.body());
        assertThat(body.toString())
                .isEqualTo("{\"model\":\"wanx-v1\",\"input\":{\"prompt\":\"一只奔跑的猫\"},"
                        + "\"parameters\":{\"style\":\"<sketch>\",\"size\":\"1024*1024\",\"n\":2,\"seed\":42}}");
        assertThat(fx.simulator.recordedRequests()).anySatisfy(q -> {
            assertThat(q.kind()).isEqualTo(RequestKind.QUERY);
            assertThat(q.method()).isEqualTo("GET");
            assertThat(q.path()).startsWith("/api/v1/tasks/");
        });
    }

    @Test
    void image2imageWithLocalFilesUploadsAndResolvesOss() throws Exception {
        TestImages.write(dir, "base.png", "png", 512, 512);
        TestImages.write(dir, "mask.png", "png", 512, 512);
        run(GenerationRequest.builder()
                .model("wanx-x-painting")
                .prompt("a dog in red glasses")
                .baseImage("base.png")
                .maskImage("mask.png")
                .build());
        RecordedRequest r = onlySubmit();
        commonHeaders(r);
        assertThat(r.path()).isEqualTo("/api/v1/services/aigc/image2image/image-synthesis");
        assertThat(r.headers().get("X-DashScope-Async")).isEqualTo("enable");
        assertThat(r.headers().get("X-DashScope-OssResourceResolve")).isEqualTo("enable");
        JsonNode input = mapper.readTree(r.body()).path("input");
        assertThat(input.path("base_image_url").asText()).startsWith("oss://dashscope-instant/");
        assertThat(input.path("mask_image_url").asText())
                .startsWith("oss://dashscope-instant/")
                .isNotEqualTo(input.path("base_image_url").asText());
        assertThat(fx.simulator.count(RequestKind.UPLOAD_POLICY)).isEqualTo(1);
        assertThat(fx.simulator.count(RequestKind.UPLOAD)).isEqualTo(2);
        assertThat(fx.simulator.recordedRequests()).anySatisfy(q -> {
            assertThat(q.kind()).isEqualTo(RequestKind.UPLOAD_POLICY);
            assertThat(q.query()).isEqualTo("action=getPolicy&model=wanx-x-painting");
        });
    }

    @Test
    void callerSuppliedOssUrlsAlsoAskTheServerToResolveThem() throws Exception {
        // an object uploaded earlier, e.g. by another generation
        TestImages.write(dir, "ref.png", "png", 300, 300);
        run(GenerationRequest.builder()
                .model("wanx-v1")
                .prompt("first")
                .refImage("ref.png")
                .build());
        String ossUrl = mapper.readTree(onlySubmit().body())
                .path("input")
                .path("ref_img")
                .asText();
        run(GenerationRequest.builder()
                .model("wanx-v1")
                .prompt("again")
                .refImage(ossUrl)
                .build());
        RecordedRequest second = fx.simulator.recordedRequests().stream()
                .filter(r -> r.kind() == RequestKind.SUBMIT)
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(second.headers().get("X-DashScope-OssResourceResolve")).isEqualTo("enable");
        assertThat(fx.simulator.count(RequestKind.UPLOAD)).isEqualTo(1);
        assertThat(fx.simulator.tasksCreated()).isEqualTo(2);
    }

    @Test
    void imageGenerationAsync() throws Exception {
        GenerationResult result = run(GenerationRequest.builder()
                .model("wan2.6-t2i")
                .prompt("flower shop")
                .size("1280*1280")
                .promptExtend(false)
                .build());
        RecordedRequest r = onlySubmit();
        commonHeaders(r);
        assertThat(r.path()).isEqualTo("/api/v1/services/aigc/image-generation/generation");
        assertThat(r.headers().get("X-DashScope-Async")).isEqualTo("enable");
        JsonNode body = mapper.readTree(r.body());
        assertThat(body.path("input").path("messages").toString())
                .isEqualTo("[{\"role\":\"user\",\"content\":[{\"text\":\"flower shop\"}]}]");
        assertThat(result.images()).hasSize(1);
        assertThat(result.images().get(0).width()).isEqualTo(1280);
    }

    @Test
    void multimodalGenerationIsSynchronous() throws Exception {
        GenerationResult result = run(
                GenerationRequest.builder().model("qwen-image-max").prompt("海报").build());
        RecordedRequest r = onlySubmit();
        commonHeaders(r);
        assertThat(r.path()).isEqualTo("/api/v1/services/aigc/multimodal-generation/generation");
        assertThat(r.headers()).doesNotContainKey("X-DashScope-Async");
        assertThat(fx.simulator.count(RequestKind.QUERY)).isZero();
        assertThat(result.manifest().taskId()).isNull();
        assertThat(result.manifest().timing().polls()).isZero();
        assertThat(result.images()).singleElement().satisfies(i -> {
            assertThat(i.width()).isEqualTo(1664);
            assertThat(i.height()).isEqualTo(928);
        });
    }

    @Test
    void zImageTurboIsTextOnlyAndSynchronousWithOneImage() throws Exception {
        GenerationResult result = run(GenerationRequest.builder()
                .model("z-image-turbo")
                .prompt("a calm lake at dawn")
                .size("1280*720")
                .seed(5L)
                .promptExtend(false)
                .build());
        RecordedRequest r = onlySubmit();
        commonHeaders(r);
        assertThat(r.path()).isEqualTo("/api/v1/services/aigc/multimodal-generation/generation");
        JsonNode body = Json.newMapper().readTree(r.body());
        assertThat(body.path("input").path("messages").toString())
                .isEqualTo("[{\"role\":\"user\",\"content\":[{\"text\":\"a calm lake at dawn\"}]}]");
        assertThat(body.path("parameters").path("size").asText()).isEqualTo("1280*720");
        assertThat(body.path("parameters").path("seed").asLong()).isEqualTo(5);
        assertThat(body.path("parameters").path("prompt_extend").asBoolean(true))
                .isFalse();
        assertThat(result.images())
                .singleElement()
                .satisfies(i -> assertThat(i.width()).isEqualTo(1280));
        assertThatThrownBy(() -> fx.engine()
                        .prepare(
                                GenerationRequest.builder()
                                        .model("z-image-turbo")
                                        .prompt("x")
                                        .n(2)
                                        .build(),
                                (java.nio.file.Path) null))
                .hasMessageContaining("n");
        assertThatThrownBy(() -> fx.engine()
                        .prepare(
                                GenerationRequest.builder()
                                        .model("z-image-turbo")
                                        .prompt("x")
                                        .negativePrompt("text")
                                        .build(),
                                (java.nio.file.Path) null))
                .hasMessageContaining("negativePrompt");
    }

    @Test
    void anEditingModelSendsItsImagesInOrderBeforeTheInstruction() throws Exception {
        TestImages.write(dir, "shoe.png", "png", 512, 512);
        TestImages.write(dir, "logo.png", "png", 400, 400);

        GenerationResult result = run(GenerationRequest.builder()
                .model("qwen-image-edit-plus")
                .prompt("put the logo of the second image on the shoe of the first")
                .n(2)
                .images(List.of("shoe.png", "logo.png", "https://example.com/third.png"))
                .build());

        RecordedRequest r = onlySubmit();
        commonHeaders(r);
        assertThat(r.path()).isEqualTo("/api/v1/services/aigc/multimodal-generation/generation");
        assertThat(r.headers().get("X-DashScope-OssResourceResolve")).isEqualTo("enable");
        JsonNode content = Json.newMapper()
                .readTree(r.body())
                .path("input")
                .path("messages")
                .path(0)
                .path("content");
        assertThat(content).hasSize(4);
        // uploaded under the role's name, never the file's: the first and the second, in order
        assertThat(content.get(0).path("image").asText())
                .startsWith("oss://dashscope-instant/")
                .contains("/input_1-");
        assertThat(content.get(1).path("image").asText())
                .startsWith("oss://dashscope-instant/")
                .contains("/input_2-");
        assertThat(content.get(2).path("image").asText()).isEqualTo("https://example.com/third.png");
        assertThat(content.get(3).path("text").asText()).startsWith("put the logo");
        assertThat(fx.simulator.count(RequestKind.UPLOAD)).isEqualTo(2); // one policy serves both
        assertThat(result.images()).hasSize(2);
        assertThat(result.manifest().request().inputs())
                .extracting(i -> i.field() + "=" + (i.file() != null ? i.file() : i.url()))
                .containsExactly("images[1]=shoe.png", "images[2]=logo.png", "images[3]=https://example.com/third.png");
    }

    @Test
    void wan25ImageToImageTakesTheImagesAsAListUnderInput() throws Exception {
        run(GenerationRequest.builder()
                .model("wan2.5-i2i-preview")
                .prompt("the same room at night")
                .images(List.of("https://example.com/room.png"))
                .size("1280*960")
                .build());

        RecordedRequest r = onlySubmit();
        assertThat(r.path()).isEqualTo("/api/v1/services/aigc/image2image/image-synthesis");
        assertThat(r.headers().get("X-DashScope-Async")).isEqualTo("enable");
        JsonNode input = Json.newMapper().readTree(r.body()).path("input");
        assertThat(input.path("images").toString()).isEqualTo("[\"https://example.com/room.png\"]");
        assertThat(input.path("prompt").asText()).isEqualTo("the same room at night");
        assertThat(input.has("base_image_url")).isFalse();
    }

    @Test
    void wan27DrawsFromTextAloneOrFromUpToNineImages() throws Exception {
        run(GenerationRequest.builder()
                .model("wan2.7-image")
                .prompt("a lighthouse")
                .build());
        JsonNode text = Json.newMapper()
                .readTree(onlySubmit().body())
                .path("input")
                .path("messages")
                .path(0)
                .path("content");
        assertThat(text).hasSize(1);
        assertThat(onlySubmit().path()).isEqualTo("/api/v1/services/aigc/image-generation/generation");

        List<String> ten = java.util.stream.IntStream.rangeClosed(1, 10)
                .mapToObj(i -> "https://example.com/" + i + ".png")
                .toList();
        assertThatThrownBy(() -> fx.engine()
                        .prepare(
                                GenerationRequest.builder()
                                        .model("wan2.7-image")
                                        .prompt("p")
                                        .images(ten)
                                        .build(),
                                dir))
                .hasMessageContaining("images: at most 9 for wan2.7-image, 10 given");
    }

    @Test
    void imagesAreCheckedBeforeAnythingIsSent() throws Exception {
        assertThatThrownBy(() -> fx.engine()
                        .prepare(
                                GenerationRequest.builder()
                                        .model("qwen-image-edit")
                                        .prompt("p")
                                        .build(),
                                dir))
                .hasMessageContaining("images: is required by qwen-image-edit");
        assertThatThrownBy(() -> fx.engine()
                        .prepare(
                                GenerationRequest.builder()
                                        .model("qwen-image-edit")
                                        .prompt("p")
                                        .images(List.of(
                                                "https://e.com/1.png",
                                                "https://e.com/2.png",
                                                "https://e.com/3.png",
                                                "https://e.com/4.png"))
                                        .build(),
                                dir))
                .hasMessageContaining("images: at most 3 for qwen-image-edit, 4 given");
        assertThatThrownBy(() -> fx.engine()
                        .prepare(
                                GenerationRequest.builder()
                                        .model("wanx-v1")
                                        .prompt("p")
                                        .images(List.of("https://e.com/1.png"))
                                        .build(),
                                dir))
                .hasMessageContaining("images: is not supported by wanx-v1");
        assertThatThrownBy(() -> fx.engine()
                        .prepare(
                                GenerationRequest.builder()
                                        .model("qwen-image-edit")
                                        .prompt("p")
                                        .images(List.of("https://e.com/1.png", "missing.png"))
                                        .build(),
                                dir))
                .hasMessageContaining("images[2]: file")
                .hasMessageContaining("does not exist");
        TestImages.write(dir, "thumb.png", "png", 300, 300); // fine for most models, too small for the Qwen editors
        assertThatThrownBy(() -> fx.engine()
                        .prepare(
                                GenerationRequest.builder()
                                        .model("qwen-image-edit")
                                        .prompt("p")
                                        .images(List.of("thumb.png"))
                                        .build(),
                                dir))
                .hasMessageContaining(
                        "images[1]: 'thumb.png' is 300x300; each side must be 384..3072 pixels for qwen-image-edit");
        assertThatThrownBy(() -> GenerationRequest.builder()
                        .set(io.jenkins.plugins.dashscope.core.request.RequestOption.IMAGES, List.of("a.png", " "))
                        .build())
                .hasMessageContaining("images[2]: is empty");
        assertThat(fx.simulator.totalRequests()).isZero();
    }

    @Test
    void theSketchModelSendsItsSketchAndWeight() throws Exception {
        TestImages.write(dir, "sketch.png", "png", 768, 768);

        GenerationResult result = run(GenerationRequest.builder()
                .model("wanx-sketch-to-image-lite")
                .prompt("a cottage")
                .sketchImage("sketch.png")
                .sketchWeight(7L)
                .n(2)
                .build());

        RecordedRequest r = onlySubmit();
        assertThat(r.path()).isEqualTo("/api/v1/services/aigc/image2image/image-synthesis");
        JsonNode body = Json.newMapper().readTree(r.body());
        assertThat(body.path("input").path("sketch_image_url").asText()).startsWith("oss://dashscope-instant/");
        assertThat(body.path("parameters").path("sketch_weight").asInt()).isEqualTo(7);
        assertThat(body.path("parameters").path("size").isMissingNode()).isTrue();
        assertThat(result.images())
                .hasSize(2)
                .allSatisfy(i -> assertThat(i.width()).isEqualTo(768));
        assertThatThrownBy(() -> fx.engine()
                        .prepare(
                                GenerationRequest.builder()
                                        .model("wanx-sketch-to-image-lite")
                                        .prompt("p")
                                        .build(),
                                dir))
                .hasMessageContaining("sketchImage: is required by wanx-sketch-to-image-lite");
        assertThatThrownBy(() -> fx.engine()
                        .prepare(
                                GenerationRequest.builder()
                                        .model("wanx-sketch-to-image-lite")
                                        .prompt("p")
                                        .sketchImage("https://e.com/s.png")
                                        .sketchWeight(11L)
                                        .build(),
                                dir))
                .hasMessageContaining("sketchWeight");
        assertThatThrownBy(() -> fx.engine()
                        .prepare(
                                GenerationRequest.builder()
                                        .model("wanx-sketch-to-image-lite")
                                        .prompt("p")
                                        .sketchImage("https://e.com/s.png")
                                        .size("1024*1024")
                                        .build(),
                                dir))
                .hasMessageContaining("size");
        assertThatThrownBy(() -> fx.engine()
                        .prepare(
                                GenerationRequest.builder()
                                        .model("wanx-v1")
                                        .prompt("p")
                                        .sketchImage("https://e.com/s.png")
                                        .build(),
                                dir))
                .hasMessageContaining("sketchImage: is not supported by wanx-v1");
    }

    private static RequestBuilder with(RequestBuilder b, RequestOption option, Object value) {
        return b.set(option, value);
    }

    @Test
    void outPaintingSendsTheImageUnderImageUrlWithoutAPromptAndReadsItsOneResult() throws Exception {
        TestImages.write(dir, "photo.png", "png", 640, 480);
        RequestBuilder b =
                GenerationRequest.builder().model("image-out-painting").baseImage("photo.png");
        with(b, RequestOption.OUTPUT_RATIO, "16:9");
        with(b, RequestOption.ANGLE, 30L);
        with(b, RequestOption.LEFT_OFFSET, 200L);

        GenerationResult result = run(b.build());

        RecordedRequest r = onlySubmit();
        assertThat(r.path()).isEqualTo("/api/v1/services/aigc/image2image/out-painting");
        assertThat(r.headers().get("X-DashScope-Async")).isEqualTo("enable");
        JsonNode body = mapper.readTree(r.body());
        assertThat(body.path("input").path("image_url").asText()).startsWith("oss://dashscope-instant/");
        assertThat(body.path("input").has("prompt")).isFalse();
        assertThat(body.path("input").has("base_image_url")).isFalse();
        assertThat(body.path("parameters").toString())
                .isEqualTo("{\"angle\":30,\"output_ratio\":\"16:9\",\"left_offset\":200}");
        assertThat(result.images()).hasSize(1); // from output.output_image_url
    }

    @Test
    void outPaintingIsRefusedBeforeSendingWhenItHasNothingToDoOrValuesOutOfRange() {
        RequestBuilder base =
                GenerationRequest.builder().model("image-out-painting").baseImage("https://e.com/p.png");
        assertThatThrownBy(() -> fx.engine().prepare(base.build(), dir))
                .hasMessageContaining("outputRatio: is missing: image-out-painting needs how to extend the image");
        assertThatThrownBy(() -> fx.engine()
                        .prepare(
                                base.build().toBuilder()
                                        .prompt("extend it")
                                        .set(RequestOption.WIDTH_SCALE, 2.0)
                                        .build(),
                                dir))
                .hasMessageContaining("prompt: is not used by image-out-painting");
        assertThatThrownBy(() -> fx.engine()
                        .prepare(
                                base.build().toBuilder()
                                        .set(RequestOption.WIDTH_SCALE, 3.5)
                                        .build(),
                                dir))
                .hasMessageContaining("widthScale")
                .hasMessageContaining("1.0..3.0");
        assertThatThrownBy(() -> fx.engine()
                        .prepare(
                                base.build().toBuilder()
                                        .set(RequestOption.ANGLE, 360L)
                                        .build(),
                                dir))
                .hasMessageContaining("angle")
                .hasMessageContaining("0..359");
        assertThatThrownBy(() -> fx.engine()
                        .prepare(
                                base.build().toBuilder()
                                        .set(RequestOption.OUTPUT_RATIO, "2:1")
                                        .build(),
                                dir))
                .hasMessageContaining("outputRatio")
                .hasMessageContaining("1:1, 3:4, 4:3, 9:16, 16:9");
        assertThatThrownBy(() -> fx.engine()
                        .prepare(
                                base.build().toBuilder()
                                        .set(RequestOption.TOP_OFFSET, -1L)
                                        .build(),
                                dir))
                .hasMessageContaining("topOffset");
        assertThatThrownBy(() -> fx.engine()
                        .prepare(
                                GenerationRequest.builder()
                                        .model("wanx-v1")
                                        .prompt("p")
                                        .set(RequestOption.WIDTH_SCALE, 2.0)
                                        .build(),
                                dir))
                .hasMessageContaining("widthScale: is not supported by wanx-v1");
        assertThat(fx.simulator.totalRequests()).isZero();
    }

    @Test
    void aModelTheCatalogLacksOnTheOutPaintingPathTakesItsFamilysKeysAndNeedsNoPrompt() throws Exception {
        GenerationResult result = run(with(
                        GenerationRequest.builder()
                                .model("image-out-painting-v9")
                                .api("out-painting")
                                .baseImage("https://example.com/photo.png"),
                        RequestOption.WIDTH_SCALE,
                        2.0)
                .build());

        RecordedRequest r = onlySubmit();
        assertThat(r.path()).isEqualTo("/api/v1/services/aigc/image2image/out-painting");
        JsonNode input = mapper.readTree(r.body()).path("input");
        assertThat(input.toString()).isEqualTo("{\"image_url\":\"https://example.com/photo.png\"}");
        assertThat(result.images()).hasSize(1);
    }

    @Test
    void backgroundGenerationSendsTheProductWithAPromptOrAReferenceImage() throws Exception {
        TestImages.write(dir, "product.png", "png", 800, 800);
        run(GenerationRequest.builder()
                .model("wanx-background-generation-v2")
                .baseImage("product.png")
                .prompt("on a marble counter, morning light")
                .refImage("https://example.com/kitchen.jpg")
                .n(2)
                .build());

        RecordedRequest r = onlySubmit();
        assertThat(r.path()).isEqualTo("/api/v1/services/aigc/background-generation/generation/");
        JsonNode input = mapper.readTree(r.body()).path("input");
        assertThat(input.path("base_image_url").asText()).startsWith("oss://dashscope-instant/");
        assertThat(input.path("ref_image_url").asText()).isEqualTo("https://example.com/kitchen.jpg");
        assertThat(input.path("ref_prompt").asText()).isEqualTo("on a marble counter, morning light");
        assertThat(input.has("prompt")).isFalse();
        assertThat(input.has("ref_img")).isFalse();

        // a reference image alone guides it too; neither is refused before sending
        fx.engine()
                .prepare(
                        GenerationRequest.builder()
                                .model("wanx-background-generation-v2")
                                .baseImage("product.png")
                                .refImage("https://example.com/kitchen.jpg")
                                .build(),
                        dir);
        assertThatThrownBy(() -> fx.engine()
                        .prepare(
                                GenerationRequest.builder()
                                        .model("wanx-background-generation-v2")
                                        .baseImage("product.png")
                                        .build(),
                                dir))
                .hasMessageContaining(
                        "prompt: is empty; wanx-background-generation-v2 needs a prompt, a refImage, or both");
        assertThatThrownBy(() -> fx.engine()
                        .prepare(
                                GenerationRequest.builder()
                                        .model("wanx-background-generation-v2")
                                        .prompt("p")
                                        .build(),
                                dir))
                .hasMessageContaining("baseImage: is required by wanx-background-generation-v2");
    }

    @Test
    void imageTranslationSendsLanguagesByCodeAndReadsItsOneResult() throws Exception {
        TestImages.write(dir, "poster-zh.png", "png", 600, 800);
        GenerationResult result = run(with(
                        GenerationRequest.builder().model("qwen-mt-image").baseImage("poster-zh.png"),
                        RequestOption.TARGET_LANG,
                        "Japanese")
                .build());

        RecordedRequest r = onlySubmit();
        assertThat(r.path()).isEqualTo("/api/v1/services/aigc/image2image/image-synthesis");
        JsonNode input = mapper.readTree(r.body()).path("input");
        assertThat(input.path("image_url").asText()).startsWith("oss://dashscope-instant/");
        assertThat(input.path("source_lang").asText()).isEqualTo("auto");
        assertThat(input.path("target_lang").asText()).isEqualTo("ja");
        assertThat(input.has("prompt")).isFalse();
        assertThat(result.images()).hasSize(1); // from output.image_url

        RequestBuilder b = GenerationRequest.builder().model("qwen-mt-image").baseImage("poster-zh.png");
        assertThatThrownBy(() -> fx.engine().prepare(b.build(), dir))
                .hasMessageContaining("targetLang: is required by qwen-mt-image");
        assertThatThrownBy(() -> fx.engine()
                        .prepare(
                                b.build().toBuilder()
                                        .set(RequestOption.SOURCE_LANG, "ja")
                                        .set(RequestOption.TARGET_LANG, "ko")
                                        .build(),
                                dir))
                .hasMessageContaining(
                        "targetLang: 'ko' from 'ja': qwen-mt-image translates only from or into Chinese (zh) or English (en)");
        assertThatThrownBy(() -> fx.engine()
                        .prepare(
                                b.build().toBuilder()
                                        .set(RequestOption.TARGET_LANG, "klingon")
                                        .build(),
                                dir))
                .hasMessageContaining("targetLang")
                .hasMessageContaining("zh, en, ko, ja");
        assertThatThrownBy(() -> fx.engine()
                        .prepare(
                                b.build().toBuilder()
                                        .prompt("translate")
                                        .set(RequestOption.TARGET_LANG, "en")
                                        .build(),
                                dir))
                .hasMessageContaining("prompt: is not used by qwen-mt-image");
    }

    @Test
    void wan27TakesTiersPalettesBoxesSetsAndThinking() throws Exception {
        RequestBuilder b = GenerationRequest.builder()
                .model("wan2.7-image-pro")
                .prompt("a poster")
                .size("4k");
        with(b, RequestOption.COLOR_PALETTE, "#C2D1E6:40%;#CDD8E9:35.5%;#C5CFD8:24.5%");
        with(b, RequestOption.THINKING_MODE, true);
        // encoded, not run: a 4096*4096 image is more than this test needs to download
        var prepared = fx.engine().prepare(b.build(), dir);
        JsonNode p = new io.jenkins.plugins.dashscope.core.request.RequestEncoder(mapper)
                .encode(prepared.request(), java.util.Map.of())
                .path("parameters");

        assertThat(p.path("size").asText()).isEqualTo("4K");
        assertThat(p.path("thinking_mode").asBoolean()).isTrue();
        assertThat(p.path("color_palette").toString())
                .isEqualTo("[{\"hex\":\"#C2D1E6\",\"ratio\":\"40%\"},"
                        + "{\"hex\":\"#CDD8E9\",\"ratio\":\"35.5%\"},{\"hex\":\"#C5CFD8\",\"ratio\":\"24.5%\"}]");
    }

    @Test
    void wan27DrawsASetOfUpToTwelveRelatedImages() throws Exception {
        GenerationResult result = run(with(
                        GenerationRequest.builder()
                                .model("wan2.7-image")
                                .prompt("a storyboard")
                                .size("1K")
                                .n(6),
                        RequestOption.ENABLE_SEQUENTIAL,
                        true)
                .build());

        JsonNode p = mapper.readTree(onlySubmit().body()).path("parameters");
        assertThat(p.path("n").asInt()).isEqualTo(6);
        assertThat(p.path("enable_sequential").asBoolean()).isTrue();
        assertThat(result.images())
                .hasSize(6)
                .allSatisfy(i -> assertThat(i.width()).isEqualTo(1024));
        assertThatThrownBy(() -> fx.engine()
                        .prepare(
                                with(
                                                GenerationRequest.builder()
                                                        .model("wan2.7-image")
                                                        .prompt("p")
                                                        .n(13),
                                                RequestOption.ENABLE_SEQUENTIAL,
                                                true)
                                        .build(),
                                dir))
                .hasMessageContaining("n: '13' is not allowed; allowed: 1..12");
    }

    @Test
    void wan27BoxesGoPerInputImageAndEachRuleIsCheckedBeforeSending() throws Exception {
        List<String> two = List.of("https://example.com/a.png", "https://example.com/b.png");
        run(with(
                        GenerationRequest.builder()
                                .model("wan2.7-image")
                                .prompt("swap the labels")
                                .images(two)
                                .size("2K"),
                        RequestOption.BBOX_LIST,
                        "10,20,300,400;5,5,50,50|")
                .build());
        JsonNode p = mapper.readTree(onlySubmit().body()).path("parameters");
        assertThat(p.path("bbox_list").toString()).isEqualTo("[[[10,20,300,400],[5,5,50,50]],[]]");
        assertThat(p.path("size").asText()).isEqualTo("2K");

        RequestBuilder edit = GenerationRequest.builder()
                .model("wan2.7-image-pro")
                .prompt("p")
                .images(two);
        List<Object[]> wrong = List.of(
                new Object[] {edit.build().toBuilder().size("4K").build(), "size: 4K is for text to image only"},
                new Object[] {
                    GenerationRequest.builder()
                            .model("wan2.7-image")
                            .prompt("p")
                            .size("4K")
                            .build(),
                    "size: '4K' is not allowed for wan2.7-image; allowed: 1K, 2K or any W*H"
                },
                new Object[] {
                    edit.build().toBuilder()
                            .set(RequestOption.THINKING_MODE, true)
                            .build(),
                    "thinkingMode: is for text to image only"
                },
                new Object[] {
                    edit.build().toBuilder()
                            .set(RequestOption.BBOX_LIST, "1,1,5,5")
                            .build(),
                    "bboxList: has boxes for 1 image(s) but 2 input image(s) are given"
                },
                new Object[] {
                    edit.build().toBuilder()
                            .set(RequestOption.BBOX_LIST, "9,1,5,5|")
                            .build(),
                    "bboxList[1]"
                },
                new Object[] {
                    edit.build().toBuilder()
                            .set(RequestOption.COLOR_PALETTE, "#000000:50%;#FFFFFF:50%")
                            .build(),
                    "colorPalette: has 2 colours; give 3..10"
                },
                new Object[] {
                    edit.build().toBuilder()
                            .set(RequestOption.COLOR_PALETTE, "#000000:50%;#FFFFFF:30%;#FF0000:10%")
                            .build(),
                    "colorPalette: shares add up to 90%; they must make 100%"
                },
                new Object[] {
                    edit.build().toBuilder()
                            .set(RequestOption.COLOR_PALETTE, "black:50%;#FFFFFF:30%;#FF0000:20%")
                            .build(),
                    "colorPalette: 'black'"
                },
                new Object[] {
                    edit.build().toBuilder().n(5).build(),
                    "n: '5' is not allowed; allowed: 1..4 for wan2.7-image-pro (1..12 with enableSequential)"
                },
                new Object[] {
                    GenerationRequest.builder()
                            .model("wan2.6-t2i")
                            .prompt("p")
                            .set(RequestOption.ENABLE_SEQUENTIAL, true)
                            .build(),
                    "enableSequential: is not supported by wan2.6-t2i"
                });
        for (Object[] w : wrong) {
            assertThatThrownBy(() -> fx.engine().prepare((GenerationRequest) w[0], dir))
                    .hasMessageContaining((String) w[1]);
        }
        assertThat(fx.simulator.recordedRequests().stream().filter(r -> r.kind() == RequestKind.SUBMIT))
                .hasSize(1);
    }
}
