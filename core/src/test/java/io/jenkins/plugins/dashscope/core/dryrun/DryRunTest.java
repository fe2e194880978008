package io.jenkins.plugins.dashscope.core.dryrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.ErrorKind;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DryRunTest {

    @TempDir
    Path workspace;

    private static DryRun dryRun(GenerationRequest r) {
        return new DryRun(
                r, "generated-images", "image", Finishing.NONE, Duration.ofMillis(20), Duration.ofSeconds(20));
    }

    @Test
    void aSerializedDryRunSavesRealImagesAndAManifest() throws Exception {
        DryRun sent = dryRun(
                GenerationRequest.builder().prompt("dry").n(2).size("720*1280").build());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(sent);
        }
        DryRun received = (DryRun) new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
        List<String> lines = new CopyOnWriteArrayList<>();

        Manifest m = new ManifestStore().fromJson(received.runIn(workspace, e -> lines.add(e.describe())));

        assertThat(m.images()).extracting(Manifest.ImageRecord::file).containsExactly("image-1.png", "image-2.png");
        assertThat(ImageIO.read(workspace
                                .resolve("generated-images/image-1.png")
                                .toFile())
                        .getWidth())
                .isEqualTo(720);
        assertThat(workspace.resolve("generated-images/manifest.json")).exists();
        assertThat(lines).anyMatch(l -> l.startsWith("Submitted task"));
    }

    @Test
    void aDryRunFailsAsARealRunWould() {
        assertThatThrownBy(() -> dryRun(GenerationRequest.builder()
                                .prompt("simulate:fail")
                                .build())
                        .runIn(workspace, e -> {}))
                .isInstanceOfSatisfying(
                        DashScopeException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TASK_FAILED));
        assertThatThrownBy(() -> dryRun(
                                GenerationRequest.builder().prompt("x").n(9).build())
                        .runIn(workspace, e -> {}))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("n"));
    }

    @Test
    void aDryRunReadsNoFileOutsideItsWorkspace() throws Exception {
        Path outside = io.jenkins.plugins.dashscope.core.testing.TestImages.write(
                workspace.getParent(), "outside-" + workspace.getFileName() + ".png", "png", 512, 512);
        try {
            for (String path : List.of(outside.toString(), "file:" + outside, "../" + outside.getFileName())) {
                DryRun d = dryRun(GenerationRequest.builder()
                        .model("wanx-v1")
                        .prompt("x")
                        .refImage(path)
                        .build());
                assertThatThrownBy(() -> d.runIn(workspace, e -> {}))
                        .as(path)
                        .isInstanceOfSatisfying(
                                InvalidRequestException.class,
                                e -> assertThat(e.field()).isEqualTo("refImage"));
            }
        } finally {
            java.nio.file.Files.delete(outside);
        }
    }
}
