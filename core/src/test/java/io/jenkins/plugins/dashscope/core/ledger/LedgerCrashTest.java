package io.jenkins.plugins.dashscope.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed while it writes the ledger: whatever moment the kill lands on, every hold it had been told was
 * written is read back, and nothing half written is taken for a record.
 */
class LedgerCrashTest {

    /** Holds one image and settles it, over and over, saying each id once its hold is written. */
    public static final class Writer {
        public static void main(String[] args) {
            UsageLedger ledger = UsageLedger.open(Path.of(args[0]), Clock.systemUTC(), ZoneId.of("UTC"), 13);
            Payer payer = new Payer("crash/writer", 1);
            for (int i = 0; ; i++) {
                String id = ledger.hold(payer, List.of(new UsageLedger.Hold("wan2.6-t2i", 1, null)), List.of())
                        .get(0);
                System.out.println("held " + id);
                System.out.flush();
                if (i % 2 == 0) {
                    ledger.settle(id, 1, 0, 0, false);
                }
            }
        }
    }

    @TempDir
    Path dir;

    @Test
    void aKillMidWriteLosesNothingThatWasHeld() throws Exception {
        for (int round = 0; round < 3; round++) {
            Set<String> acknowledged = new HashSet<>();
            Process child = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            Writer.class.getName(),
                            dir.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            // a child that hangs is killed after two minutes, which ends the read below: a failure, not a stuck build
            CompletableFuture.delayedExecutor(2, TimeUnit.MINUTES).execute(child::destroyForcibly);
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; acknowledged.size() < 200 + round * 37 && (line = out.readLine()) != null; ) {
                    acknowledged.add(line.substring("held ".length()));
                }
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, mid-write or not
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(acknowledged).hasSize(200 + round * 37);

            UsageLedger after = UsageLedger.open(dir, Clock.systemUTC(), ZoneId.of("UTC"), 13);
            assertThat(after.problem())
                    .as("a cut line is dropped, not reported as damage")
                    .isNull();
            int charged =
                    after.snapshot().rows().stream().mapToInt(UsageRow::charged).sum();
            Set<String> onDisk = new HashSet<>();
            try (var journals = Files.newDirectoryStream(dir, "*.jsonl")) {
                for (Path journal : journals) {
                    for (String line : Files.readAllLines(journal)) {
                        LedgerEntry e = LedgerEntry.parse(line);
                        assertThat(e).as(line).isNotNull();
                        onDisk.add(e.id());
                    }
                }
            }
            assertThat(onDisk).containsAll(acknowledged);
            assertThat(charged).isGreaterThanOrEqualTo(acknowledged.size());
        }
    }
}
