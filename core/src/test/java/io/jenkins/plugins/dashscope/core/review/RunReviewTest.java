package io.jenkins.plugins.dashscope.core.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReviewTest {

    private static final Instant NOW = Instant.parse("2026-12-05T01:00:00Z");

    @TempDir
    Path root;

    /** A generation of {@code count} images in {@code dir}, as the plugin writes it. */
    private static Manifest generation(Path dir, int count) throws Exception {
        Files.createDirectories(dir);
        List<Manifest.ImageRecord> images = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            byte[] bytes = ("image " + i + " of " + dir.getFileName()).getBytes();
            Files.write(dir.resolve("image-" + i + ".png"), bytes);
            String sha = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            images.add(new Manifest.ImageRecord(i, "image-" + i + ".png", sha, bytes.length, 8, 8, "image/png", null));
        }
        Manifest m = Manifest.builder()
                .task("wanx-v1", "text2image", "task-" + dir.getFileName(), "req")
                .status("SUCCEEDED")
                .images(images, List.of())
                .build();
        new ManifestStore().write(dir, m);
        return m;
    }

    private static DecisionFile decisions(String json) {
        return DecisionFile.parse(json);
    }

    private Manifest manifest(Path dir) throws Exception {
        return new ManifestStore().read(dir.resolve(ManifestStore.FILE_NAME));
    }

    @Test
    void decisionsAreRecordedAndOnlyApprovedImagesReachTheApprovedFolder() throws Exception {
        generation(root, 3);

        List<RunReview.Standing> standings = RunReview.of("--out", root)
                .apply(
                        decisions(
                                "{\"reviewer\": \"alice\", \"decisions\": ["
                                        + "{\"image\": \"image-1.png\", \"verdict\": \"approve\"},"
                                        + "{\"image\": \"image-2.png\", \"verdict\": \"reject\", \"reason\": \"the caption is cut\"}]}"),
                        NOW);

        assertThat(standings).containsExactly(new RunReview.Standing("", 1, 1, 1));
        assertThat(manifest(root).reviewRecords())
                .containsExactly(
                        new Manifest.ReviewRecord("image-1.png", "APPROVED", "alice", NOW.toString(), null),
                        new Manifest.ReviewRecord(
                                "image-2.png", "REJECTED", "alice", NOW.toString(), "the caption is cut"));
        assertThat(root.resolve("approved/image-1.png")).hasSameBinaryContentAs(root.resolve("image-1.png"));
        assertThat(root.resolve("approved/image-2.png")).doesNotExist();
        assertThat(root.resolve("approved/image-3.png")).doesNotExist();
    }

    @Test
    void theLastDecisionPerImageCountsAndEveryDecisionStaysOnRecord() throws Exception {
        generation(root, 2);
        RunReview.of("--out", root)
                .apply(
                        decisions(
                                "{\"reviewer\": \"alice\", \"decisions\": [{\"image\": \"image-1.png\", \"verdict\": \"approve\"}]}"),
                        NOW);

        List<RunReview.Standing> later = RunReview.of("--out", root)
                .apply(
                        decisions(
                                "{\"reviewer\": \"bob\", \"decisions\": [{\"image\": \"image-1.png\", \"verdict\": \"rejected\"}]}"),
                        NOW.plusSeconds(60));

        assertThat(later).containsExactly(new RunReview.Standing("", 0, 1, 1));
        assertThat(manifest(root).reviewRecords())
                .extracting(Manifest.ReviewRecord::reviewer)
                .containsExactly("alice", "bob");
        assertThat(root.resolve("approved/image-1.png")).doesNotExist();
    }

    @Test
    void aSetsIndexListsEachVariantsApprovedAndRejectedImages() throws Exception {
        generation(root.resolve("banner-en"), 2);
        generation(root.resolve("banner-zh-CN"), 1);
        Files.writeString(root.resolve("assets.json"), """
                {"spec": "assets.yaml", "variants": [
                  {"name": "banner-en", "folder": "banner-en", "manifest": "banner-en/manifest.json"},
                  {"name": "banner-zh-CN", "folder": "banner-zh-CN", "manifest": "banner-zh-CN/manifest.json"},
                  {"name": "poster", "folder": "poster", "status": "FAILED"}]}
                """);

        List<RunReview.Standing> standings = RunReview.of("--out", root)
                .apply(
                        decisions("{\"reviewer\": \"alice\", \"decisions\": ["
                                + "{\"image\": \"banner-en/image-2.png\", \"verdict\": \"approve\"},"
                                + "{\"image\": \"banner-en/image-1.png\", \"verdict\": \"reject\"},"
                                + "{\"image\": \"banner-zh-CN/image-1.png\", \"verdict\": \"approve\"}]}"),
                        NOW);

        assertThat(standings)
                .containsExactly(
                        new RunReview.Standing("banner-en", 1, 1, 0), new RunReview.Standing("banner-zh-CN", 1, 0, 0));
        JsonNode index = Json.newMapper().readTree(root.resolve("assets.json").toFile());
        assertThat(index.path("approvedFolder").asText()).isEqualTo("approved");
        assertThat(index.at("/variants/0/review/approved/0").asText()).isEqualTo("banner-en/image-2.png");
        assertThat(index.at("/variants/0/review/rejected/0").asText()).isEqualTo("banner-en/image-1.png");
        assertThat(index.at("/variants/1/review/approved/0").asText()).isEqualTo("banner-zh-CN/image-1.png");
        assertThat(index.at("/variants/2/review").isMissingNode()).isTrue();
        assertThat(root.resolve("approved/banner-en/image-2.png")).exists();
        assertThat(root.resolve("approved/banner-zh-CN/image-1.png")).exists();
    }

    @Test
    void anImageNotOfThisRunIsRefusedNamingTheDecisionBeforeAnythingIsWritten() throws Exception {
        Manifest before = generation(root, 1);
        Files.writeString(root.resolve("secret.png"), "not an image of the run");

        for (String image : List.of("../secret.png", "secret.png", "/etc/passwd", "image-1.png/../secret.png")) {
            assertThatThrownBy(() -> RunReview.of("--out", root)
                            .apply(
                                    decisions("{\"reviewer\": \"eve\", \"decisions\": ["
                                            + "{\"image\": \"image-1.png\", \"verdict\": \"approve\"},"
                                            + "{\"image\": \"" + image + "\", \"verdict\": \"approve\"}]}"),
                                    NOW))
                    .as(image)
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("decisions[1].image");
        }
        assertThat(manifest(root)).isEqualTo(before);
        assertThat(root.resolve("approved")).doesNotExist();
    }

    @Test
    void anImageChangedSinceItWasGeneratedIsNeverApproved() throws Exception {
        generation(root, 1);
        Files.writeString(root.resolve("image-1.png"), "replaced after the run");

        assertThatThrownBy(() -> RunReview.of("--out", root)
                        .apply(
                                decisions(
                                        "{\"reviewer\": \"alice\", \"decisions\": [{\"image\": \"image-1.png\", \"verdict\": \"approve\"}]}"),
                                NOW))
                .hasMessageContaining("is not the image its manifest recorded");
        assertThat(root.resolve("approved/image-1.png")).doesNotExist();
    }

    @Test
    void anApprovedFolderThatIsALinkIsRefusedNotFollowed(@TempDir Path elsewhere) throws Exception {
        generation(root, 1);
        Files.createSymbolicLink(root.resolve("approved"), elsewhere);

        assertThatThrownBy(() -> RunReview.of("--out", root)
                        .apply(
                                decisions(
                                        "{\"reviewer\": \"alice\", \"decisions\": [{\"image\": \"image-1.png\", \"verdict\": \"approve\"}]}"),
                                NOW))
                .hasMessageContaining("is not a folder this review may write");
        assertThat(elsewhere).isEmptyDirectory();
    }

    @Test
    void aFolderWithoutARunIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> RunReview.of("--out", root))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("--out")
                .hasMessageContaining("no finished run");
    }

    @Test
    void aDecisionsFileIsBoundedAndEachFieldChecked() {
        assertThatThrownBy(() -> decisions("[]")).hasMessageContaining("review file");
        assertThatThrownBy(() -> decisions("{\"decisions\": [{\"image\": \"a\", \"verdict\": \"approve\"}]}"))
                .hasMessageContaining("reviewer");
        assertThatThrownBy(() -> decisions("{\"reviewer\": \"a\", \"decisions\": []}"))
                .hasMessageContaining("decisions");
        assertThatThrownBy(() -> decisions(
                        "{\"reviewer\": \"a\", \"decisions\": [{\"image\": \"x.png\", \"verdict\": \"maybe\"}]}"))
                .hasMessageContaining("decisions[0].verdict");
        assertThatThrownBy(() -> decisions("{\"reviewer\": \"a\", \"decisions\": [{\"image\": \"x.png\", "
                        + "\"verdict\": \"reject\", \"reason\": \"" + "x".repeat(501) + "\"}]}"))
                .hasMessageContaining("decisions[0].reason");
        assertThatThrownBy(
                        () -> decisions(
                                "{\"reviewer\": \"a\\u0007b\", \"decisions\": [{\"image\": \"x.png\", \"verdict\": \"reject\"}]}"))
                .hasMessageContaining("reviewer");
        String many = "{\"image\": \"x.png\", \"verdict\": \"reject\"},".repeat(DecisionFile.MAX_DECISIONS + 1);
        assertThatThrownBy(() -> decisions(
                        "{\"reviewer\": \"a\", \"decisions\": [" + many.substring(0, many.length() - 1) + "]}"))
                .hasMessageContaining("1 to " + DecisionFile.MAX_DECISIONS);
    }
}
