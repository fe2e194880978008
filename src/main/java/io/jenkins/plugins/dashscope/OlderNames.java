package io.jenkins.plugins.dashscope;

import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.model.Items;
import hudson.model.Run;
import hudson.util.XStream2;
import io.jenkins.plugins.dashscope.build.GeneratedImagesAction;
import io.jenkins.plugins.dashscope.build.ImageBudget;
import io.jenkins.plugins.dashscope.build.OutputClaims;
import io.jenkins.plugins.dashscope.config.DashScopeConfiguration;
import io.jenkins.plugins.dashscope.freestyle.GenerateImageBuilder;
import io.jenkins.plugins.dashscope.step.DerivedOutput;
import io.jenkins.plugins.dashscope.step.GenerateImageStep;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The class names that earlier versions, whose classes all lived in this package, wrote into XML: build records
 * ({@code build.xml}), job configurations ({@code config.xml}) and the global settings. Registered before any of
 * them is read, so they load into the classes' present homes.
 */
@Restricted(NoExternalUse.class)
public final class OlderNames {

    static final String PACKAGE = "io.jenkins.plugins.dashscope.";

    private OlderNames() {}

    @Initializer(before = InitMilestone.PLUGINS_STARTED)
    public static void register() {
        alias(
                Run.XSTREAM2,
                GeneratedImagesAction.class,
                GeneratedImagesAction.Entry.class,
                GeneratedImagesAction.Entry.Image.class,
                GeneratedImagesAction.Entry.Derived.class,
                GeneratedImagesAction.Entry.Failure.class,
                OutputClaims.class,
                ImageBudget.class);
        alias(Items.XSTREAM2, GenerateImageBuilder.class, GenerateImageStep.class, DerivedOutput.class);
        alias(Jenkins.XSTREAM2, DashScopeConfiguration.class);
    }

    private static void alias(XStream2 xstream, Class<?>... moved) {
        for (Class<?> c : moved) {
            xstream.addCompatibilityAlias(olderName(c), c);
        }
    }

    /** What an earlier version called {@code c}: the same nested name, directly in this package. */
    static String olderName(Class<?> c) {
        String name = c.getName();
        return PACKAGE + name.substring(name.lastIndexOf('.') + 1);
    }
}
