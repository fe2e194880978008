package io.jenkins.plugins.dashscope.core.cli;

import io.jenkins.plugins.dashscope.core.wait.RunTimeHistory;
import io.jenkins.plugins.dashscope.core.wait.ServiceTimeEstimator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --history} and {@code --no-history}: the run times this CLI learned, kept for its next run, so a release job
 * that calls it once per asset waits as a controller with history does. A simulated run neither reads nor writes it.
 */
final class HistoryFlags {

    @Option(
            names = "--history",
            order = 110,
            paramLabel = "FILE",
            description = "Where learned task run times are kept between runs "
                    + "(default: $XDG_CACHE_HOME or ~/.cache, then dashscope-image/run-times.json); no key is written.")
    Path file;

    @Option(names = "--no-history", order = 110, description = "Neither read nor write the run-time history.")
    boolean off;

    /** The history read into {@code estimator} now, written back when the run closes it. */
    interface Kept extends AutoCloseable {
        @Override
        void close();
    }

    Kept keep(ServiceTimeEstimator estimator, Map<String, String> env, boolean simulated, PrintStream stderr) {
        if (off || simulated) {
            return () -> {};
        }
        RunTimeHistory history = new RunTimeHistory(
                file != null ? file : RunTimeHistory.defaultFile(env, Path.of(System.getProperty("user.home"))));
        history.loadInto(estimator);
        long learned = estimator.changes();
        return () -> {
            if (estimator.changes() == learned) {
                return; // nothing new: the file stays as it was
            }
            try {
                history.save(estimator);
            } catch (IOException | RuntimeException e) {
                // the images are made; only the next run's first queries are lost
                stderr.println("warning: cannot write the run-time history " + history.file() + ": " + e.getMessage());
            }
        };
    }
}
