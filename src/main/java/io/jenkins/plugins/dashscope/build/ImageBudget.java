package io.jenkins.plugins.dashscope.build;

import hudson.AbortException;
import hudson.model.InvisibleAction;
import hudson.model.Run;
import io.jenkins.plugins.dashscope.Messages;
import java.io.IOException;
import jenkins.model.RunAction2;

/**
 * How many images this build has committed to pay for, against the administrator's {@code maxImagesPerBuild}.
 * A generation reserves its images before it is sent, so parallel branches cannot together pass the limit;
 * saved with the build so a restart keeps the count. Reused images and dry runs reserve nothing.
 */
public final class ImageBudget extends InvisibleAction implements RunAction2 {

    private int reserved;
    private transient Run<?, ?> run;

    public static ImageBudget of(Run<?, ?> run) {
        return BuildActions.of(run, ImageBudget.class, ImageBudget::new);
    }

    /**
     * Reserves {@code images}, or refuses naming the limit when they would pass it.
     *
     * @param limit the most images a build may pay for; 0 for no limit
     */
    public synchronized void reserve(int images, int limit) throws IOException {
        if (limit > 0 && reserved + images > limit) {
            throw new AbortException(Messages.ImageBudget_Exceeded(images, limit, reserved));
        }
        reserved += images;
        run.save();
    }

    public synchronized int reserved() {
        return reserved;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }
}
