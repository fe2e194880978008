package io.jenkins.plugins.dashscope.core.cli;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.ledger.ManifestUsage;
import io.jenkins.plugins.dashscope.core.ledger.Quota;
import io.jenkins.plugins.dashscope.core.ledger.UsageReport;
import io.jenkins.plugins.dashscope.core.ledger.UsageText;
import io.jenkins.plugins.dashscope.core.usage.PriceTable;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * {@code --usage}: the spending summary of a folder of manifests (earlier runs, archived builds) instead of
 * generating, drawn as the Jenkins usage page draws the ledger: per month, folder and model, priced by {@code --prices}.
 * Nothing is sent.
 */
final class UsageFlags {

    @Option(
            names = "--usage",
            order = 96,
            paramLabel = "DIR",
            description = "Print what the manifests in DIR (and its folders, a few levels deep) paid for, reused and "
                    + "lost, per month, folder and model, with estimates by --prices, instead of generating.")
    Path dir;

    boolean given() {
        return dir != null;
    }

    int print(Supplier<PriceTable> prices, PrintStream stdout, PrintStream stderr) {
        try {
            UsageReport report = UsageReport.of(
                    ManifestUsage.scan(
                            dir.toAbsolutePath().normalize(),
                            "usage",
                            prices.get(),
                            ZoneId.systemDefault(),
                            Instant.now()),
                    Quota.Scope.GLOBAL,
                    List.of());
            UsageText.print(report, stdout);
            return 0;
        } catch (InvalidRequestException e) {
            stderr.println("error: " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
        }
    }
}
