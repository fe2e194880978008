package io.jenkins.plugins.dashscope.core.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.simulator.RequestKind;
import io.jenkins.plugins.dashscope.core.testing.SimulatorFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Finding 7: nothing is paid for that cannot be kept, and what was paid for is never lost. */
class PaidResultsTest {

    private final SimulatorFixture fx = new SimulatorFixture();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "writes under /proc")
    void anOutputFolderThatCannotBeWrittenIsRefusedBeforeTheTaskIsSubmitted() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        GenerationEngine engine = fx.engine();

        for (Path out : new Path[] {file, Path.of("/proc/dashscope-cannot-be-here")}) {
            assertThatThrownBy(() -> engine.generate(
                            fx.key,
                            engine.prepare(
                                    GenerationRequest.builder().prompt("p").build(), dir),
                            new Output(out, "image"),
                            fx.clock.instant().plusSeconds(10),
                            e -> {}))
                    .isInstanceOfSatisfying(
                            InvalidRequestException.class,
                            e -> assertThat(e.field()).isEqualTo("outputDir"));
        }
        assertThat(fx.simulator.count(RequestKind.SUBMIT)).isZero();
    }

    @Test
    void whenDeliveryFailsAfterTheTaskSucceededTheErrorCarriesTheResultUrls() throws Exception {
        GenerationEngine engine = fx.engine();
        Delivery failing = order -> CompletableFuture.failedFuture(new IOException("the agent went away"));

        Generation g = engine.generate(
                fx.key,
                engine.prepare(GenerationRequest.builder().prompt("p").n(2).build(), dir),
                fx.clock.instant().plusSeconds(10),
                e -> {},
                failing,
                task -> {});

        assertThatThrownBy(() -> g.result().get(60, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        DashScopeException.class,
                        e -> assertThat(e.getMessage())
                                .contains(
                                        "the agent went away",
                                        "downloadable for 24 hours",
                                        fx.simulator.baseUrl().getHost() + ":")
                                .containsPattern("/results/[^ ]+ .*/results/"));
    }
}
