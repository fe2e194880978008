package io.jenkins.plugins.dashscope.build;

import hudson.model.InvisibleAction;
import hudson.model.Run;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How each of a build's generations could be asked again, by output folder: its plan and its request as plain JSON
 * (paths, never file contents, never the key), kept with the build so that a reviewer's <em>Regenerate</em> sends
 * the same request after a restart too. Saved with the build when its generations are recorded.
 */
public final class RetakeForms extends InvisibleAction {

    private final Map<String, String> forms = new ConcurrentHashMap<>();

    /** The build's forms, added if need be. */
    public static synchronized RetakeForms of(Run<?, ?> run) {
        RetakeForms f = run.getAction(RetakeForms.class);
        if (f == null) {
            f = new RetakeForms();
            run.addAction(f);
        }
        return f;
    }

    /** Records how the generation in {@code outputDir} was asked; a later one in the same folder replaces it. */
    public void put(String outputDir, String form) {
        forms.put(outputDir, form);
    }

    /** How to ask again for the one in {@code outputDir}; null when the build does not know. */
    public static String of(Run<?, ?> run, String outputDir) {
        RetakeForms f = run.getAction(RetakeForms.class);
        return f == null ? null : f.forms.get(outputDir);
    }
}
