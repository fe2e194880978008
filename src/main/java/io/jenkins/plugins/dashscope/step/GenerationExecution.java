package io.jenkins.plugins.dashscope.step;

import io.jenkins.plugins.dashscope.config.DashScopeService;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.util.concurrent.CompletableFuture;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The execution of {@code generateImage} and {@code generateImages}. Planning (reading inputs on the agent, uploads)
 * runs as {@link GeneralNonBlockingStepExecution}'s background block; the tasks then wait on the engine's timers, so
 * no thread is held while DashScope works. A restart waits while something is being paid for that it would lose (the
 * block, an upload, a create call not yet answered); a saved task resumes after one and is never submitted again.
 * The generations themselves are its {@link GenerationDriver}'s; this class is what is particular to a step.
 *
 * <p>program.dat never holds this class: it is written as a {@link SavedGeneration}, plain values in a versioned
 * form ({@link StateForm}), so the classes of the core and of this plugin can change under a running build.
 */
public final class GenerationExecution extends GeneralNonBlockingStepExecution {

    private static final long serialVersionUID = 1L;

    /** The step's start; null after a restart, when the step is gone and only the state remains. */
    private final transient StepLaunch launch;

    private final transient GenerationState state;
    private final transient GenerationDriver driver;
    private transient boolean completed;

    GenerationExecution(StepContext context, StepLaunch launch) {
        this(context, launch, launch.newState());
    }

    private GenerationExecution(StepContext context, StepLaunch launch, GenerationState state) {
        super(context);
        this.launch = launch;
        this.state = state;
        this.driver = new GenerationDriver(state, launch != null, context::saveState);
    }

    /** A step resumed from its saved state after a restart. */
    public static GenerationExecution restored(StepContext context, GenerationState state) {
        return new GenerationExecution(context, null, state);
    }

    /** What program.dat keeps instead of this execution (a serialization proxy). */
    private Object writeReplace() {
        return new SavedGeneration(getContext(), StateForm.write(state));
    }

    /** Never read as itself: a stream that claims to hold one was not written by {@link #writeReplace}. */
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a generation step is saved as " + SavedGeneration.class.getName());
    }

    @Override
    public boolean start() {
        state.deadlineMillis(DashScopeService.get().deadline(launch.timeout()).toEpochMilli());
        run(() -> end(driver.begin(getContext(), launch)));
        return false;
    }

    /** Not the base class's: this step's saved form never holds a running block, and it resumes its tasks. */
    @Override
    public void onResume() {
        run(() -> end(driver.resume(getContext())));
    }

    private void end(CompletableFuture<Object> value) {
        value.whenComplete((v, t) -> {
            if (t == null) {
                succeed(v);
            } else {
                fail(t);
            }
        });
    }

    /** Also while planning runs in the base class's block, and while any upload or create call is unanswered. */
    @Override
    public boolean blocksRestart() {
        return super.blocksRestart() || driver.busy();
    }

    /** The stop's cause is the step's outcome; the cancelled generations' own failures must not win. */
    @Override
    public void stop(Throwable cause) throws Exception {
        if (once()) {
            super.stop(cause);
        }
        driver.stop();
    }

    @Override
    public String getStatus() {
        return state.status();
    }

    private void succeed(Object value) {
        if (once()) {
            getContext().onSuccess(value);
        }
    }

    private void fail(Throwable t) {
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
