package io.jenkins.plugins.dashscope.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dashscope.core.common.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class ManifestStoreTest {

    @TempDir
    Path dir;

    private final ManifestStore store = new ManifestStore();

    private static Manifest sample(String status) {
        var params =
                Json.newMapper().createObjectNode().put("size", "1024*1024").put("n", 2);
        return Manifest.builder()
                .task("wanx-v1", "text2image", "task-1", "req-1")
                .status(status)
                .request(
                        new Manifest.RequestRecord(
                                "一只猫",
                                null,
                                params,
                                List.of(new Manifest.InputRecord("refImage", "ref.png", "ab", null))),
                        null)
                .images(
                        List.of(new Manifest.ImageRecord(
                                1, "image-1.png", "cd", 10, 1024, 1024, "image/png", "https://h/1.png")),
                        List.of(new Manifest.FailureRecord(2, "InternalError.Timeout", "timeout")))
                .usage(new Manifest.Usage(1))
                .timing(new Manifest.Timing("2026-01-01T00:00:00Z", "2026-01-01T00:00:09Z", 9000, 3))
                .build();
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "reads POSIX permissions")
    void roundTripsAndReplacesWholeFiles() throws Exception {
        Path file = store.write(dir, sample("RUNNING"));
        store.write(dir, sample("SUCCEEDED"));
        assertThat(store.read(file)).isEqualTo(sample("SUCCEEDED"));
        String json = Files.readString(file);
        assertThat(json).contains("\"schemaVersion\" : 1", "\"一只猫\"").doesNotContain("negativePrompt", "actualPrompt");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file); // no temporary file left
        }
        assertThat(Files.getPosixFilePermissions(file)).contains(PosixFilePermission.OTHERS_READ);
    }
}
