package io.jenkins.plugins.dashscope.usage;

import hudson.Extension;
import hudson.ExtensionList;
import io.jenkins.plugins.dashscope.config.DashScopeConfiguration;
import io.jenkins.plugins.dashscope.core.ledger.UsageLedger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import jenkins.model.Jenkins;

/**
 * The controller's usage ledger, in {@code $JENKINS_HOME/dashscope-usage}: opened on first use, months counted in
 * the controller's time zone, kept line by line for the administrator's retention.
 */
@Extension
public final class UsageStore {

    static final String FOLDER = "dashscope-usage";

    private UsageLedger ledger;
    private int retention;

    public static UsageStore get() {
        return ExtensionList.lookupSingleton(UsageStore.class);
    }

    /** The ledger, with the retention the settings hold now. */
    public synchronized UsageLedger ledger() {
        int months = DashScopeConfiguration.get().getUsageRetentionMonths();
        if (ledger == null) {
            Path dir = Jenkins.get().getRootDir().toPath().resolve(FOLDER);
            ledger = UsageLedger.open(dir, Clock.systemDefaultZone(), ZoneId.systemDefault(), months);
        } else if (months != retention) {
            ledger.retain(months);
        }
        retention = months;
        return ledger;
    }
}
