package io.jenkins.plugins.dashscope.core.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.ErrorKind;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.testing.SimulatorFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Finding 16: a manifest that comes from elsewhere (an agent) is trusted only for names this product writes. */
class GenerationResultTest {

    @TempDir
    static Path dir;

    private static String realManifest() throws Exception {
        try (SimulatorFixture fx = new SimulatorFixture()) {
            fx.generate(GenerationRequest.builder().prompt("p").build(), dir, "out", Duration.ofSeconds(10), e -> {})
                    .result()
                    .get(60, TimeUnit.SECONDS);
        }
        return Files.readString(dir.resolve("out/manifest.json"));
    }

    @Test
    void namesThisProductWritesAreAccepted() throws Exception {
        GenerationResult r = GenerationResult.of(new ManifestStore().fromJson(realManifest()), Path.of("out"));

        assertThat(r.images())
                .singleElement()
                .satisfies(i -> assertThat(i.file()).isEqualTo(Path.of("out/image-1.png")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../../../../etc/passwd",
                "/etc/passwd",
                "sub/image-1.png",
                "manifest.json",
                "image-1.png\nx",
                "..-1.png",
                "image-1.html"
            })
    void anyOtherNameIsRefusedAsAProtocolError(String name) throws Exception {
        ObjectNode m = (ObjectNode) Json.newMapper().readTree(realManifest());
        ((ObjectNode) m.withArray("images").get(0)).put("file", name);

        assertThatThrownBy(() -> GenerationResult.of(new ManifestStore().fromJson(m.toString()), Path.of("out")))
                .isInstanceOfSatisfying(DashScopeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL);
                    assertThat(e.getMessage()).doesNotContain("\n");
                });
    }
}
