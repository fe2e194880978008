package io.jenkins.plugins.dashscope.usage;

import hudson.model.Computer;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.dashscope.build.BuildLog;
import io.jenkins.plugins.dashscope.config.DashScopeConfiguration;
import io.jenkins.plugins.dashscope.core.ledger.Payer;
import io.jenkins.plugins.dashscope.core.ledger.UsageAccount;
import java.util.function.Consumer;

/** A build's account in the controller's usage ledger: charged to its job, under every quota over the job. */
public final class BuildAccount {

    private BuildAccount() {}

    /** {@code listener} hears when the ledger cannot be written; the build goes on. */
    public static UsageAccount of(Run<?, ?> run, TaskListener listener) {
        return of(run, line -> BuildLog.line(listener, line));
    }

    /** {@code log} takes a line of the build's log (a generation's own). */
    public static UsageAccount of(Run<?, ?> run, Consumer<String> log) {
        return UsageAccount.of(
                UsageStore.get().ledger(),
                new Payer(run.getParent().getFullName(), run.getNumber()),
                Quotas.over(run.getParent()),
                DashScopeConfiguration.get().priceTable(),
                problem -> log.accept("warning: " + problem),
                Computer.threadPoolForRemoting); // settlements wait for the disk: never on an engine's thread
    }
}
