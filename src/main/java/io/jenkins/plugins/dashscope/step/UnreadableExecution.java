package io.jenkins.plugins.dashscope.step;

import hudson.AbortException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * A generation step whose saved state this code cannot read (written by a newer version of the plugin): it fails when
 * the build resumes, saying why, rather than guess at the tasks and pay again.
 */
final class UnreadableExecution extends StepExecution {

    private static final long serialVersionUID = 1L;

    private final String why;

    UnreadableExecution(StepContext context, String why) {
        super(context);
        this.why = why;
    }

    @Override
    public boolean start() {
        throw new IllegalStateException("only ever resumed");
    }

    @Override
    public void onResume() {
        getContext().onFailure(new AbortException(why));
    }
}
