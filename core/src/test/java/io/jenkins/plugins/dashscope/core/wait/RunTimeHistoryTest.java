package io.jenkins.plugins.dashscope.core.wait;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunTimeHistoryTest {

    @TempDir
    Path dir;

    private static final String KEY = "https://dashscope.aliyuncs.com/api/v1 wan2.6-t2i";

    @Test
    void runTimesSurviveToTheNextRunAndTheFileHoldsNothingElse() throws Exception {
        ServiceTimeEstimator first = new ServiceTimeEstimator();
        for (int s = 10; s < 20; s++) {
            first.record(KEY, Duration.ofSeconds(s));
        }
        RunTimeHistory history = new RunTimeHistory(dir.resolve("cache/dashscope-image/run-times.json"));

        history.save(first);
        ServiceTimeEstimator next = new ServiceTimeEstimator();
        assertThat(history.loadInto(next)).isTrue();

        assertThat(next.estimate(KEY)).isEqualTo(first.estimate(KEY));
        String text = Files.readString(history.file(), StandardCharsets.UTF_8);
        assertThat(text).contains("\"version\"", "\"runTimes\"", KEY).doesNotContain("sk-", "task", "prompt");
    }

    @Test
    void theHistoryIsBoundedHoweverMuchWasLearnedOrSaved() throws Exception {
        ServiceTimeEstimator e = new ServiceTimeEstimator();
        for (int k = 0; k < ServiceTimeEstimator.MAX_KEYS + 50; k++) {
            for (int s = 0; s < ServiceTimeEstimator.WINDOW + 8; s++) {
                e.record("https://x/api/v1 model-" + k, Duration.ofMillis(1000 + s));
            }
        }
        e.record(KEY, Duration.ofDays(3)); // not a run time
        Map<String, java.util.List<Long>> snapshot = e.snapshot();

        assertThat(snapshot).hasSize(ServiceTimeEstimator.MAX_KEYS).doesNotContainKey(KEY);
        assertThat(snapshot.values()).allMatch(v -> v.size() == ServiceTimeEstimator.WINDOW);
        // the most recently taught keys are the ones kept
        assertThat(snapshot).containsKey("https://x/api/v1 model-" + (ServiceTimeEstimator.MAX_KEYS + 49));
        RunTimeHistory history = new RunTimeHistory(dir.resolve("h.json"));
        history.save(e);
        assertThat(Files.size(history.file())).isLessThan(RunTimeHistory.MAX_FILE_BYTES);
    }

    @Test
    void aFileThatIsMissingDamagedForeignOrHugeIsNotUsed() throws Exception {
        ServiceTimeEstimator e = new ServiceTimeEstimator();
        assertThat(new RunTimeHistory(dir.resolve("none.json")).loadInto(e)).isFalse();
        for (String text : new String[] {
            "{not json", "[1,2]", "{\"version\":2,\"runTimes\":{}}", "{\"version\":1,\"runTimes\":{\"k\":[\"x\"]}}"
        }) {
            Path f = Files.writeString(dir.resolve("bad.json"), text);
            assertThat(new RunTimeHistory(f).loadInto(e)).as(text).isFalse();
        }
        Path huge = dir.resolve("huge.json");
        Files.write(huge, new byte[(int) RunTimeHistory.MAX_FILE_BYTES + 1]);
        assertThat(new RunTimeHistory(huge).loadInto(e)).isFalse();
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), huge);
        assertThat(new RunTimeHistory(link).loadInto(e)).isFalse();
        assertThat(e.snapshot()).isEmpty();
    }

    @Test
    void theCliKeepsItInTheUsersCacheFolder() {
        Path home = Path.of("/home/dev");
        assertThat(RunTimeHistory.defaultFile(Map.of(), home))
                .isEqualTo(Path.of("/home/dev/.cache/dashscope-image/run-times.json"));
        assertThat(RunTimeHistory.defaultFile(Map.of("XDG_CACHE_HOME", "/var/cache/ci"), home))
                .isEqualTo(Path.of("/var/cache/ci/dashscope-image/run-times.json"));
    }
}
