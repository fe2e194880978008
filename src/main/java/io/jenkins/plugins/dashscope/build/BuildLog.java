package io.jenkins.plugins.dashscope.build;

import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import java.io.IOException;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/** The plugin's lines in a build's log, each marked as the plugin's. */
@Restricted(NoExternalUse.class)
public final class BuildLog {

    private static final String PREFIX = "[dashscope] ";

    private BuildLog() {}

    /** Where the plugin's documentation of every failure code lives. */
    public static final String TROUBLESHOOTING =
            "https://github.com/jenkinsci/dashscope-image-plugin/blob/main/docs/troubleshooting.md";

    public static void line(TaskListener listener, String text) {
        listener.getLogger().println(PREFIX + text);
    }

    /** A line that ends in a link; {@code url} starting with {@code /} is under Jenkins' root URL. */
    public static void link(TaskListener listener, String text, String url, String linkText) throws IOException {
        listener.getLogger().print(PREFIX + text);
        listener.hyperlink(url, linkText);
        listener.getLogger().println();
    }

    /** For a service's failure: where its code is explained. Other failures name their field and need no page. */
    public static void troubleshooting(TaskListener listener, Throwable failure) {
        if (failure instanceof DashScopeException d) {
            try {
                link(
                        listener,
                        Messages.BuildLog_Troubleshooting(
                                        d.code() != null ? d.code() : d.kind().name()) + " ",
                        TROUBLESHOOTING,
                        "docs/troubleshooting.md");
            } catch (IOException e) {
                failure.addSuppressed(e); // the failure itself is still reported
            }
        }
    }

    /** The last line of a step: where its images are shown, at {@code outputDir}'s section if not null. */
    public static void gallery(TaskListener listener, Run<?, ?> run, String outputDir) throws IOException {
        link(
                listener,
                Messages.BuildLog_Gallery() + " ",
                "/" + run.getUrl() + GeneratedImagesAction.URL_NAME + "/"
                        + (outputDir == null ? "" : "#" + GeneratedImagesAction.anchor(outputDir)),
                run.getFullDisplayName() + " › " + Messages.GeneratedImagesAction_DisplayName());
    }
}
