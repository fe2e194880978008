package io.jenkins.plugins.dashscope.usage;

import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.dashscope.build.BuildLog;
import io.jenkins.plugins.dashscope.config.DashScopeConfiguration;
import io.jenkins.plugins.dashscope.core.ledger.Payer;
import io.jenkins.plugins.dashscope.core.ledger.UsageAccount;

/** A build's account in the controller's usage ledger: charged to its job, under every quota over the job. */
public final class BuildAccount {

    private BuildAccount() {}

    /** {@code listener} hears when the ledger cannot be written; the build goes on. */
    public static UsageAccount of(Run<?, ?> run, TaskListener listener) {
        return UsageAccount.of(
                UsageStore.get().ledger(),
                new Payer(run.getParent().getFullName(), run.getNumber()),
                Quotas.over(run.getParent()),
                DashScopeConfiguration.get().priceTable(),
                problem -> BuildLog.line(listener, "warning: " + problem));
    }
}
