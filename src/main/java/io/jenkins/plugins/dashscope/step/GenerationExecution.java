package io.jenkins.plugins.dashscope.step;

import hudson.model.Computer;
import io.jenkins.plugins.dashscope.config.DashScopeService;
import io.jenkins.plugins.dashscope.core.batch.BatchOutcome;
import io.jenkins.plugins.dashscope.core.batch.BatchRun;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.generation.SubmittedTask;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.spec.Variant;
import io.jenkins.plugins.dashscope.workspace.BuildFailure;
import io.jenkins.plugins.dashscope.workspace.WorkspaceBatchHost;
import io.jenkins.plugins.dashscope.workspace.WorkspaceGeneration;
import io.jenkins.plugins.dashscope.workspace.WorkspacePlan;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The execution of {@code generateImage} and {@code generateImages}. Planning (reading inputs on the agent, uploads)
 * runs as {@link GeneralNonBlockingStepExecution}'s background block; the tasks then wait on the engine's timers, so
 * no thread is held while DashScope works. A restart waits while something is being paid for that it would lose (the
 * block, an upload, a create call not yet answered); a saved task resumes after one and is never submitted again.
 *
 * <p>program.dat never holds this class: it is written as a {@link SavedGeneration}, plain values in a versioned
 * form ({@link StateForm}), so the classes of the core and of this plugin can change under a running build.
 */
public final class GenerationExecution extends GeneralNonBlockingStepExecution {

    private static final long serialVersionUID = 1L;

    /** The step's start; null after a restart, when the step is gone and only the state remains. */
    private final transient StepLaunch launch;

    private final transient GenerationState state;
    private final transient StepReport report;

    /** The generations whose task is not saved yet and which have not ended: a restart would lose what they pay. */
    private final transient Set<Integer> sending = ConcurrentHashMap.newKeySet();

    private transient volatile boolean planning;
    private transient volatile Runnable cancel;
    private transient volatile boolean stopped;
    private transient boolean completed;

    GenerationExecution(StepContext context, StepLaunch launch) {
        this(context, launch, launch.newState());
    }

    private GenerationExecution(StepContext context, StepLaunch launch, GenerationState state) {
        super(context);
        this.launch = launch;
        this.state = state;
        this.report = state.set() != null ? state.set() : SingleReport.INSTANCE;
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
        planning = true;
        state.deadlineMillis(DashScopeService.get().deadline(launch.timeout()).toEpochMilli());
        run(this::begin);
        return false;
    }

    /** Not the base class's: this step's saved form never holds a running block, and it resumes its tasks. */
    @Override
    public void onResume() {
        run(this::resume);
    }

    private void begin() {
        List<WorkspaceGeneration> jobs = Collections.synchronizedList(new ArrayList<>());
        try {
            StepContext ctx = getContext();
            BatchRun.Running running;
            try {
                running = launch.start(ctx, (index, item) -> jobFor(ctx, jobs, index, item), new States(), deadline());
                state.planningDone();
                ctx.saveState();
            } finally {
                planning = false;
            }
            watch(jobs, running);
        } catch (Throwable t) {
            sending.clear(); // nothing more will be sent; the batch gave back every output folder it had claimed
            fail(BuildFailure.of(function(), t));
        }
    }

    private void resume() {
        List<WorkspaceGeneration> jobs = new ArrayList<>();
        try {
            watch(jobs, StepResume.resume(getContext(), state, jobs));
        } catch (Throwable t) {
            fail(BuildFailure.of(function(), t));
        }
    }

    private void watch(List<WorkspaceGeneration> jobs, BatchRun.Running running) {
        cancel = running.cancel();
        if (stopped) {
            running.cancel().run();
        }
        running.outcomes().whenCompleteAsync((outcomes, t) -> end(jobs, outcomes, t), Computer.threadPoolForRemoting);
    }

    private void end(List<WorkspaceGeneration> jobs, List<BatchOutcome> outcomes, Throwable t) {
        sending.clear();
        if (t != null) {
            fail(BuildFailure.of(function(), t));
            return;
        }
        try {
            succeed(report.finish(getContext(), List.copyOf(jobs), outcomes));
        } catch (Throwable e) {
            fail(e);
        }
    }

    /** A generation of the batch in its folder, recorded in the state before anything is sent for it. */
    private WorkspaceGeneration jobFor(StepContext ctx, List<WorkspaceGeneration> jobs, int index, Variant item)
            throws IOException, InterruptedException {
        WorkspacePlan plan = launch.planFor(item);
        state.add(index, VariantProgress.planned(plan, item.values()));
        sending.add(index);
        WorkspaceGeneration job = WorkspaceGeneration.of(ctx, plan, index);
        jobs.add(job);
        return job;
    }

    /** How the workspace host records the generations in this execution's state. */
    private final class States implements WorkspaceBatchHost.States {
        @Override
        public void reused(int index, GenerationResult result) {
            state.reused(index, new ManifestStore().toJson(result.manifest()));
            sending.remove(index);
        }

        /** Saves the task before anything else can happen to it; a synchronous call is still under way. */
        @Override
        public void submitted(int index, SubmittedTask task) {
            state.submitted(index, task);
            getContext().saveState();
            if (task.taskId() != null) {
                sending.remove(index);
            }
        }

        @Override
        public void ended(int index) {
            sending.remove(index);
        }
    }

    private Instant deadline() {
        return Instant.ofEpochMilli(state.deadlineMillis());
    }

    private String function() {
        return state.set() != null
                ? GenerateImagesStep.DescriptorImpl.FUNCTION
                : GenerateImageStep.DescriptorImpl.FUNCTION;
    }

    /** Also while planning runs in the base class's block, and while any upload or create call is unanswered. */
    @Override
    public boolean blocksRestart() {
        return super.blocksRestart() || planning || !sending.isEmpty();
    }

    /** The stop's cause is the step's outcome; the cancelled generations' own failures must not win. */
    @Override
    public void stop(Throwable cause) throws Exception {
        stopped = true;
        if (once()) {
            super.stop(cause);
        }
        Runnable c = cancel;
        if (c != null) {
            c.run();
        }
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
