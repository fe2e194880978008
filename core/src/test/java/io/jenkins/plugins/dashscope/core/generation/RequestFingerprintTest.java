package io.jenkins.plugins.dashscope.core.generation;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dashscope.core.client.Endpoint;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.request.RequestBuilder;
import io.jenkins.plugins.dashscope.core.testing.SimulatorFixture;
import io.jenkins.plugins.dashscope.core.testing.TestImages;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestFingerprintTest {

    private final SimulatorFixture fx = new SimulatorFixture();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        fx.close();
    }

    private String of(GenerationRequest r) {
        return fx.engine().prepare(r, dir).fingerprint();
    }

    private static RequestBuilder banner() {
        return GenerationRequest.builder()
                .model("wanx-v1")
                .prompt("a banner")
                .n(2)
                .seed(7L)
                .size("1024*1024")
                .parameter("a", 1)
                .parameter("b", "x");
    }

    @Test
    void theSameRequestHasTheSameFingerprintHoweverItsOptionsWereOrdered() {
        String first = of(banner().build());
        String reordered = of(GenerationRequest.builder()
                .parameter("b", "x")
                .parameter("a", 1)
                .size("1024*1024")
                .seed(7L)
                .n(2)
                .prompt("a banner")
                .model("wanx-v1")
                .build());

        assertThat(first).matches("[0-9a-f]{64}").isEqualTo(reordered);
    }

    @Test
    void everythingThatDecidesTheResultChangesIt() {
        String base = of(banner().build());

        assertThat(of(banner().seed(8L).build())).isNotEqualTo(base);
        assertThat(of(banner().prompt("a banner!").build())).isNotEqualTo(base);
        assertThat(of(banner().negativePrompt("text").build())).isNotEqualTo(base);
        assertThat(of(banner().n(1).build())).isNotEqualTo(base);
        assertThat(of(banner().size("720*1280").build())).isNotEqualTo(base);
        assertThat(of(banner().parameter("a", 2).build())).isNotEqualTo(base);
        assertThat(of(banner().model("wanx2.1-t2i-turbo").build())).isNotEqualTo(base);
        GenerationEngine elsewhere =
                fx.newEngine(fx.engineSettings().withScope("https://dashscope-intl.aliyuncs.com/api/v1"));
        assertThat(elsewhere.prepare(banner().build(), dir).fingerprint()).isNotEqualTo(base);
    }

    @Test
    void aLocalImageCountsByItsContentNotItsNameAndAUrlByTheUrl() throws Exception {
        Path a = TestImages.write(dir, "ref.png", "png", 512, 512);
        Files.copy(a, dir.resolve("renamed.png"));
        TestImages.write(dir, "other.png", "png", 600, 600);

        String byName = of(GenerationRequest.builder()
                .model("wanx-v1")
                .prompt("p")
                .refImage("ref.png")
                .build());
        String renamed = of(GenerationRequest.builder()
                .model("wanx-v1")
                .prompt("p")
                .refImage("renamed.png")
                .build());
        String otherContent = of(GenerationRequest.builder()
                .model("wanx-v1")
                .prompt("p")
                .refImage("other.png")
                .build());
        String url = of(GenerationRequest.builder()
                .model("wanx-v1")
                .prompt("p")
                .refImage("https://e.com/ref.png")
                .build());
        String otherUrl = of(GenerationRequest.builder()
                .model("wanx-v1")
                .prompt("p")
                .refImage("https://e.com/ref2.png")
                .build());

        assertThat(renamed).isEqualTo(byName);
        assertThat(otherContent).isNotEqualTo(byName);
        assertThat(url).isNotEqualTo(byName).isNotEqualTo(otherUrl);
    }

    @Test
    void theScopeIsTheEndpointUnlessTheHostNamesOne() {
        Endpoint e = new Endpoint(URI.create("https://dashscope.aliyuncs.com/api/v1"));
        assertThat(EngineSettings.defaults(e).scope()).isEqualTo(e.toString());
        assertThat(EngineSettings.defaults(e)
                        .withScope("simulator")
                        .withRetry(EngineSettings.defaults(e).retry())
                        .scope())
                .isEqualTo("simulator");
    }
}
