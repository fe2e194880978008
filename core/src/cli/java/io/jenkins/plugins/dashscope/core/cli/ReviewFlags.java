package io.jenkins.plugins.dashscope.core.cli;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.common.TextFiles;
import io.jenkins.plugins.dashscope.core.review.DecisionFile;
import io.jenkins.plugins.dashscope.core.review.RunReview;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --review-file}: applies a saved set of reviewers' decisions to a finished run's folder ({@code --out})
 * instead of generating, as the Jenkins review does: decisions recorded in the manifests and {@code assets.json},
 * approved images copied to {@code approved/}. Nothing is sent.
 */
final class ReviewFlags {

    @Option(
            names = "--review-file",
            order = 95,
            paramLabel = "FILE",
            description = "Apply the decisions in FILE ({\"reviewer\": ..., \"decisions\": [{\"image\": "
                    + "\"banner-en/image-1.png\", \"verdict\": \"approve\"}, ...]}) to the finished run in --out "
                    + "instead of generating: recorded in its manifests and assets.json, approved images copied to "
                    + "--out/approved.")
    Path file;

    boolean given() {
        return file != null;
    }

    /** Applies the file's decisions to the run in {@code out}; prints where each generation stands. */
    int apply(Path out, PrintStream stdout, PrintStream stderr) {
        try {
            DecisionFile decisions =
                    DecisionFile.parse(TextFiles.read(file, DecisionFile.MAX_BYTES, "review file", "--review-file"));
            List<RunReview.Standing> standings =
                    RunReview.of("--out", out.toAbsolutePath().normalize()).apply(decisions, Instant.now());
            for (RunReview.Standing s : standings) {
                stdout.printf(
                        "%s%d approved, %d rejected, %d undecided%n",
                        s.folder().isEmpty() ? "" : s.folder() + ": ", s.approved(), s.rejected(), s.undecided());
                if (s.approved() == 0) {
                    stderr.println(
                            "warning: " + (s.folder().isEmpty() ? "the run" : s.folder()) + " has no approved image");
                }
            }
            stdout.println("Approved images are in " + out.resolve(RunReview.APPROVED_FOLDER));
            return 0;
        } catch (InvalidRequestException e) {
            stderr.println("error: " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
        } catch (IOException e) {
            stderr.println("error: " + e.getMessage());
            return ExitCodes.OTHER;
        }
    }
}
