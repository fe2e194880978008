package io.jenkins.plugins.dashscope;

import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * What {@code generateImage} and {@code generateImages} share as step executions: the context takes one
 * outcome (a stop and the cancelled generation would otherwise both report), and a stop reports its cause
 * before it cancels what is under way, whose own failure must not win.
 */
abstract class GenerationStepExecution extends StepExecution {

    private static final long serialVersionUID = 1L;

    /** Set by {@link #stop}; work started afterwards cancels itself at once. */
    protected transient volatile boolean stopped;

    private transient boolean completed;

    GenerationStepExecution(StepContext context) {
        super(context);
    }

    /** Cancels what is under way; the engine cancels a task still PENDING on the server. */
    protected abstract void cancelRunning();

    /**
     * Whether something may be paid for that a restart would lose: inputs on their way, a create call not yet
     * answered, a task not yet saved. A waiting task is saved and resumes after a restart, so it does not block one.
     */
    protected abstract boolean sending();

    @Override
    public final boolean blocksRestart() {
        return sending();
    }

    @Override
    public final void stop(Throwable cause) {
        stopped = true;
        fail(cause);
        cancelRunning();
    }

    protected final void succeed(Object value) {
        if (once()) {
            getContext().onSuccess(value);
        }
    }

    protected final void fail(Throwable t) {
        if (once()) {
            getContext().onFailure(t);
        }
    }

    private synchronized boolean once() {
        boolean first = !completed;
        completed = true;
        return first;
    }
}
