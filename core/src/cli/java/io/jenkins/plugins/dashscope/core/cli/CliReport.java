package io.jenkins.plugins.dashscope.core.cli;

import io.jenkins.plugins.dashscope.core.download.SavedImage;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.usage.PriceTable;
import io.jenkins.plugins.dashscope.core.usage.UsageSummary;
import java.io.PrintStream;
import java.util.List;

/**
 * What the CLI prints when a single generation ends: the usage, the files (or the manifest as JSON), a warning for
 * failed images; and the exit code that goes with it.
 */
record CliReport(PrintStream stdout, PrintStream stderr, boolean simulate, boolean json, boolean allowPartial) {

    int single(GenerationResult result, PriceTable prices) {
        stderr.println("[dashscope] usage: "
                + UsageSummary.of(List.of(result.manifest()), simulate).describe(prices));
        for (SavedImage img : result.images()) {
            if (!json) {
                stdout.println(img.file());
            }
        }
        if (!json) {
            result.finishedFiles().forEach(stdout::println);
        }
        if (json) {
            stdout.println(new ManifestStore().toJson(result.manifest()));
        } else {
            stdout.println(result.manifestFile());
        }
        if (!result.failures().isEmpty()) {
            stderr.println("warning: " + result.failures().size() + " of "
                    + (result.failures().size() + result.images().size()) + " image(s) failed; see "
                    + result.manifestFile());
            return allowPartial ? ExitCodes.DONE : ExitCodes.PARTIAL;
        }
        return ExitCodes.DONE;
    }
}
