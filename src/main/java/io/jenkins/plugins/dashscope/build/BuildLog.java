package io.jenkins.plugins.dashscope.build;

import hudson.model.TaskListener;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/** The plugin's lines in a build's log, each marked as the plugin's. */
@Restricted(NoExternalUse.class)
public final class BuildLog {

    private static final String PREFIX = "[dashscope] ";

    private BuildLog() {}

    public static void line(TaskListener listener, String text) {
        listener.getLogger().println(PREFIX + text);
    }
}
