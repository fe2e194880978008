package io.jenkins.plugins.dashscope.config;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.init.Terminator;
import hudson.model.PeriodicWork;
import io.jenkins.plugins.dashscope.core.wait.RunTimeHistory;
import io.jenkins.plugins.dashscope.core.wait.ServiceTimeEstimator;
import java.io.File;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/**
 * The controller's learned run times kept across restarts, in {@code JENKINS_HOME/dashscope-image/run-times.json}:
 * read when the service starts, written each minute when something new was learned and when Jenkins stops. The file
 * holds endpoints, models and milliseconds only.
 */
@Extension
public final class RunTimes extends PeriodicWork {

    private static final Logger LOGGER = Logger.getLogger(RunTimes.class.getName());

    private long saved = -1;

    static RunTimeHistory history() {
        return new RunTimeHistory(new File(Jenkins.get().getRootDir(), "dashscope-image/run-times.json").toPath());
    }

    @Override
    public long getRecurrencePeriod() {
        return TimeUnit.MINUTES.toMillis(1);
    }

    @Override
    protected void doRun() {
        save();
    }

    /** Writes the history when it changed since the last write; a failure is logged, never thrown. */
    public synchronized void save() {
        ServiceTimeEstimator estimator = DashScopeService.get().estimator();
        long changes = estimator.changes();
        if (changes == saved) {
            return;
        }
        try {
            history().save(estimator);
            saved = changes;
        } catch (IOException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "Cannot write the DashScope run-time history", e);
        }
    }

    @Terminator
    public static void saveAtShutdown() {
        ExtensionList.lookupSingleton(RunTimes.class).save();
    }
}
