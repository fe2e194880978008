package io.jenkins.plugins.dashscope.build;

import hudson.model.Action;
import hudson.model.Run;
import java.util.function.Supplier;

/** The plugin's actions on a build are added on first use, once, however many branches ask at the same moment. */
final class BuildActions {

    private BuildActions() {}

    static <T extends Action> T of(Run<?, ?> run, Class<T> type, Supplier<T> create) {
        synchronized (run) {
            T action = run.getAction(type);
            if (action == null) {
                action = create.get();
                run.addAction(action);
            }
            return action;
        }
    }
}
