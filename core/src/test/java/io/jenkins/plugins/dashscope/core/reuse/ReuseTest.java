package io.jenkins.plugins.dashscope.core.reuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.finishing.DerivedSize;
import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.generation.Output;
import io.jenkins.plugins.dashscope.core.generation.PreparedRequest;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.simulator.RequestKind;
import io.jenkins.plugins.dashscope.core.testing.SimulatorFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class ReuseTest {

    private final SimulatorFixture fx = new SimulatorFixture();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        fx.close();
    }

    private PreparedRequest prepared() {
        return fx.engine()
                .prepare(
                        GenerationRequest.builder()
                                .model("wanx-v1")
                                .prompt("a release banner")
                                .n(2)
                                .seed(7L)
                                .build(),
                        dir);
    }

    private GenerationResult generateInto(String folder) throws Exception {
        return fx.engine()
                .generate(
                        fx.key,
                        prepared(),
                        new Output(dir.resolve(folder), "image"),
                        Instant.now().plus(Duration.ofSeconds(20)),
                        e -> {})
                .result()
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void aMatchingEarlierResultIsCopiedByteForByteUnderTheNewNamesAndRecordedAsReused() throws Exception {
        GenerationResult first = generateInto("first");
        int requests = fx.simulator.totalRequests();

        EarlierResult earlier = EarlierResults.scan(dir.resolve("first"), "reuseFrom")
                .find(prepared().fingerprint())
                .orElseThrow();
        GenerationResult reused = Reuse.into(
                earlier,
                new Output(
                        dir.resolve("second"), "card", new Finishing(List.of(DerivedSize.parse(1, "300x200")), false)));

        assertThat(fx.simulator.totalRequests()).isEqualTo(requests);
        assertThat(first.manifest().fingerprint()).isEqualTo(prepared().fingerprint());
        assertThat(reused.images())
                .extracting(i -> i.file().getFileName().toString())
                .containsExactly("card-1.png", "card-2.png");
        for (int i = 0; i < 2; i++) {
            assertThat(Files.readAllBytes(reused.images().get(i).file()))
                    .isEqualTo(Files.readAllBytes(first.images().get(i).file()));
        }
        Manifest m = new ManifestStore().read(dir.resolve("second/manifest.json"));
        assertThat(m.reusedFrom()).isEqualTo(dir.resolve("first").toString());
        assertThat(m.paidImages()).isZero();
        assertThat(m.usage().reused()).isEqualTo(2);
        assertThat(m.taskId()).isEqualTo(first.manifest().taskId());
        assertThat(m.fingerprint()).isEqualTo(first.manifest().fingerprint());
        assertThat(m.derivedFiles())
                .extracting(Manifest.DerivedRecord::file)
                .containsExactly("card-1_300x200.png", "card-2_300x200.png");
        assertThat(first.manifest().paidImages()).isEqualTo(2);
    }

    @Test
    void aChangedOrMissingFileIsNotReusedAndLeavesNothingBehind() throws Exception {
        generateInto("first");
        EarlierResult earlier = EarlierResults.scan(dir.resolve("first"), "reuseFrom")
                .find(prepared().fingerprint())
                .orElseThrow();
        byte[] png = Files.readAllBytes(dir.resolve("first/image-2.png"));
        png[png.length - 20] ^= 1;
        Files.write(dir.resolve("first/image-2.png"), png);

        assertThatThrownBy(() -> Reuse.into(earlier, new Output(dir.resolve("second"), "image")))
                .isInstanceOf(DashScopeException.class)
                .hasMessageContaining("image-2.png is not the image its manifest recorded");
        try (var left = Files.list(dir.resolve("second"))) {
            assertThat(left).isEmpty();
        }

        Files.delete(dir.resolve("first/image-2.png"));
        assertThatThrownBy(() -> Reuse.into(earlier, new Output(dir.resolve("third"), "image")))
                .isInstanceOf(DashScopeException.class)
                .hasMessageContaining("cannot reuse");
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "symbolic links need privileges on Windows")
    void onlyCompleteResultsWithAFingerprintAreOfferedAndLinksAreNotFollowed() throws Exception {
        GenerationResult done = generateInto("runs/a");
        ManifestStore store = new ManifestStore();
        Manifest m = done.manifest();
        Manifest failed = Manifest.builder()
                .task(m.model(), m.api(), "t2", null)
                .status("FAILED")
                .request(m.request(), "f".repeat(64))
                .images(List.of(), List.of())
                .timing(m.timing())
                .build();
        store.write(dir.resolve("runs/b"), failed);
        Manifest old = Manifest.builder() // written before fingerprints: none
                .task(m.model(), m.api(), "t3", null)
                .status("SUCCEEDED")
                .request(m.request(), null)
                .images(m.images(), List.of())
                .timing(m.timing())
                .build();
        store.write(dir.resolve("runs/c"), old);
        Files.writeString(dir.resolve("runs/d.json"), "{}");
        Files.createDirectories(dir.resolve("runs/e"));
        Files.writeString(dir.resolve("runs/e/manifest.json"), "not json");
        Files.createSymbolicLink(dir.resolve("runs/link"), dir.resolve("runs/a"));

        EarlierResults found = EarlierResults.scan(dir.resolve("runs"), "reuseFrom");

        assertThat(found.size()).isEqualTo(1);
        assertThat(found.find(m.fingerprint()).orElseThrow().label())
                .isEqualTo(dir.resolve("runs/a").toString());
        assertThat(found.find("f".repeat(64))).isEmpty();
        assertThatThrownBy(() -> EarlierResults.scan(dir.resolve("nope"), "reuseFrom"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("reuseFrom");
    }

    @Test
    void aManifestNamingAFileOutsideItsFolderIsNotCopied() throws Exception {
        GenerationResult done = generateInto("first");
        Files.writeString(dir.resolve("secret.txt"), "not an image");
        Manifest m = done.manifest();
        Manifest.ImageRecord i = m.images().get(0);
        Manifest hostile = Manifest.builder()
                .task(m.model(), m.api(), m.taskId(), null)
                .status("SUCCEEDED")
                .request(m.request(), m.fingerprint())
                .images(
                        List.of(new Manifest.ImageRecord(
                                1, "../secret.txt", i.sha256(), i.bytes(), 1, 1, "image/png", null)),
                        List.of())
                .timing(m.timing())
                .build();
        EarlierResult earlier = new EarlierResult(
                hostile, "#1", name -> Files.newInputStream(dir.resolve("first").resolve(name)));

        assertThatThrownBy(() -> Reuse.into(earlier, new Output(dir.resolve("second"), "image")))
                .isInstanceOf(DashScopeException.class)
                .hasMessageContaining("does not record '../secret.txt'");
        assertThat(fx.simulator.count(RequestKind.SUBMIT)).isEqualTo(1);
    }
}
