package io.jenkins.plugins.dashscope.build;

import hudson.model.InvisibleAction;
import hudson.model.Run;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.RunAction2;

/**
 * Which output folder each generation of a build holds (its images and its {@code manifest.json}), so two
 * parallel branches cannot overwrite each other's images; saved with the build so a restart keeps the claims.
 * The list is replaced, never changed in place, so {@code Run.save()} on another thread always writes a
 * consistent one.
 */
public final class OutputClaims extends InvisibleAction implements RunAction2 {

    private volatile List<String> folders = new ArrayList<>();
    // set when the build loads or attaches this action, read by the synchronized claims on other threads
    private transient volatile Run<?, ?> run;

    /** The build's claims, added on first use. */
    public static OutputClaims of(Run<?, ?> run) {
        return BuildActions.of(run, OutputClaims.class, OutputClaims::new);
    }

    /** Holds a folder for one generation; false if another generation of this build holds it. */
    public synchronized boolean claim(String outputDir) throws IOException {
        if (folders.contains(outputDir)) {
            return false;
        }
        List<String> next = new ArrayList<>(folders);
        next.add(outputDir);
        folders = next;
        run.save();
        return true;
    }

    public synchronized void release(String outputDir) throws IOException {
        if (folders.contains(outputDir)) {
            List<String> next = new ArrayList<>(folders);
            next.remove(outputDir);
            folders = next;
            run.save();
        }
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
