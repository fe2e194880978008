package io.jenkins.plugins.dashscope.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.request.RequestOption;
import io.jenkins.plugins.dashscope.core.simulator.DashScopeSimulator;
import io.jenkins.plugins.dashscope.core.simulator.Fault;
import io.jenkins.plugins.dashscope.core.simulator.RequestKind;
import io.jenkins.plugins.dashscope.core.simulator.SimulatorSettings;
import io.jenkins.plugins.dashscope.core.spec.SetLimit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class CliTest {

    private static final String KEY = "sk-cli-test-KEEP-THIS-SECRET";

    private DashScopeSimulator sim =
            DashScopeSimulator.start(SimulatorSettings.defaults(KEY).withServiceTime(i -> Duration.ofMillis(30)));

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        sim.close();
    }

    private record Run(int exit, String out, String err) {}

    private Run cli(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> withCache = new java.util.HashMap<>(env);
        withCache.putIfAbsent("XDG_CACHE_HOME", dir.resolve("cache").toString()); // never the user's own cache
        int exit = Main.run(
                args,
                withCache,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Run r = new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertThat(r.out() + r.err()).doesNotContain(KEY);
        return r;
    }

    private Run againstSimulator(String... args) {
        List<String> all = new ArrayList<>(List.of(
                "--endpoint",
                sim.baseUrl().toString(),
                "--out",
                dir.resolve("out").toString()));
        all.addAll(List.of(args));
        return cli(Map.of("DASHSCOPE_API_KEY", KEY), all.toArray(String[]::new));
    }

    @Test
    void simulateProducesRealPngsAndAManifest() throws Exception {
        Run r = cli(
                Map.of(),
                "--simulate",
                "--prompt",
                "a lighthouse at dawn",
                "--style",
                "watercolor",
                "--n",
                "2",
                "--size",
                "1280x720",
                "--out",
                dir.resolve("gen").toString(),
                "--name",
                "poster");
        assertThat(r.exit()).as(r.err()).isZero();
        for (int i = 1; i <= 2; i++) {
            Path png = dir.resolve("gen/poster-" + i + ".png");
            assertThat(r.out()).contains(png.toString());
            var img = ImageIO.read(png.toFile());
            assertThat(img.getWidth()).isEqualTo(1280);
            assertThat(img.getHeight()).isEqualTo(720);
        }
        JsonNode manifest =
                Json.newMapper().readTree(dir.resolve("gen/manifest.json").toFile());
        assertThat(manifest.path("images")).hasSize(2);
        assertThat(manifest.path("request").path("parameters").path("style").asText())
                .isEqualTo("<watercolor>");
        assertThat(r.err()).contains("Submitted task", "Saved image 2");
    }

    @Test
    void jsonPrintsTheManifest() throws Exception {
        Run r = againstSimulator("--prompt", "p", "--json", "--model", "wan2.2-t2i-flash", "--prompt-extend=false");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode m = Json.newMapper().readTree(r.out());
        assertThat(m.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(m.path("images").path(0).path("file").asText()).isEqualTo("image-1.png");
    }

    @Test
    void promptFileAndApiKeyFileAndExtraParameters() throws Exception {
        Path prompt = Files.writeString(dir.resolve("prompt.txt"), "一只奔跑的猫\n");
        Path keyFile = Files.writeString(dir.resolve("key"), KEY + "\n");
        Run r = cli(
                Map.of(),
                "--endpoint",
                sim.baseUrl().toString(),
                "--api-key-file",
                keyFile.toString(),
                "--prompt-file",
                prompt.toString(),
                "--model",
                "wan2.6-t2i",
                "--param",
                "quality=\"hd\"",
                "--param",
                "input.hint=42",
                "--out",
                dir.resolve("o").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        var submit = sim.recordedRequests().stream()
                .filter(q -> q.kind() == RequestKind.SUBMIT)
                .findFirst()
                .orElseThrow();
        JsonNode body = Json.newMapper().readTree(submit.body());
        assertThat(body.path("input")
                        .path("messages")
                        .path(0)
                        .path("content")
                        .path(0)
                        .path("text")
                        .asText())
                .isEqualTo("一只奔跑的猫");
        assertThat(body.path("parameters").path("quality").asText()).isEqualTo("hd");
        assertThat(body.path("input").path("hint").asInt()).isEqualTo(42);
    }

    /** The models issue 10 added, each with the least it needs: the request a person would type. */
    static Stream<Arguments> newModels() {
        String img = "https://example.com/photo.png";
        return Stream.of(
                Arguments.of("wan2.7-image", List.of("--prompt", "a poster", "--size", "1K")),
                Arguments.of("wan2.7-image-pro", List.of("--prompt", "a poster", "--image", img)),
                Arguments.of("wan2.6-image", List.of("--prompt", "make it night", "--image", img)),
                Arguments.of("wan2.5-i2i-preview", List.of("--prompt", "make it night", "--image", img)),
                Arguments.of("qwen-image-edit", List.of("--prompt", "add a hat", "--image", img)),
                Arguments.of("qwen-image-edit-plus", List.of("--prompt", "add a hat", "--image", img, "--image", img)),
                Arguments.of("qwen-image-edit-max", List.of("--prompt", "add a hat", "--image", img)),
                Arguments.of("qwen-image-2.0", List.of("--prompt", "add a hat", "--image", img)),
                Arguments.of("qwen-image-2.0-pro", List.of("--prompt", "add a hat", "--image", img)),
                Arguments.of("z-image-turbo", List.of("--prompt", "a lighthouse")),
                Arguments.of("wanx-sketch-to-image-lite", List.of("--prompt", "a cottage", "--sketch-image", img)),
                Arguments.of("image-out-painting", List.of("--base-image", img, "--width-scale", "1.5")),
                Arguments.of("wanx-background-generation-v2", List.of("--base-image", img, "--prompt", "a beach")),
                Arguments.of("qwen-mt-image", List.of("--base-image", img, "--target-lang", "en")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("newModels")
    void eachNewModelGeneratesThroughTheCommandLine(String model, List<String> args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--model", model));
        all.addAll(args);

        Run r = againstSimulator(all.toArray(String[]::new));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(ImageIO.read(dir.resolve("out/image-1.png").toFile())).isNotNull();
        JsonNode manifest =
                Json.newMapper().readTree(dir.resolve("out/manifest.json").toFile());
        assertThat(manifest.path("model").asText()).isEqualTo(model);
        assertThat(manifest.path("images")).isNotEmpty();
        assertThat(sim.count(RequestKind.SUBMIT)).isEqualTo(1);
    }

    @Test
    void theModelsWithoutAPromptExtendAndTranslateALocalImage() throws Exception {
        Path photo = dir.resolve("shoe.png");
        javax.imageio.ImageIO.write(
                new java.awt.image.BufferedImage(640, 480, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png",
                photo.toFile());

        Run wide = againstSimulator(
                "--model",
                "image-out-painting",
                "--base-image",
                photo.toString(),
                "--output-ratio",
                "16:9",
                "--name",
                "banner");
        Run ja = cli(
                Map.of("DASHSCOPE_API_KEY", KEY),
                "--endpoint",
                sim.baseUrl().toString(),
                "--out",
                dir.resolve("ja").toString(),
                "--model",
                "qwen-mt-image",
                "--base-image",
                photo.toString(),
                "--target-lang",
                "ja");

        assertThat(wide.exit()).as(wide.err()).isZero();
        assertThat(ja.exit()).as(ja.err()).isZero();
        assertThat(dir.resolve("out/banner-1.png")).isRegularFile();
        assertThat(dir.resolve("ja/image-1.png")).isRegularFile();
        List<JsonNode> bodies = new ArrayList<>();
        for (var q : sim.recordedRequests()) {
            if (q.kind() == RequestKind.SUBMIT) {
                bodies.add(Json.newMapper().readTree(q.body()));
            }
        }
        assertThat(bodies)
                .extracting(b -> b.path("model").asText())
                .containsExactly("image-out-painting", "qwen-mt-image");
        assertThat(bodies.get(0).path("input").path("image_url").asText()).startsWith("oss://");
        assertThat(bodies.get(1).path("input").path("target_lang").asText()).isEqualTo("ja");
        JsonNode manifest =
                Json.newMapper().readTree(dir.resolve("ja/manifest.json").toFile());
        assertThat(manifest.path("request").path("inputs").toString()).contains("shoe.png");

        Run prompted = againstSimulator(
                "--model",
                "qwen-mt-image",
                "--prompt",
                "translate",
                "--base-image",
                photo.toString(),
                "--target-lang",
                "en");
        assertThat(prompted.exit()).isEqualTo(2);
        assertThat(prompted.err()).contains("prompt: is not used by qwen-mt-image");
    }

    private static final String SPEC = """
            defaults:
              seed: 42
              outputs: [{size: 300x200}]
            matrix:
              locale: [en, zh-CN]
            assets:
              - name: banner
                prompt: "Release banner, caption in ${locale}"
              - name: card
                prompt: "Social card (${locale})"
                n: 2
              - name: poster
                prompt: "Poster in ${locale}"
            """;

    @Test
    void aSpecGeneratesEveryVariantInItsOwnFolderAndIndexesThem() throws Exception {
        Path spec = Files.writeString(dir.resolve("images.yaml"), SPEC);

        Run r = againstSimulator("--spec", spec.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("images.yaml: 6 variant(s), 8 image(s) to pay for");
        assertThat(sim.count(RequestKind.SUBMIT)).isEqualTo(6);
        JsonNode index =
                Json.newMapper().readTree(dir.resolve("out/assets.json").toFile());
        assertThat(index.path("variants"))
                .extracting(v -> v.path("name").asText())
                .containsExactly("banner-en", "banner-zh-CN", "card-en", "card-zh-CN", "poster-en", "poster-zh-CN");
        assertThat(index.path("usage").path("wanx-v1").path("images").asInt()).isEqualTo(8);
        for (JsonNode v : index.path("variants")) {
            assertThat(v.path("status").asText()).isEqualTo("SUCCEEDED");
            JsonNode manifest = Json.newMapper()
                    .readTree(dir.resolve("out")
                            .resolve(v.path("manifest").asText())
                            .toFile());
            String locale = v.path("values").path("locale").asText();
            assertThat(manifest.path("request").path("prompt").asText())
                    .contains(locale)
                    .doesNotContain("${");
            assertThat(manifest.path("derived")).isNotEmpty();
        }
        assertThat(dir.resolve("out/card-zh-CN/image-2_300x200.png")).exists();
    }

    @Test
    void aSpecTranslatesOnePosterIntoEachLocaleOfItsMatrix() throws Exception {
        Path poster = dir.resolve("poster-zh.png");
        javax.imageio.ImageIO.write(
                new java.awt.image.BufferedImage(600, 800, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png",
                poster.toFile());
        Path spec = Files.writeString(dir.resolve("locales.yaml"), """
                matrix:
                  lang: [en, ja, ko]
                assets:
                  - name: poster
                    model: qwen-mt-image
                    baseImage: %s
                    sourceLang: zh
                    targetLang: "${lang}"
                """.formatted(poster));

        Run r = againstSimulator("--spec", spec.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        List<String> targets = new ArrayList<>();
        for (var q : sim.recordedRequests()) {
            if (q.kind() == RequestKind.SUBMIT) {
                targets.add(Json.newMapper()
                        .readTree(q.body())
                        .path("input")
                        .path("target_lang")
                        .asText());
            }
        }
        assertThat(targets).containsExactlyInAnyOrder("en", "ja", "ko");
        for (String lang : List.of("en", "ja", "ko")) {
            assertThat(dir.resolve("out/poster-" + lang + "/image-1.png")).isRegularFile();
        }
    }

    /** Hardening finding 6: a set is never unlimited by default; 60 variants paid for every image. */
    @Test
    void aSetOverTheDefaultLimitIsRefusedUnlessMaxImagesAllowsIt() throws Exception {
        Path spec = Files.writeString(
                dir.resolve("many.yaml"),
                "assets: [{name: a, prompt: p, model: wanx-v1}]\nmatrix: {k: ["
                        + java.util.stream.IntStream.range(0, 60)
                                .mapToObj(i -> "v" + i)
                                .collect(java.util.stream.Collectors.joining(", "))
                        + "]}\n");

        Run refused = againstSimulator("--spec", spec.toString());

        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err())
                .contains("maxImages: many.yaml asks for 60 images in 60 variants; the limit is 50 (the default for a"
                        + " set; maxImages allows more). Nothing was sent.");
        assertThat(sim.totalRequests()).isZero();
        assertThat(SetLimit.of(60, 0, true).images()).isEqualTo(60);
        assertThat(SetLimit.of(null, 100, true).images()).isEqualTo(100);
        assertThat(SetLimit.of(null, 0, false).images()).isNull(); // a dry run or the simulator pays nothing
    }

    @Test
    void aSpecOverTheBudgetOrWithABadVariantIsRefusedBeforeAnythingIsSent() throws Exception {
        Path spec = Files.writeString(dir.resolve("images.yaml"), SPEC);
        Path bad = Files.writeString(dir.resolve("bad.yaml"), SPEC.replace("n: 2", "n: 9"));
        Path typo = Files.writeString(dir.resolve("typo.yaml"), SPEC.replace("${locale})", "${lang})"));

        Run overBudget = againstSimulator("--spec", spec.toString(), "--max-images", "4");
        Run badVariant = againstSimulator("--spec", bad.toString());
        Run badPlaceholder = againstSimulator("--spec", typo.toString());
        Run both = againstSimulator("--spec", spec.toString(), "--prompt", "x");

        assertThat(overBudget.exit()).isEqualTo(2);
        assertThat(overBudget.err()).contains("maxImages: images.yaml asks for 8 images in 6 variants; the limit is 4");
        assertThat(badVariant.exit()).isEqualTo(2);
        assertThat(badVariant.err()).contains("spec: bad.yaml: card-en: n: '9' is not allowed");
        assertThat(badPlaceholder.err()).contains("spec: typo.yaml: card-en: prompt: unknown placeholder ${lang}");
        assertThat(both.err()).contains("give --prompt in the spec's defaults");
        assertThat(sim.totalRequests()).isZero();
        assertThat(dir.resolve("out")).doesNotExist();
    }

    private Run specRun(Path spec, String out, String... more) {
        List<String> all = new ArrayList<>(List.of(
                "--endpoint",
                sim.baseUrl().toString(),
                "--out",
                dir.resolve(out).toString(),
                "--spec",
                spec.toString()));
        all.addAll(List.of(more));
        return cli(Map.of("DASHSCOPE_API_KEY", KEY), all.toArray(String[]::new));
    }

    /** A release banner with the version drawn on it: v2.4, then v2.5 from the same request. */
    private static final String BANNER = """
            matrix:
              locale: [en, zh]
            assets:
              - name: banner
                prompt: "release banner"
                seed: 7
                outputs:
                  - size: 1200x630
                    overlays:
                      - text: "v${version}"
                        font: brand/Sans.ttf
                        size: 14%
                        anchor: bottom-right
                        outline: "#000000"
                      - text: {en: "Now available", zh: "现已推出"}
                        font: brand/zh.ttc
                        size: 8%
                        anchor: top-left
            """;

    @Test
    void aNewReleaseReusesTheImagesAndOnlyRedrawsTheWords() throws Exception {
        Path latin = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
        Path cjk = Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.isRegularFile(latin) && Files.isRegularFile(cjk), "Debian's DejaVu and WenQuanYi fonts");
        Files.createDirectories(dir.resolve("brand"));
        Files.copy(latin, dir.resolve("brand/Sans.ttf"));
        Files.copy(cjk, dir.resolve("brand/zh.ttc"));
        Path spec = Files.writeString(dir.resolve("images.yaml"), BANNER);

        Run first = specRun(spec, "release-2.4", "--value", "version=2.4");
        int tasks = sim.tasksCreated();
        Run second = specRun(
                spec,
                "release-2.5",
                "--value",
                "version=2.5",
                "--reuse-from",
                dir.resolve("release-2.4").toString());

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(sim.tasksCreated()).as("nothing sent for 2.5").isEqualTo(tasks);
        assertThat(second.err()).contains("0 image(s) to pay for, 2 reused");
        for (String locale : List.of("en", "zh")) {
            JsonNode overlays = Json.newMapper()
                    .readTree(dir.resolve("release-2.5/banner-" + locale + "/manifest.json")
                            .toFile())
                    .path("derived")
                    .get(0)
                    .path("overlays");
            assertThat(overlays.get(0).path("text").asText()).isEqualTo("v2.5");
            assertThat(overlays.get(0).path("sha256").asText()).hasSize(64);
            assertThat(overlays.get(1).path("text").asText()).isEqualTo(locale.equals("en") ? "Now available" : "现已推出");
        }
        assertThat(Files.readAllBytes(dir.resolve("release-2.5/banner-en/image-1.png")))
                .as("the picture itself is the one paid for in 2.4")
                .isEqualTo(Files.readAllBytes(dir.resolve("release-2.4/banner-en/image-1.png")));
        assertThat(Files.readAllBytes(dir.resolve("release-2.5/banner-en/image-1_1200x630.png")))
                .isNotEqualTo(Files.readAllBytes(dir.resolve("release-2.4/banner-en/image-1_1200x630.png")));
    }

    @Test
    void anOverlayThatCannotBeDrawnIsRefusedBeforeAnythingIsSent() throws Exception {
        Path spec = Files.writeString(dir.resolve("images.yaml"), BANNER.replace("brand/zh.ttc", "brand/missing.ttf"));
        Files.createDirectories(dir.resolve("brand"));
        Path latin = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(latin), "Debian's DejaVu fonts");
        Files.copy(latin, dir.resolve("brand/Sans.ttf"));

        Run missing = specRun(spec, "out-1", "--value", "version=2.4");
        Run noVersion = specRun(Files.writeString(dir.resolve("v.yaml"), BANNER), "out-2");

        assertThat(missing.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(missing.err()).contains("outputs[1].overlays[2].font", "brand/missing.ttf");
        assertThat(noVersion.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(noVersion.err()).contains("${version}");
        assertThat(sim.totalRequests()).isZero();
    }

    @Test
    void aSecondRunReusingTheFirstSendsNothingAndItsImagesAreByteIdentical() throws Exception {
        Path spec = Files.writeString(dir.resolve("images.yaml"), SPEC);
        Path prices = Files.writeString(dir.resolve("prices.txt"), "# per image\nwanx-v1 0.16 CNY\n");

        Run first = specRun(spec, "release-1", "--prices", prices.toString());
        int requests = sim.totalRequests();
        Run second = specRun(
                spec, "release-2", "--reuse-from", dir.resolve("release-1").toString(), "--prices", prices.toString());

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.err())
                .contains(
                        "8 image(s) to pay for, 0 reused; estimate 1.28 CNY",
                        "usage: 8 image(s) generated, 0 reused, 0 failed (wanx-v1: 8 generated, 0 reused, 0 failed); estimate 1.28 CNY");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(sim.totalRequests()).isEqualTo(requests);
        assertThat(second.err())
                .contains(
                        "0 image(s) to pay for, 6 reused",
                        "[banner-en] Reused from " + dir.resolve("release-1/banner-en") + ": 1 image(s)",
                        "usage: 0 image(s) generated, 8 reused, 0 failed")
                .doesNotContain("Submitted");
        JsonNode index =
                Json.newMapper().readTree(dir.resolve("release-2/assets.json").toFile());
        assertThat(index.path("usage").path("wanx-v1").path("reused").asInt()).isEqualTo(8);
        assertThat(index.path("usage").path("wanx-v1").path("generated").asInt())
                .isZero();
        for (JsonNode v : index.path("variants")) {
            String name = v.path("name").asText();
            assertThat(v.path("reusedFrom").asText())
                    .isEqualTo(dir.resolve("release-1").resolve(name).toString());
            for (JsonNode image : v.path("images")) {
                assertThat(Files.readAllBytes(dir.resolve("release-2").resolve(image.asText())))
                        .isEqualTo(Files.readAllBytes(dir.resolve("release-1").resolve(image.asText())));
            }
        }
        assertThat(dir.resolve("release-2/card-en/image-2_300x200.png")).exists();
    }

    @Test
    void usageSummarisesAFolderOfRunsPerMonthFolderAndModelAtTheGivenPrices() throws Exception {
        Path spec = Files.writeString(dir.resolve("images.yaml"), SPEC);
        Path prices = Files.writeString(dir.resolve("prices.txt"), "wanx-v1 0.16 CNY\n");
        assertThat(specRun(spec, "runs/release-1").exit()).isZero();
        assertThat(specRun(
                                spec,
                                "runs/release-2",
                                "--reuse-from",
                                dir.resolve("runs/release-1").toString())
                        .exit())
                .isZero();
        int requests = sim.totalRequests();

        Run usage = cli(Map.of(), "--usage", dir.resolve("runs").toString(), "--prices", prices.toString());

        assertThat(usage.exit()).as(usage.err()).isZero();
        String month = java.time.YearMonth.now().toString();
        assertThat(usage.out())
                .startsWith(month + "  8 paid, 8 reused, 0 failed  estimate 1.28 CNY")
                .contains(
                        "  release-1/banner-en  wanx-v1  1 paid, 0 reused, 0 failed  estimate 0.16 CNY",
                        "  release-1/card-en  wanx-v1  2 paid, 0 reused, 0 failed  estimate 0.32 CNY",
                        "  release-2/card-en  wanx-v1  0 paid, 2 reused, 0 failed  estimate 0 CNY");
        assertThat(sim.totalRequests()).as("nothing is sent").isEqualTo(requests);

        Run notAFolder = cli(Map.of(), "--usage", spec.toString());
        assertThat(notAFolder.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(notAFolder.err()).contains("usage: '" + spec + "' is not a folder");
    }

    @Test
    void reuseFalseAndAChangedPromptGenerateAgainAndOnlyTheyCountTowardTheBudget() throws Exception {
        Path spec = Files.writeString(dir.resolve("images.yaml"), SPEC);
        assertThat(specRun(spec, "release-1").exit()).isZero();
        Path next = Files.writeString(
                dir.resolve("next.yaml"),
                SPEC.replace(
                                "prompt: \"Release banner, caption in ${locale}\"",
                                "prompt: \"Release banner, caption in ${locale}\"\n    reuse: false")
                        .replace("Poster in ${locale}", "Poster 2.1 in ${locale}"));
        // tasks, not submit requests: the first run's last submits may still fill the server's rate window, and a
        // submit it refuses with 429 is sent again
        int tasks = sim.tasksCreated();
        int requests = sim.totalRequests();

        Run refused = specRun(
                next, "release-2", "--reuse-from", dir.resolve("release-1").toString(), "--max-images", "3");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("maxImages: next.yaml asks for 4 images in 6 variants; the limit is 3");
        assertThat(sim.totalRequests()).as("the refused run sent nothing").isEqualTo(requests);

        Run run = specRun(
                next, "release-2", "--reuse-from", dir.resolve("release-1").toString(), "--max-images", "4");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err())
                .contains(
                        "4 image(s) to pay for, 2 reused",
                        "[card-zh-CN] Reused from " + dir.resolve("release-1/card-zh-CN") + ": 2 image(s)")
                .doesNotContain("[banner-en] Reused", "[poster-en] Reused");
        assertThat(sim.tasksCreated() - tasks).isEqualTo(4);
    }

    @Test
    void oneFailingVariantDoesNotStopTheOthers() throws Exception {
        Path spec = Files.writeString(
                dir.resolve("images.yaml"), SPEC.replace("Poster in ${locale}", "Poster ${locale} simulate:fail"));

        Run r = againstSimulator("--spec", spec.toString());

        assertThat(r.exit()).isEqualTo(6);
        assertThat(r.err()).contains("warning: poster-en:", "warning: poster-zh-CN:");
        JsonNode index =
                Json.newMapper().readTree(dir.resolve("out/assets.json").toFile());
        assertThat(index.path("variants"))
                .extracting(v -> v.path("status").asText())
                .containsExactly("SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "FAILED", "FAILED");
        assertThat(dir.resolve("out/banner-zh-CN/image-1.png")).exists();
    }

    static Stream<Arguments> badInput() {
        return Stream.<String[]>of(
                        new String[] {},
                        new String[] {"--prompt", ""},
                        new String[] {"--prompt", "x".repeat(501)},
                        new String[] {"--prompt", "p", "--size", "999*999"},
                        new String[] {"--prompt", "p", "--size", "huge"},
                        new String[] {"--prompt", "p", "--n", "0"},
                        new String[] {"--prompt", "p", "--n", "5"},
                        new String[] {"--prompt", "p", "--n", "two"},
                        new String[] {"--prompt", "p", "--seed", "0"},
                        new String[] {"--prompt", "p", "--seed", "-5"},
                        new String[] {"--prompt", "p", "--style", "cubism"},
                        new String[] {"--prompt", "p", "--ref-strength", "0.3"},
                        new String[] {"--prompt", "p", "--ref-image", "https://e.com/r.png", "--ref-strength", "2"},
                        new String[] {"--prompt", "p", "--ref-image", "https://e.com/r.png", "--ref-mode", "copy"},
                        new String[] {"--prompt", "p", "--ref-image", "missing.png"},
                        new String[] {"--prompt", "p", "--mask-image", "https://e.com/m.png"},
                        new String[] {"--prompt", "p", "--model", "no-such-model"},
                        new String[] {"--prompt", "p", "--api", "speech"},
                        new String[] {"--prompt", "p", "--model", "qwen-image-max", "--n", "2"},
                        new String[] {"--prompt", "p", "--model", "wan2.6-t2i", "--size", "1024*1024"},
                        new String[] {"--prompt", "p", "--model", "wan2.6-t2i", "--style", "anime"},
                        new String[] {"--prompt", "p", "--model", "wanx-x-painting"},
                        new String[] {
                            "--prompt", "p", "--model", "wanx-x-painting", "--base-image", "https://e.com/b.png"
                        },
                        new String[] {
                            "--prompt",
                            "p",
                            "--model",
                            "wanx-x-painting",
                            "--base-image",
                            "https://e.com/b.png",
                            "--mask-image",
                            "https://e.com/m.png",
                            "--mask-color",
                            "1,2"
                        },
                        new String[] {
                            "--prompt",
                            "p",
                            "--model",
                            "wanx-x-painting",
                            "--base-image",
                            "https://e.com/b.png",
                            "--mask-image",
                            "https://e.com/m.png",
                            "--mask-color",
                            "a,b,c"
                        },
                        new String[] {
                            "--prompt", "p", "--model", "wanx2.1-imageedit", "--base-image", "https://e.com/b.png"
                        },
                        new String[] {
                            "--prompt",
                            "p",
                            "--model",
                            "wanx2.1-imageedit",
                            "--base-image",
                            "https://e.com/b.png",
                            "--function",
                            "paint"
                        },
                        new String[] {"--prompt", "p", "--model", "qwen-image-2.0-pro", "--size", "100*100"},
                        new String[] {"--prompt", "p", "--watermark"},
                        new String[] {"--prompt", "p", "--param", "size=1024*1024"},
                        new String[] {"--prompt", "p", "--name", "../escape"},
                        new String[] {"--prompt", "p", "--name", ".hidden"},
                        new String[] {"--prompt", "p", "--timeout", "soon"},
                        new String[] {"--prompt", "p", "--timeout", "0s"},
                        new String[] {"--prompt", "p", "--unknown-flag"},
                        new String[] {"--prompt", "p", "--prompt-file", "also.txt"})
                .map(a -> Arguments.of((Object) a));
    }

    @Test
    void badInputMatrixIsLargeEnough() {
        assertThat(badInput().count()).isGreaterThanOrEqualTo(30);
    }

    @ParameterizedTest
    @MethodSource("badInput")
    void badInputExitsTwoBeforeAnyRequest(String[] args) {
        Run r = againstSimulator(args);
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("error: ");
        assertThat(sim.totalRequests()).isZero();
    }

    @Test
    void badEndpointsAndMissingKeysExitTwo() {
        assertThat(cli(Map.of("DASHSCOPE_API_KEY", KEY), "--prompt", "p", "--endpoint", "ftp://x/api/v1")
                        .exit())
                .isEqualTo(2);
        assertThat(cli(Map.of("DASHSCOPE_API_KEY", KEY), "--prompt", "p", "--region", "moon")
                        .exit())
                .isEqualTo(2);
        Run noKey = cli(Map.of(), "--prompt", "p", "--endpoint", sim.baseUrl().toString());
        assertThat(noKey.exit()).isEqualTo(2);
        assertThat(noKey.err()).contains("DASHSCOPE_API_KEY");
        assertThat(sim.totalRequests()).isZero();
    }

    @Test
    void exitCodesFollowTheOutcome() throws Exception {
        assertThat(cli(
                                Map.of("DASHSCOPE_API_KEY", "sk-wrong"),
                                "--endpoint",
                                sim.baseUrl().toString(),
                                "--prompt",
                                "p",
                                "--out",
                                dir.resolve("a").toString())
                        .exit())
                .isEqualTo(3);
        assertThat(againstSimulator("--prompt", "simulate:fail").exit()).isEqualTo(4);
        assertThat(againstSimulator("--prompt", "simulate:moderation").exit()).isEqualTo(4);
        Run partial = againstSimulator("--prompt", "simulate:partial", "--n", "2");
        assertThat(partial.exit()).isEqualTo(6);
        assertThat(Files.exists(dir.resolve("out/image-1.png"))).isTrue();
        assertThat(againstSimulator("--prompt", "simulate:partial", "--n", "2", "--allow-partial")
                        .exit())
                .isZero();
        sim.faults().inject(RequestKind.SUBMIT, Fault.QUOTA_EXHAUSTED, 1);
        assertThat(againstSimulator("--prompt", "p").exit()).isEqualTo(7);
    }

    @Test
    void timeoutExitsFive() {
        sim.close();
        sim = DashScopeSimulator.start(SimulatorSettings.defaults(KEY).withServiceTime(i -> Duration.ofSeconds(30)));
        Run r = againstSimulator("--prompt", "p", "--timeout", "1500ms");
        assertThat(r.exit()).as(r.err()).isEqualTo(5);
        assertThat(r.err()).contains("TIMEOUT");
    }

    @Test
    void helpListsTheExitCodes() {
        Run r = cli(Map.of(), "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--simulate", "--api-key-file", "Exit codes", "partial");
        assertThat(r.out()).doesNotContain("--api-key ");
    }

    /**
     * Hardening finding 14: picocli formats each description; the colorPalette help's bare % failed to format,
     * and picocli printed three "Could not format" warnings to the process's standard error on every --help.
     */
    @Test
    void helpPrintsEveryOptionWithoutPicocliWarnings() {
        ByteArrayOutputStream processErr = new ByteArrayOutputStream();
        PrintStream before = System.err;
        Run r;
        System.setErr(new PrintStream(processErr, true, StandardCharsets.UTF_8)); // where picocli's tracer writes
        try {
            r = cli(Map.of(), "--help");
        } finally {
            System.setErr(before);
        }

        assertThat(processErr.toString(StandardCharsets.UTF_8) + r.err()).doesNotContain("picocli WARN");
        assertThat(r.out()).contains("NN%;... 3..10 of them summing to 100% (wan2.7)");
    }

    @Test
    void everyOptionOfTheTableIsAFlagWithItsHelp() {
        Run r = cli(Map.of(), "--help");
        for (RequestOption option : RequestOption.values()) {
            assertThat(r.out())
                    .as(option.field())
                    .contains(option.cliFlag() + (option.kind() == RequestOption.Kind.SWITCH ? "[=" : "="))
                    .contains(option.help()
                            .substring(0, Math.min(20, option.help().length())));
        }
    }

    @Test
    void everyFlagOfTheTableReachesTheRequestAsItsOption() {
        Map<RequestOption, Object> expected = new EnumMap<>(RequestOption.class);
        List<String> args = new ArrayList<>();
        for (RequestOption option : RequestOption.values()) {
            switch (option.kind()) {
                case TEXT, PARAGRAPH, CHOICE, IMAGE -> {
                    args.add(option.cliFlag() + "=value of " + option.field());
                    expected.put(option, "value of " + option.field());
                }
                case COUNT -> {
                    args.add(option.cliFlag() + "=3");
                    expected.put(option, 3);
                }
                case NUMBER -> {
                    args.add(option.cliFlag() + "=42");
                    expected.put(option, 42L);
                }
                case FRACTION -> {
                    args.add(option.cliFlag() + "=0.25");
                    expected.put(option, 0.25);
                }
                case SWITCH -> {
                    args.add(option.cliFlag());
                    expected.put(option, true);
                }
                case COLORS -> {
                    args.add(option.cliFlag() + "=1,2,3");
                    expected.put(option, List.of(List.of(1, 2, 3)));
                }
                case PALETTE -> {
                    args.add(option.cliFlag() + "=#000000:50%;#FFFFFF:50%");
                    expected.put(
                            option,
                            List.of(
                                    Map.of("hex", "#000000", "ratio", "50%"),
                                    Map.of("hex", "#FFFFFF", "ratio", "50%")));
                }
                case BOXES -> {
                    args.add(option.cliFlag() + "=1,2,3,4|");
                    expected.put(option, List.of(List.of(List.of(1, 2, 3, 4)), List.of()));
                }
                case MAP -> {
                    args.addAll(List.of(option.cliFlag(), "steps=30", option.cliFlag(), "input.ratio=[1,2]"));
                    expected.put(option, Map.of("steps", 30, "input.ratio", List.of(1, 2)));
                }
            }
        }
        GenerateCommand command = new GenerateCommand(Map.of(), System.out, System.err);
        CommandLine cmd = new CommandLine(command);
        RequestFlags.addTo(cmd.getCommandSpec());
        cmd.parseArgs(args.toArray(String[]::new));

        GenerationRequest request = command.request();

        for (RequestOption option : RequestOption.values()) {
            assertThat(request.valueOf(option)).as(option.cliFlag()).isEqualTo(expected.get(option));
        }
    }

    /** Finding 12: user mistakes end in a message naming the option and exit 2, never a stack trace. */
    @Test
    void oversizedDeviceAndNonUtf8FilesAndAnEndlessTimeoutAreRefusedWithExit2() throws Exception {
        Path huge = dir.resolve("huge-prompt.txt");
        try (var f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(300L * 1024 * 1024); // sparse: 300 MB on paper, nothing on disk
        }
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9});

        Run timeout = againstSimulator("--prompt", "p", "--timeout", "3000000h");
        Run bigPrompt = againstSimulator("--prompt-file", huge.toString());
        Run notUtf8 = againstSimulator("--prompt-file", latin1.toString());
        Run device =
                cli(Map.of(), "--endpoint", sim.baseUrl().toString(), "--prompt", "p", "--api-key-file", "/dev/zero");

        assertThat(timeout.exit()).isEqualTo(2);
        assertThat(timeout.err()).contains("24h");
        assertThat(bigPrompt.exit()).isEqualTo(2);
        assertThat(bigPrompt.err()).contains("--prompt-file", "larger than");
        assertThat(notUtf8.exit()).isEqualTo(2);
        assertThat(notUtf8.err()).contains("is not UTF-8 text");
        assertThat(device.exit()).isEqualTo(2);
        assertThat(device.err()).contains("--api-key-file /dev/zero is not a regular file");
        for (Run r : List.of(timeout, bigPrompt, notUtf8, device)) {
            assertThat(r.err()).doesNotContain("Exception", "\tat ");
        }
        assertThat(sim.totalRequests()).isZero();
    }

    /** Finding 17: a key file saved with a byte-order mark or a blank first line still works. */
    @Test
    void aKeyFileWithAByteOrderMarkAndALeadingBlankLineWorks() throws Exception {
        Path keyFile = Files.writeString(dir.resolve("key.txt"), "\uFEFF\n  \n" + KEY + "\n", StandardCharsets.UTF_8);

        Run r = cli(
                Map.of(),
                "--endpoint",
                sim.baseUrl().toString(),
                "--out",
                dir.resolve("out").toString(),
                "--prompt",
                "p",
                "--api-key-file",
                keyFile.toString());

        assertThat(r.exit()).as(r.err()).isZero();
    }

    /** Finding 9: on --timeout the CLI cancels its PENDING task on the server before it exits. */
    @Test
    void aTimeoutCancelsThePendingTaskBeforeExiting() throws Exception {
        try (DashScopeSimulator busy = DashScopeSimulator.start(SimulatorSettings.defaults(KEY)
                .withServiceTime(i -> i == 0 ? Duration.ofMinutes(2) : Duration.ofMillis(30)))) {
            // another client of the account runs a long task, so ours waits PENDING behind it
            java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                            busy.baseUrl() + "/services/aigc/text2image/image-synthesis"))
                                    .header("Authorization", "Bearer " + KEY)
                                    .header("X-DashScope-Async", "enable")
                                    .header("Content-Type", "application/json")
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                            "{\"model\":\"wanx-v1\",\"input\":{\"prompt\":\"blocker\"}}"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding());

            Run r = cli(
                    Map.of("DASHSCOPE_API_KEY", KEY),
                    "--endpoint",
                    busy.baseUrl().toString(),
                    "--out",
                    dir.resolve("out").toString(),
                    "--prompt",
                    "waits",
                    "--timeout",
                    "2s");

            assertThat(r.exit()).as(r.err()).isEqualTo(5);
            assertThat(busy.count(RequestKind.CANCEL)).as(r.err()).isEqualTo(1);
            assertThat(busy.timeline())
                    .hasSize(2)
                    .last()
                    .satisfies(t -> assertThat(t.started()).isNull());
        }
    }

    /** Finding 17: the CLI goes through the proxy the shell names (HTTPS_PROXY), and not for NO_PROXY hosts. */
    @Test
    void theCliUsesTheShellsProxyAndItsExceptions() {
        String proxy = "http://127.0.0.1:" + sim.baseUrl().getPort(); // the simulator also answers as a proxy
        String nowhere = "http://127.0.0.2:9/api/v1"; // nothing listens there: only the proxy can answer

        cli(
                Map.of("DASHSCOPE_API_KEY", KEY, "HTTPS_PROXY", proxy),
                "--endpoint",
                nowhere,
                "--out",
                dir.resolve("out").toString(),
                "--prompt",
                "p",
                "--timeout",
                "5s");
        int proxied = sim.proxiedRequests();
        Run bypassed = cli(
                Map.of("DASHSCOPE_API_KEY", KEY, "HTTPS_PROXY", proxy, "NO_PROXY", "127.0.0.2"),
                "--endpoint",
                nowhere,
                "--out",
                dir.resolve("out2").toString(),
                "--prompt",
                "p",
                "--timeout",
                "3s");

        assertThat(proxied).isPositive();
        assertThat(sim.proxiedRequests()).isEqualTo(proxied);
        assertThat(bypassed.exit()).isNotZero();
    }

    /** Finding 17: a connection that hangs does not keep the CLI much past its --timeout. */
    @Test
    void aHungConnectionEndsAtTheTimeout() {
        sim.faults().inject(RequestKind.SUBMIT, Fault.HANG, 1);
        long started = System.nanoTime();

        Run r = againstSimulator("--prompt", "p", "--timeout", "2s");

        assertThat(r.exit()).as(r.err()).isEqualTo(5);
        // the hang lasts 30 s: ending well before it shows the timeout ended the run (room for a busy machine)
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    }

    /** A second run of a model starts with what the first learned; the file holds run times, never the key. */
    @Test
    void theNextRunOfAModelStartsWithTheRunTimesTheLastOneLearned() throws Exception {
        Path history = dir.resolve("cache/dashscope-image/run-times.json");
        String learned = sim.baseUrl() + " wanx-v1";

        assertThat(againstSimulator("--prompt", "first", "--model", "wanx-v1").exit())
                .isZero();
        com.fasterxml.jackson.databind.JsonNode first =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(history.toFile());
        assertThat(first.path("runTimes").path(learned)).hasSize(1);
        assertThat(againstSimulator("--prompt", "second", "--model", "wanx-v1").exit())
                .isZero();
        com.fasterxml.jackson.databind.JsonNode second =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(history.toFile());

        assertThat(second.path("runTimes").path(learned)).hasSize(2); // read, then added to
        assertThat(java.nio.file.Files.readString(history)).doesNotContain(KEY);
        Path elsewhere = dir.resolve("elsewhere.json");
        assertThat(againstSimulator("--prompt", "third", "--history", elsewhere.toString())
                        .exit())
                .isZero();
        assertThat(elsewhere).exists();
        java.nio.file.Files.delete(history);
        assertThat(againstSimulator("--prompt", "fourth", "--no-history").exit())
                .isZero();
        assertThat(history).doesNotExist();
    }

    /** A run that shares the key with a controller takes its part of the limits; a bad part is refused first. */
    @Test
    void anAccountShareIsCheckedBeforeAnythingIsSent() {
        for (String bad : List.of("0", "150", "half")) {
            Run r = againstSimulator("--prompt", "p", "--account-share", bad);
            assertThat(r.exit()).as(bad).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(r.err()).contains("--account-share").contains("1 to 100");
        }
        assertThat(sim.recordedRequests()).isEmpty();
        Run half = againstSimulator("--prompt", "p", "--account-share", "50%");
        assertThat(half.exit()).as(half.err()).isZero();
        assertThat(sim.recordedRequests()).isNotEmpty();
    }

    /** Issue 26: a saved review applied to a finished run's folder; nothing is generated or sent. */
    @Test
    void aReviewFileRecordsTheDecisionsAndCopiesTheApprovedImages() throws Exception {
        assertThat(againstSimulator("--prompt", "two to choose from", "--n", "2")
                        .exit())
                .isZero();
        int requests = sim.recordedRequests().size();
        Path decisions = dir.resolve("decisions.json");
        java.nio.file.Files.writeString(decisions, """
                {"reviewer": "release-bot", "decisions": [
                  {"image": "image-2.png", "verdict": "approve"},
                  {"image": "image-1.png", "verdict": "reject", "reason": "too dark"}]}
                """);

        Run r = cli(Map.of(), "--out", dir.resolve("out").toString(), "--review-file", decisions.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 approved, 1 rejected, 0 undecided");
        assertThat(dir.resolve("out/approved/image-2.png")).hasSameBinaryContentAs(dir.resolve("out/image-2.png"));
        assertThat(dir.resolve("out/approved/image-1.png")).doesNotExist();
        assertThat(java.nio.file.Files.readString(dir.resolve("out/manifest.json")))
                .contains("release-bot", "too dark", "APPROVED", "REJECTED");
        assertThat(sim.recordedRequests()).hasSize(requests);
        java.nio.file.Files.writeString(decisions, """
                {"reviewer": "release-bot", "decisions": [{"image": "../../etc/passwd", "verdict": "approve"}]}
                """);
        Run refused = cli(Map.of(), "--out", dir.resolve("out").toString(), "--review-file", decisions.toString());
        assertThat(refused.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(refused.err()).contains("decisions[0].image");
    }
}
