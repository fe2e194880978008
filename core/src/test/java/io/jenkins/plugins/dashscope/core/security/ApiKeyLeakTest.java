package io.jenkins.plugins.dashscope.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.generation.Generation;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.simulator.Fault;
import io.jenkins.plugins.dashscope.core.simulator.RequestKind;
import io.jenkins.plugins.dashscope.core.testing.SimulatorFixture;
import io.jenkins.plugins.dashscope.core.testing.TestImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs successes and failures of every kind and checks that the key appears in nothing they produced. */
class ApiKeyLeakTest {

    private final SimulatorFixture fx = new SimulatorFixture();
    private final StringBuilder everything = new StringBuilder();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        fx.close();
    }

    private void run(GenerationRequest r, String out) {
        Generation g = fx.generate(
                r,
                dir,
                out,
                java.time.Duration.ofSeconds(10),
                e -> everything.append(e.describe()).append(e).append('\n'));
        try {
            everything.append(g.result().get(60, TimeUnit.SECONDS)).append('\n');
        } catch (Exception e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            everything.append(trace).append('\n');
        }
    }

    @Test
    void theKeyReachesNoEventResultExceptionOrFile() throws Exception {
        TestImages.write(dir, "base.png", "png", 300, 300);
        TestImages.write(dir, "mask.png", "png", 300, 300);
        run(GenerationRequest.builder().prompt("ok").n(2).build(), "ok");
        run(GenerationRequest.builder().prompt("simulate:partial").n(2).build(), "partial");
        run(GenerationRequest.builder().prompt("simulate:fail").build(), "fail");
        run(GenerationRequest.builder().prompt("simulate:moderation").build(), "moderation");
        run(
                GenerationRequest.builder()
                        .model("wanx-x-painting")
                        .prompt("glasses")
                        .baseImage("base.png")
                        .maskImage("mask.png")
                        .build(),
                "inpaint");
        fx.simulator.faults().inject(RequestKind.SUBMIT, Fault.DROP_CONNECTION, 1);
        run(GenerationRequest.builder().prompt("dropped").build(), "dropped");
        fx.simulator.faults().inject(RequestKind.QUERY, Fault.QUOTA_EXHAUSTED, 1);
        run(GenerationRequest.builder().prompt("quota").build(), "quota");
        run(GenerationRequest.builder().model("qwen-image-max").prompt("sync").build(), "sync");

        everything.append(fx.key).append(List.of(fx.key)).append('\n');
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                everything
                        .append(f)
                        .append('\n')
                        .append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(everything).contains("manifest", "Submitted task", "FAILED", "MODERATION", "QUOTA_EXHAUSTED");
        assertThat(everything.toString())
                .doesNotContain(SimulatorFixture.KEY)
                .doesNotContain("0123456789abcdef-DO-NOT");
    }

    @Test
    void keysPrintAsAMaskAndRejectBadValuesWithoutEchoingThem() {
        ApiKey key = ApiKey.of("  sk-secret-value  ");
        assertThat(key.toString()).startsWith("ApiKey[sha256:").doesNotContain("secret");
        assertThat(key).isEqualTo(ApiKey.of("sk-secret-value"));
        try {
            ApiKey.of("sk-secret with space");
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).doesNotContain("secret with");
            return;
        }
        throw new AssertionError("expected a rejection");
    }
}
