package io.jenkins.plugins.dashscope;

import hudson.AbortException;
import hudson.model.Computer;
import io.jenkins.plugins.dashscope.core.generation.SubmittedTask;
import java.time.Instant;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs {@code generateImage} without holding a thread while the task waits: {@code start()} only hands
 * off to a pool; the core engine's wait is timer-driven. As {@code SleepStep}'s execution does, it keeps the
 * step transient and saves only what a restart needs: the deadline, the {@link StepPlan} and the submitted task
 * as plain values, saved as soon as the task exists, so {@link #onResume()} waits on the same task and never
 * submits again.
 */
final class GenerateImageExecution extends GenerationStepExecution {

    private static final long serialVersionUID = 2L;

    /** Only for {@link #start()}: the request is sent by then, and a restart needs just the plan. */
    private final transient GenerateImageStep step;

    private final StepPlan plan;
    private long deadlineMillis;
    private String taskId;
    private String requestId;
    private String model;
    private String api;
    private int requested;
    private long submittedAtMillis;
    private String requestJson;
    private String fingerprint;

    private transient volatile Runnable cancel;

    /** From {@link #start()} until the task is saved or the generation has ended; false after a restart. */
    private transient volatile boolean sending;

    GenerateImageExecution(StepContext context, GenerateImageStep step) {
        super(context);
        this.step = step;
        this.plan = StepPlan.of(step);
    }

    @Override
    public boolean start() {
        sending = true;
        deadlineMillis = DashScopeService.get().deadline(step.getTimeout()).toEpochMilli();
        Computer.threadPoolForRemoting.submit(() -> run(false));
        return false;
    }

    @Override
    public void onResume() {
        Computer.threadPoolForRemoting.submit(() -> run(true));
    }

    private void run(boolean resuming) {
        WorkspaceGeneration job = null;
        try {
            StepContext ctx = getContext();
            job = WorkspaceGeneration.of(ctx, plan);
            Instant deadline = Instant.ofEpochMilli(deadlineMillis);
            WorkspaceGeneration.Running running;
            if (!resuming) {
                running = SingleGeneration.start(job, step, Map.of(), deadline, this::submitted);
            } else if (taskId != null && !plan.dryRun) {
                running = job.resume(
                        new SubmittedTask(
                                taskId, requestId, model, api, requested, submittedAtMillis, requestJson, fingerprint),
                        deadline);
            } else {
                job.holdSavedClaim();
                throw new AbortException(
                        plan.dryRun
                                ? Messages.GenerateImageExecution_RestartDuringDryRun()
                                : requestJson == null
                                        ? Messages.GenerateImageExecution_RestartBeforeSubmit()
                                        : Messages.GenerateImageExecution_RestartDuringSyncCall());
            }
            watch(job, running);
        } catch (Throwable t) {
            sending = false;
            fail(job == null ? t : job.failure(t));
        }
    }

    private void watch(WorkspaceGeneration job, WorkspaceGeneration.Running running) {
        cancel = running.cancel();
        if (stopped) {
            running.cancel().run();
        }
        running.result()
                .whenCompleteAsync(
                        (result, t) -> {
                            sending = false;
                            if (t != null) {
                                fail(job.failure(t));
                                return;
                            }
                            try {
                                succeed(job.finish(result));
                            } catch (Throwable e) {
                                fail(job.failure(e));
                            }
                        },
                        Computer.threadPoolForRemoting);
    }

    /** Persists what a restart needs before anything else can happen to the task. */
    private void submitted(SubmittedTask task) {
        taskId = task.taskId();
        requestId = task.requestId();
        model = task.model();
        api = task.api();
        requested = task.requested();
        submittedAtMillis = task.submittedAtMillis();
        requestJson = task.requestJson();
        fingerprint = task.fingerprint();
        getContext().saveState();
        sending = false;
    }

    @Override
    protected boolean sending() {
        return sending;
    }

    @Override
    protected void cancelRunning() {
        Runnable c = cancel;
        if (c != null) {
            c.run();
        }
    }

    @Override
    public String getStatus() {
        return taskId == null ? "preparing, queued for the key or submitting" : "waiting for DashScope task " + taskId;
    }
}
