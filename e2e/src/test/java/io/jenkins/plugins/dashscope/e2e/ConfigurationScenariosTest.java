package io.jenkins.plugins.dashscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;

/**
 * What an administrator and a job author do in the UI: the freestyle form, Configuration as Code, the
 * Snippet Generator, and the form endpoints under Jenkins' security.
 */
@Order(4)
@ExtendWith(RealJenkins.Extension.class)
class ConfigurationScenariosTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STEP = "io.jenkins.plugins.dashscope.step.GenerateImageStep";
    private static final String BUILDER = "io.jenkins.plugins.dashscope.freestyle.GenerateImageBuilder";
    private static final String GLOBAL = "io.jenkins.plugins.dashscope.config.DashScopeConfiguration";

    /** The step's fields as the form sends them when only these were filled in ("" for untouched ones). */
    private static ObjectNode stepForm(Map<String, Object> filled) {
        ObjectNode f = JSON.createObjectNode();
        for (String text : new String[] {
            "prompt",
            "model",
            "size",
            "n",
            "credentialsId",
            "negativePrompt",
            "api",
            "seed",
            "style",
            "refImage",
            "refStrength",
            "refMode",
            "baseImage",
            "maskImage",
            "maskColor",
            "function",
            "promptExtend",
            "watermark",
            "region",
            "endpoint",
            "timeout",
            "reuse",
            "parameters"
        }) {
            f.put(text, "");
        }
        f.put("outputDir", "generated-images");
        f.put("name", "image");
        f.put("archive", true);
        f.put("allowPartial", false);
        f.put("dryRun", false);
        filled.forEach((k, v) -> f.set(k, JSON.valueToTree(v)));
        return f;
    }

    @Test
    @Order(1)
    void aFreestyleJobConfiguredThroughTheFormBuildsAndArchives(RealJenkins r) throws Exception {
        r.admin.createFreestyle("freestyle");
        assertThat(r.admin.get("job/freestyle/configure").body()).contains("Generate images with DashScope");
        ObjectNode builder = JSON.createObjectNode();
        builder.set(
                "generation",
                stepForm(Map.of(
                        "prompt",
                        "a freestyle poster",
                        "model",
                        "wan2.2-t2i-flash",
                        "n",
                        "2",
                        "credentialsId",
                        "dashscope",
                        "outputDir",
                        "fs-out",
                        "name",
                        "poster")));
        builder.put("parametersJson", "{\"steps\": 30}");
        builder.put("stapler-class", BUILDER);
        builder.put("$class", BUILDER);
        ObjectNode form = JSON.createObjectNode();
        form.put("description", "");
        form.put("enable", true);
        form.set("builder", builder);

        HttpResponse<String> saved = r.admin.post(
                "job/freestyle/configSubmit", JenkinsClient.form("json", form.toString(), "Submit", "Save"));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
        String xml = r.admin.get("job/freestyle/config.xml").body();
        assertThat(xml)
                .contains(
                        "<" + BUILDER,
                        "<prompt>a freestyle poster</prompt>",
                        "<n>2</n>",
                        "<outputDir>fs-out</outputDir>",
                        "<disabled>false</disabled>",
                        "<parametersJson>{&quot;steps&quot;: 30}</parametersJson>")
                // options left at the model's default stay unset instead of becoming false or 0
                .doesNotContain("<watermark>", "<promptExtend>", "<seed>", "<timeout>", "<size>");

        RealJenkins.Finished b = r.finish(r.admin.build("freestyle"));

        assertThat(b.result()).as(b.log()).isEqualTo("SUCCESS");
        assertThat(b.artifacts())
                .containsExactlyInAnyOrder("fs-out/poster-1.png", "fs-out/poster-2.png", "fs-out/manifest.json");
        JsonNode manifest = JSON.readTree(r.admin
                .getBytes(b.build().path() + "artifact/fs-out/manifest.json")
                .body());
        assertThat(manifest.at("/request/parameters/steps").asInt()).isEqualTo(30);
        assertThat(manifest.path("model").asText()).isEqualTo("wan2.2-t2i-flash");
    }

    @Test
    @Order(2)
    void configurationAsCodeImportsAndExportsTheGlobalSettings(RealJenkins r) throws Exception {
        Map<String, Object> imported = dashscopeSection(r);
        assertThat(imported)
                .containsEntry("endpoint", r.simulator.api().toString())
                .containsEntry("model", "wanx-v1")
                .containsEntry("timeoutSeconds", 120);

        Map<String, Object> wanted = new LinkedHashMap<>();
        wanted.put("credentialsId", "dashscope");
        wanted.put("endpoint", r.simulator.api().toString());
        wanted.put("extraDownloadHosts", "images.example.com");
        wanted.put("folderQuotas", List.of(Map.of("folder", "docs", "monthlyCost", "5 CNY", "monthlyImages", 20)));
        wanted.put("maxImagesPerBuild", 50);
        wanted.put("maxTasksInFlight", 2);
        wanted.put("maxTimeoutSeconds", 1800);
        wanted.put("model", "wan2.2-t2i-flash");
        wanted.put("prices", "wanx-v1 0.16 CNY\nwan2.2-t2i-flash 0.14 CNY");
        wanted.put("proxyCredentialsToAgents", false);
        wanted.put("reuse", false); // the suites after this one expect requests to be sent
        wanted.put("submitsPerSecond", 2);
        wanted.put("timeoutSeconds", 300);
        wanted.put("usageRetentionMonths", 24);
        r.applyCasc("casc-update", wanted);

        assertThat(dashscopeSection(r)).isEqualTo(wanted);
        assertThat(r.admin.get("manage/configure").body()).contains("images.example.com", "wan2.2-t2i-flash");
    }

    /**
     * The Snippet Generator's round trip: the form becomes a line, and the line, run, is the same step (the request
     * its manifest records is the one the form asked for).
     */
    @Test
    @Order(3)
    void theSnippetGeneratorTurnsTheFormIntoAGenerateImageLineThatRunsAsTheSameStep(RealJenkins r) throws Exception {
        ObjectNode step = stepForm(Map.of(
                "prompt",
                "A poster for the release",
                "model",
                "wan2.2-t2i-flash",
                "n",
                "2",
                "credentialsId",
                "dashscope",
                "watermark",
                "false",
                "seed",
                "42"));
        step.put("stapler-class", STEP);

        String line = snippet(r, step);

        assertThat(line)
                .isEqualTo("generateImage credentialsId: 'dashscope', model: 'wan2.2-t2i-flash', "
                        + "n: 2, prompt: 'A poster for the release', seed: 42, watermark: false");
        RealJenkins.Finished b = r.runPipeline("snippet-round-trip", "node { " + line + " }");
        assertThat(b.result()).as(b.log()).isEqualTo("SUCCESS");
        JsonNode manifest = JSON.readTree(r.admin
                .get(b.build().path() + "artifact/generated-images/manifest.json")
                .body());
        assertThat(manifest.path("model").asText()).isEqualTo("wan2.2-t2i-flash");
        assertThat(manifest.path("request").path("prompt").asText()).isEqualTo("A poster for the release");
        assertThat(manifest.path("request").path("parameters").path("n").asInt())
                .isEqualTo(2);
        assertThat(manifest.path("request").path("parameters").path("seed").asLong())
                .isEqualTo(42);
        assertThat(manifest.path("request").path("parameters").path("watermark").asBoolean(true))
                .isFalse();
    }

    /** {@code reuse} and the extra parameters' lines, which a script gives as a map, round-trip through the form. */
    @Test
    @Order(3)
    void theSnippetGeneratorOffersReuseAndExtraParametersAsKeyValueLines(RealJenkins r) throws Exception {
        ObjectNode step = stepForm(Map.of(
                "prompt",
                "A card",
                "credentialsId",
                "dashscope",
                "dryRun",
                true,
                "reuse",
                "false",
                "parameters",
                "style_note = release card\nsteps=30\n\nlabel=\"42\""));
        step.put("stapler-class", STEP);

        String line = snippet(r, step);

        assertThat(line)
                .isEqualTo("generateImage credentialsId: 'dashscope', dryRun: true, parameters: "
                        + "[style_note: 'release card', steps: 30, label: '42'], prompt: 'A card', "
                        + "reuse: false");
        // a line that is not KEY=VALUE is refused naming the field and the line, before any snippet is made
        ObjectNode bad = stepForm(Map.of("prompt", "A card", "parameters", "steps=30\nwatermark"));
        bad.put("stapler-class", STEP);
        HttpResponse<String> refused = r.admin.post(
                "job/" + PipelineScenariosTest.DECLARATIVE + "/pipeline-syntax/generateSnippet",
                JenkinsClient.form("json", bad.toString()));
        assertThat(refused.body()).contains("parameters", "line 2");
        String checks = "job/" + PipelineScenariosTest.DECLARATIVE + "/descriptorByName/";
        assertThat(r.admin
                        .post(checks + STEP + "/checkParameters", JenkinsClient.form("value", "steps=30\nwatermark"))
                        .body())
                .contains("line 2");
        // an untouched form says nothing: a blank spec is refused when the step runs, not while it is filled in
        assertThat(r.admin
                        .post(
                                checks + "io.jenkins.plugins.dashscope.step.GenerateImagesStep/checkSpec",
                                JenkinsClient.form("value", ""))
                        .body())
                .doesNotContain("error");
    }

    @Test
    @Order(3)
    void theSnippetGeneratorTurnsTheSetFormIntoAGenerateImagesLineThatRunsAsTheSameStep(RealJenkins r)
            throws Exception {
        ObjectNode step = JSON.createObjectNode();
        step.put("stapler-class", "io.jenkins.plugins.dashscope.step.GenerateImagesStep");
        step.put("spec", "assets/images.yaml");
        step.put("credentialsId", "dashscope");
        step.put("outputDir", "release-assets");
        step.put("archive", true);
        step.put("maxImages", "2");
        step.put("region", "");
        step.put("endpoint", "");
        step.put("timeout", "");
        step.put("allowPartial", false);
        step.put("dryRun", false);
        step.put("reuse", "");

        String line = snippet(r, step);

        assertThat(line)
                .isEqualTo("generateImages credentialsId: 'dashscope', maxImages: 2, outputDir: 'release-assets', "
                        + "spec: 'assets/images.yaml'");
        step.put("reuse", "true");
        assertThat(snippet(r, step)).endsWith("reuse: true, spec: 'assets/images.yaml'");
        // three variants against the form's limit of two: the same step refuses them before anything is sent
        RealJenkins.Finished b = r.runPipeline("snippet-set-round-trip", """
                node {
                  writeFile file: 'assets/images.yaml', text: 'matrix: {locale: [en, ja, fr]}\\nassets: [{name: card, prompt: "card ${locale}"}]\\n'
                  %s
                }
                """.formatted(line));
        assertThat(b.result()).isEqualTo("FAILURE");
        assertThat(b.log()).contains("maxImages: images.yaml asks for 3 images in 3 variants; the limit is 2.");
    }

    private static String snippet(RealJenkins r, ObjectNode step) throws Exception {
        HttpResponse<String> snippet = r.admin.post(
                "job/" + PipelineScenariosTest.DECLARATIVE + "/pipeline-syntax/generateSnippet",
                JenkinsClient.form("json", step.toString()));
        assertThat(snippet.statusCode()).isEqualTo(200);
        return snippet.body().trim();
    }

    /** An output's overlays in the form become textOverlay(...) and logoOverlay(...), and the line runs. */
    @Test
    @Order(3)
    void theSnippetGeneratorWritesAnOutputsOverlaysAsTextAndLogoOverlays(RealJenkins r) throws Exception {
        ObjectNode step = stepForm(Map.of("prompt", "A release banner", "dryRun", true));
        step.put("stapler-class", STEP);
        ObjectNode output = step.putObject("outputs");
        output.put("size", "600x300")
                .put("fit", "cover")
                .put("anchor", "center")
                .put("format", "png");
        ArrayNode overlays = output.putArray("overlays");
        overlays.addObject()
                .put("kind", "io.jenkins.plugins.dashscope.step.TextOverlayEntry")
                .put("stapler-class", "io.jenkins.plugins.dashscope.step.TextOverlayEntry")
                .put("text", "v2.5")
                .put("font", "brand/Sans.ttf")
                .put("anchor", "bottom-right")
                .put("size", "")
                .put("color", "")
                .put("margin", "")
                .put("box", "")
                .put("minSize", "")
                .put("outline", "")
                .put("shadow", false);
        overlays.addObject()
                .put("kind", "io.jenkins.plugins.dashscope.step.LogoOverlayEntry")
                .put("stapler-class", "io.jenkins.plugins.dashscope.step.LogoOverlayEntry")
                .put("image", "brand/logo.png")
                .put("width", "20%")
                .put("anchor", "")
                .put("margin", "")
                .put("opacity", "");

        String line = snippet(r, step);

        assertThat(line)
                .contains(
                        "overlays: [textOverlay(anchor: 'bottom-right', font: 'brand/Sans.ttf', text: 'v2.5'), "
                                + "logoOverlay(image: 'brand/logo.png', width: '20%')]",
                        "size: '600x300'");
        RealJenkins.Finished b = r.runPipeline("snippet-overlays", """
                node {
                  sh 'mkdir -p brand && cp /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf brand/Sans.ttf'
                  writeFile file: 'brand/logo.b64', text: 'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAADklEQVR4nGP4z8AAQg0AD3oDfnfpf5cAAAAASUVORK5CYII='
                  sh 'base64 -d brand/logo.b64 > brand/logo.png'
                  %s
                }
                """.formatted(line));
        assertThat(b.result()).as(b.log()).isEqualTo("SUCCESS");
        JsonNode manifest = JSON.readTree(r.admin
                .get(b.build().path() + "artifact/generated-images/manifest.json")
                .body());
        JsonNode drawn = manifest.path("derived").get(0).path("overlays");
        assertThat(drawn.get(0).path("text").asText()).isEqualTo("v2.5");
        assertThat(drawn.get(1).path("source").asText()).isEqualTo("brand/logo.png");
    }

    @Test
    @Order(4)
    void formEndpointsRefuseGetAndTheReaderAndListNoCredentialIdsToIt(RealJenkins r) throws Exception {
        String job = "job/" + PipelineScenariosTest.DECLARATIVE + "/descriptorByName/" + STEP + "/";
        String global = "descriptorByName/" + GLOBAL + "/";

        // GET is refused for everyone, even the administrator
        for (String endpoint : new String[] {
            job + "fillCredentialsIdItems",
            job + "checkColorPalette?value=x",
            global + "testConnection",
            global + "fillCredentialsIdItems"
        }) {
            assertThat(r.admin.get(endpoint).statusCode()).as("GET " + endpoint).isNotEqualTo(200);
            assertThat(r.anonymous.get(endpoint).statusCode())
                    .as("GET " + endpoint)
                    .isNotEqualTo(200);
        }
        // the reader (anonymous, Overall/Read and Job/Read only) may not check, test or list
        assertThat(r.anonymous
                        .post(job + "checkColorPalette", JenkinsClient.form("value", "x"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(r.anonymous
                        .post(global + "testConnection", JenkinsClient.form())
                        .statusCode())
                .isEqualTo(403);
        assertThat(r.anonymous
                        .post(global + "fillCredentialsIdItems", JenkinsClient.form())
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> readerList = r.anonymous.post(job + "fillCredentialsIdItems", JenkinsClient.form());
        assertThat(readerList.body()).doesNotContain("dashscope-queue", "dashscope-wrong", "not-a-secret-text");
        // the administrator may
        assertThat(r.admin
                        .post(job + "fillCredentialsIdItems", JenkinsClient.form())
                        .body())
                .contains("\"dashscope\"", "dashscope-queue");
        assertThat(r.admin
                        .post(job + "checkColorPalette", JenkinsClient.form("value", "x"))
                        .body())
                .contains("colorPalette");
        assertThat(r.admin.post(global + "testConnection", JenkinsClient.form()).body())
                .contains("Connected to " + r.simulator.api());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dashscopeSection(RealJenkins r) throws Exception {
        HttpResponse<String> export = r.admin.post("manage/configuration-as-code/export", JenkinsClient.form());
        assertThat(export.statusCode()).isEqualTo(200);
        Map<String, Object> root = new Yaml().load(export.body());
        return (Map<String, Object>) ((Map<String, Object>) root.get("unclassified")).get("dashscope");
    }
}
