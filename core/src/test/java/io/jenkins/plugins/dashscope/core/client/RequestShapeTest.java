package io.jenkins.plugins.dashscope.core.client;

import io.jenkins.plugins.dashscope.core.common.Json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
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
        return fx.generate(r, dir, "out", Duration.ofSeconds(20), e -> { }).result().get();
    }

    private RecordedRequest onlySubmit() {
        List<RecordedRequest> submits = fx.simulator.recordedRequests().stream()
                .filter(r -> r.kind() == RequestKind.SUBMIT).toList();
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
        run(GenerationRequest.builder().model("wanx-v1").prompt("一只奔跑的猫").style("sketch").size("1024*1024").n(2)
                .seed(42L).build());
        RecordedRequest r = onlySubmit();
        commonHeaders(r);
        assertThat(r.path()).isEqualTo("/api/v1/services/aigc/text2image/image-synthesis");
        assertThat(r.headers().get("X-DashScope-Async")).isEqualTo("enable");
        assertThat(r.headers()).doesNotContainKey("X-DashScope-OssResourceResolve");
        JsonNode body = mapper.readTree(r.body());
        assertThat(body.toString()).isEqualTo("{\"model\":\"wanx-v1\",\"input\":{\"prompt\":\"一只奔跑的猫\"},"
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
        run(GenerationRequest.builder().model("wanx-x-painting").prompt("a dog in red glasses").baseImage("base.png")
                .maskImage("mask.png").build());
        RecordedRequest r = onlySubmit();
        commonHeaders(r);
        assertThat(r.path()).isEqualTo("/api/v1/services/aigc/image2image/image-synthesis");
        assertThat(r.headers().get("X-DashScope-Async")).isEqualTo("enable");
        assertThat(r.headers().get("X-DashScope-OssResourceResolve")).isEqualTo("enable");
        JsonNode input = mapper.readTree(r.body()).path("input");
        assertThat(input.path("base_image_url").asText()).startsWith("oss://dashscope-instant/");
        assertThat(input.path("mask_image_url").asText()).startsWith("oss://dashscope-instant/")
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
        run(GenerationRequest.builder().model("wanx-v1").prompt("first").refImage("ref.png").build());
        String ossUrl = mapper.readTree(onlySubmit().body()).path("input").path("ref_img").asText();
        run(GenerationRequest.builder().model("wanx-v1").prompt("again").refImage(ossUrl).build());
        RecordedRequest second = fx.simulator.recordedRequests().stream().filter(r -> r.kind() == RequestKind.SUBMIT)
                .reduce((a, b) -> b).orElseThrow();
        assertThat(second.headers().get("X-DashScope-OssResourceResolve")).isEqualTo("enable");
        assertThat(fx.simulator.count(RequestKind.UPLOAD)).isEqualTo(1);
        assertThat(fx.simulator.tasksCreated()).isEqualTo(2);
    }

    @Test
    void imageGenerationAsync() throws Exception {
        GenerationResult result = run(GenerationRequest.builder().model("wan2.6-t2i").prompt("flower shop")
                .size("1280*1280").promptExtend(false).build());
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
        GenerationResult result = run(GenerationRequest.builder().model("qwen-image-max").prompt("海报").build());
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
        GenerationResult result = run(GenerationRequest.builder().model("z-image-turbo").prompt("a calm lake at dawn")
                .size("1280*720").seed(5L).promptExtend(false).build());
        RecordedRequest r = onlySubmit();
        commonHeaders(r);
        assertThat(r.path()).isEqualTo("/api/v1/services/aigc/multimodal-generation/generation");
        JsonNode body = Json.newMapper().readTree(r.body());
        assertThat(body.path("input").path("messages").toString())
                .isEqualTo("[{\"role\":\"user\",\"content\":[{\"text\":\"a calm lake at dawn\"}]}]");
        assertThat(body.path("parameters").path("size").asText()).isEqualTo("1280*720");
        assertThat(body.path("parameters").path("seed").asLong()).isEqualTo(5);
        assertThat(body.path("parameters").path("prompt_extend").asBoolean(true)).isFalse();
        assertThat(result.images()).singleElement().satisfies(i -> assertThat(i.width()).isEqualTo(1280));
        assertThatThrownBy(() -> fx.engine().prepare(GenerationRequest.builder().model("z-image-turbo").prompt("x").n(2)
                .build(), (java.nio.file.Path) null)).hasMessageContaining("n");
        assertThatThrownBy(() -> fx.engine().prepare(GenerationRequest.builder().model("z-image-turbo").prompt("x")
                .negativePrompt("text").build(), (java.nio.file.Path) null)).hasMessageContaining("negativePrompt");
    }

    @Test
    void anEditingModelSendsItsImagesInOrderBeforeTheInstruction() throws Exception {
        TestImages.write(dir, "shoe.png", "png", 512, 512);
        TestImages.write(dir, "logo.png", "png", 400, 400);

        GenerationResult result = run(GenerationRequest.builder().model("qwen-image-edit-plus")
                .prompt("put the logo of the second image on the shoe of the first").n(2)
                .images(List.of("shoe.png", "logo.png", "https://example.com/third.png")).build());

        RecordedRequest r = onlySubmit();
        commonHeaders(r);
        assertThat(r.path()).isEqualTo("/api/v1/services/aigc/multimodal-generation/generation");
        assertThat(r.headers().get("X-DashScope-OssResourceResolve")).isEqualTo("enable");
        JsonNode content = Json.newMapper().readTree(r.body()).path("input").path("messages").path(0).path("content");
        assertThat(content).hasSize(4);
        // uploaded under the role's name, never the file's: the first and the second, in order
        assertThat(content.get(0).path("image").asText()).startsWith("oss://dashscope-instant/").contains("/input_1-");
        assertThat(content.get(1).path("image").asText()).startsWith("oss://dashscope-instant/").contains("/input_2-");
        assertThat(content.get(2).path("image").asText()).isEqualTo("https://example.com/third.png");
        assertThat(content.get(3).path("text").asText()).startsWith("put the logo");
        assertThat(fx.simulator.count(RequestKind.UPLOAD)).isEqualTo(2); // one policy serves both
        assertThat(result.images()).hasSize(2);
        assertThat(result.manifest().request().inputs()).extracting(i -> i.field() + "=" + (i.file() != null ? i.file() : i.url()))
                .containsExactly("images[1]=shoe.png", "images[2]=logo.png", "images[3]=https://example.com/third.png");
    }

    @Test
    void wan25ImageToImageTakesTheImagesAsAListUnderInput() throws Exception {
        run(GenerationRequest.builder().model("wan2.5-i2i-preview").prompt("the same room at night")
                .images(List.of("https://example.com/room.png")).size("1280*960").build());

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
        run(GenerationRequest.builder().model("wan2.7-image").prompt("a lighthouse").build());
        JsonNode text = Json.newMapper().readTree(onlySubmit().body()).path("input").path("messages").path(0).path("content");
        assertThat(text).hasSize(1);
        assertThat(onlySubmit().path()).isEqualTo("/api/v1/services/aigc/image-generation/generation");

        List<String> ten = java.util.stream.IntStream.rangeClosed(1, 10).mapToObj(i -> "https://example.com/" + i + ".png").toList();
        assertThatThrownBy(() -> fx.engine().prepare(GenerationRequest.builder().model("wan2.7-image").prompt("p")
                .images(ten).build(), dir)).hasMessageContaining("images: at most 9 for wan2.7-image, 10 given");
    }

    @Test
    void imagesAreCheckedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> fx.engine().prepare(GenerationRequest.builder().model("qwen-image-edit").prompt("p").build(), dir))
                .hasMessageContaining("images: is required by qwen-image-edit");
        assertThatThrownBy(() -> fx.engine().prepare(GenerationRequest.builder().model("qwen-image-edit").prompt("p")
                .images(List.of("https://e.com/1.png", "https://e.com/2.png", "https://e.com/3.png", "https://e.com/4.png"))
                .build(), dir)).hasMessageContaining("images: at most 3 for qwen-image-edit, 4 given");
        assertThatThrownBy(() -> fx.engine().prepare(GenerationRequest.builder().model("wanx-v1").prompt("p")
                .images(List.of("https://e.com/1.png")).build(), dir)).hasMessageContaining("images: is not supported by wanx-v1");
        assertThatThrownBy(() -> fx.engine().prepare(GenerationRequest.builder().model("qwen-image-edit").prompt("p")
                .images(List.of("https://e.com/1.png", "missing.png")).build(), dir))
                .hasMessageContaining("images[2]: file").hasMessageContaining("does not exist");
        assertThatThrownBy(() -> GenerationRequest.builder().set(io.jenkins.plugins.dashscope.core.request.RequestOption.IMAGES,
                List.of("a.png", " ")).build()).hasMessageContaining("images[2]: is empty");
        assertThat(fx.simulator.totalRequests()).isZero();
    }

    @Test
    void theSketchModelSendsItsSketchAndWeight() throws Exception {
        TestImages.write(dir, "sketch.png", "png", 768, 768);

        GenerationResult result = run(GenerationRequest.builder().model("wanx-sketch-to-image-lite").prompt("a cottage")
                .sketchImage("sketch.png").sketchWeight(7L).n(2).build());

        RecordedRequest r = onlySubmit();
        assertThat(r.path()).isEqualTo("/api/v1/services/aigc/image2image/image-synthesis");
        JsonNode body = Json.newMapper().readTree(r.body());
        assertThat(body.path("input").path("sketch_image_url").asText()).startsWith("oss://dashscope-instant/");
        assertThat(body.path("parameters").path("sketch_weight").asInt()).isEqualTo(7);
        assertThat(body.path("parameters").path("size").isMissingNode()).isTrue();
        assertThat(result.images()).hasSize(2).allSatisfy(i -> assertThat(i.width()).isEqualTo(768));
        assertThatThrownBy(() -> fx.engine().prepare(GenerationRequest.builder().model("wanx-sketch-to-image-lite")
                .prompt("p").build(), dir)).hasMessageContaining("sketchImage: is required by wanx-sketch-to-image-lite");
        assertThatThrownBy(() -> fx.engine().prepare(GenerationRequest.builder().model("wanx-sketch-to-image-lite")
                .prompt("p").sketchImage("https://e.com/s.png").sketchWeight(11L).build(), dir)).hasMessageContaining("sketchWeight");
        assertThatThrownBy(() -> fx.engine().prepare(GenerationRequest.builder().model("wanx-sketch-to-image-lite")
                .prompt("p").sketchImage("https://e.com/s.png").size("1024*1024").build(), dir)).hasMessageContaining("size");
        assertThatThrownBy(() -> fx.engine().prepare(GenerationRequest.builder().model("wanx-v1").prompt("p")
                .sketchImage("https://e.com/s.png").build(), dir)).hasMessageContaining("sketchImage: is not supported by wanx-v1");
    }
}
