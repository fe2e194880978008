package io.jenkins.plugins.dashscope.core.generation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.TaskSnapshot;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.ErrorKind;
import io.jenkins.plugins.dashscope.core.common.PathNames;
import io.jenkins.plugins.dashscope.core.gate.RateGate;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import io.jenkins.plugins.dashscope.core.request.ImageRole;
import io.jenkins.plugins.dashscope.core.request.ValidatedRequest;
import io.jenkins.plugins.dashscope.core.wait.Retrier;
import io.jenkins.plugins.dashscope.core.wait.RetrySettings;
import io.jenkins.plugins.dashscope.core.wait.Scheduler;
import io.jenkins.plugins.dashscope.core.wait.TaskWaiter;
import io.jenkins.plugins.dashscope.core.wait.WaitOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One generation from its request to its delivered result, holding what every phase needs (key, gate,
 * listener, deadline, delivery) so the phases take only what they produce for each other.
 */
final class GenerationRun {

    private final GenerationEngine engine;
    private final ApiKey key;
    private final Instant deadline;
    private final GenerationListener listener;
    private final Delivery delivery;
    /** Whose turn at the model's slots this generation waits in (a build, for a host that has builds). */
    private final Object owner;
    /** The model's gate for this key; null until {@link #start} knows the model (a resume never submits). */
    private RateGate gate;

    private final Clock clock;
    private final Executor worker;
    private final Generation g = new Generation();

    GenerationRun(
            GenerationEngine engine,
            ApiKey key,
            Instant deadline,
            GenerationListener listener,
            Delivery delivery,
            Object owner) {
        this.engine = engine;
        this.owner = owner;
        this.key = key;
        this.deadline = deadline;
        this.listener = listener;
        this.delivery = delivery;
        this.clock = engine.runtime().clock();
        this.worker = engine.runtime().worker();
    }

    Generation generation() {
        return g;
    }

    Generation start(PreparedRequest prepared, Consumer<SubmittedTask> onSubmitted) {
        ValidatedRequest v = prepared.request();
        gate = engine.runtime().gates().gateFor(engine.settings().endpoint(), key, v.model());
        listener.on(new GenerationEvent.Validated(v.model(), v.family().id(), v.imageCount()));
        return run(upload(prepared)
                .thenComposeAsync(
                        urls -> {
                            ObjectNode body = engine.encoder.encode(v, urls);
                            // Our uploads and the caller's own oss:// URLs both need the server to resolve them.
                            boolean oss = urls.values().stream().anyMatch(u -> u.startsWith("oss://"));
                            Call call =
                                    new Call(v, body, oss, RequestRecords.of(prepared, body), prepared.fingerprint());
                            return acquireSlot()
                                    .thenComposeAsync(
                                            slot -> submit(call)
                                                    .whenComplete((s, t) -> {
                                                        if (t != null) {
                                                            slot.release();
                                                        }
                                                    })
                                                    .thenComposeAsync(
                                                            s -> {
                                                                onSubmitted.accept(s.task());
                                                                listener.on(new GenerationEvent.Submitted(s.task()));
                                                                return afterSubmit(s, slot);
                                                            },
                                                            worker),
                                            worker);
                        },
                        worker));
    }

    Generation resume(SubmittedTask task) {
        engine.runtime().claims().claim(task.taskId());
        return run(waitFor(task).thenComposeAsync(outcome -> finish(task, outcome), worker));
    }

    /** Completes the generation with {@code work}, or with a timeout at the deadline, whichever comes first. */
    private Generation run(CompletableFuture<GenerationResult> work) {
        Duration left = Duration.between(clock.instant(), deadline);
        Scheduler.Scheduled timer = engine.runtime()
                .scheduler()
                .schedule(
                        () -> g.fail(DashScopeException.of(
                                ErrorKind.TIMEOUT, "the generation did not finish by its deadline")),
                        left.isNegative() ? Duration.ZERO : left);
        g.completeWith(work);
        work.whenComplete((r, t) -> timer.cancel());
        return g;
    }

    private CompletableFuture<Map<ImageRole, String>> upload(PreparedRequest p) {
        return engine.uploader.upload(key, p.request().model(), p.localImages()).thenApply(uploaded -> {
            p.localImages()
                    .forEach((role, img) -> listener.on(
                            new GenerationEvent.Uploaded(role.field(), PathNames.name(img.path()), img.bytes())));
            return RequestRecords.urls(p, uploaded);
        });
    }

    private CompletableFuture<RateGate.Slot> acquireSlot() {
        CompletableFuture<RateGate.Slot> slot = gate.acquireSlot(owner);
        if (!slot.isDone()) {
            listener.on(new GenerationEvent.Queued(gate.inFlight()));
        }
        g.whileRunning(() -> {
            slot.cancel(false);
            return CompletableFuture.completedFuture(null);
        });
        return slot;
    }

    private record Submission(SubmittedTask task, TaskSnapshot immediate) {}

    /** One create call's content, sent once or more. */
    private record Call(
            ValidatedRequest v, ObjectNode body, boolean oss, Manifest.RequestRecord record, String fingerprint) {
        SubmittedTask task(String taskId, String requestId, Instant sentAt) {
            return new SubmittedTask(
                    taskId,
                    requestId,
                    v.model(),
                    v.family().id(),
                    RequestRecords.requested(record),
                    sentAt.toEpochMilli(),
                    RequestRecords.json(record),
                    fingerprint);
        }
    }

    /**
     * Sends the create call, again only when {@link SubmitRule} proves the last one created nothing; a lost answer is
     * first looked up in the task list ({@link SubmitLookup}).
     */
    private CompletableFuture<Submission> submit(Call call) {
        RetrySettings retry = engine.settings().retry();
        return engine.runtime()
                .retrier()
                .<Submission, Submission>start(
                        () -> gate.submitPermit().thenComposeAsync(permit -> sendOnce(call, permit), worker),
                        (attempt, submission, failure) -> {
                            if (failure == null) {
                                return Retrier.Verdict.done(submission);
                            }
                            DashScopeException e = DashScopeException.from(failure);
                            Duration pause = RetrySettings.atLeast(
                                    retry.delay(attempt, engine.runtime().random()), e.retryAfter());
                            if (e.retryAfter() != null) {
                                // the server's word holds for every build on this model and key
                                gate.holdSubmits(e.retryAfter());
                            }
                            if (g.stopped()
                                    || !SubmitRule.mayResubmit(e, call.v().family())
                                    || attempt >= retry.maxAttempts()
                                    || clock.instant().plus(pause).isAfter(deadline)) {
                                return Retrier.Verdict.fail(e);
                            }
                            listener.on(new GenerationEvent.Retrying("submit", e.getMessage(), pause, attempt + 1));
                            return Retrier.Verdict.again(pause, e);
                        },
                        Retrier.Deadline.giveUpAt(deadline))
                .result();
    }

    private CompletableFuture<Submission> sendOnce(Call call, RateGate.SubmitPermit permit) {
        ValidatedRequest v = call.v();
        if (g.stopped()) {
            permit.sent();
            return CompletableFuture.failedFuture(DashScopeException.of(ErrorKind.CANCELLED, "stopped before submit"));
        }
        Duration timeout = null;
        if (!v.family().isAsync()) {
            Duration left = Duration.between(clock.instant(), deadline);
            Duration sync = engine.settings().syncTimeout();
            timeout = left.compareTo(sync) < 0 ? left : sync;
        }
        Instant sentAt = clock.instant();
        TaskClaims claims = engine.runtime().claims();
        claims.sending(v.model());
        return engine.client
                .create(key, v.family(), call.body(), call.oss(), timeout)
                .whenComplete((s, t) -> {
                    permit.sent();
                    if (s != null) {
                        claims.claim(s.taskId());
                    }
                    claims.answered(v.model());
                })
                .thenApply(s -> new Submission(
                        call.task(s.taskId(), s.requestId(), sentAt), v.family().isAsync() ? null : s))
                .exceptionallyCompose(t -> afterLostAnswer(call, DashScopeException.from(t), sentAt));
    }

    /** Adopts the task a failed submit created, or fails with what the task list says about it. */
    private CompletableFuture<Submission> afterLostAnswer(Call call, DashScopeException e, Instant sentAt) {
        String model = call.v().model();
        if (g.stopped() || !SubmitLookup.applies(e, call.v().family())) {
            return CompletableFuture.failedFuture(e);
        }
        return engine.lookup
                .find(key, new SubmitLookup.Sent(model, sentAt, clock.instant(), e.requestId()))
                .thenCompose(finding -> {
                    if (finding instanceof SubmitLookup.Found f) {
                        listener.on(new GenerationEvent.Adopted(f.task().taskId(), e.getMessage(), f.how()));
                        return CompletableFuture.completedFuture(new Submission(
                                call.task(f.task().taskId(), f.task().requestId(), sentAt), null));
                    }
                    return CompletableFuture.failedFuture(
                            finding instanceof SubmitLookup.Unclear u
                                    ? e.explained(u.note(), false)
                                    : e.explained(SubmitLookup.ABSENT, true));
                });
    }

    private CompletableFuture<GenerationResult> afterSubmit(Submission s, RateGate.Slot slot) {
        if (s.immediate() != null) {
            slot.release();
            g.reachedTerminal();
            Instant now = clock.instant();
            return finish(s.task(), new WaitOutcome(s.immediate(), 0, 0, now, now));
        }
        return waitFor(s.task())
                .whenComplete((o, t) -> slot.release())
                .thenComposeAsync(outcome -> finish(s.task(), outcome), worker);
    }

    private CompletableFuture<WaitOutcome> waitFor(SubmittedTask task) {
        TaskWaiter.Wait wait = engine.waiter.await(
                key,
                task.taskId(),
                task.model(),
                Instant.ofEpochMilli(task.submittedAtMillis()),
                deadline,
                snap -> listener.on(new GenerationEvent.StatusChanged(task.taskId(), snap.status(), snap.metrics())));
        // Stopping now means cancelling the wait, which cancels a PENDING task on the server.
        g.whileRunning(wait::cancel);
        return wait.result().whenComplete((o, t) -> {
            if (t == null) {
                g.reachedTerminal();
            }
        });
    }

    private CompletableFuture<GenerationResult> finish(SubmittedTask task, WaitOutcome outcome) {
        WaitOutcome asked = TaskOutcomes.atMostRequested(task, outcome);
        CompletableFuture<GenerationResult> delivered = delivery.deliver(engine.orderFor(task, asked, deadline));
        // the deadline, an abort or a signal stops the downloads too, and the message keeps the result URLs
        g.whileDelivering(
                () -> {
                    delivered.cancel(true);
                    return CompletableFuture.completedFuture(null);
                },
                e -> TaskOutcomes.withResultUrls(e, asked.snapshot()));
        return delivered.handle((result, t) -> {
            try {
                if (t != null) {
                    throw DashScopeException.from(t);
                }
                return TaskOutcomes.conclude(task, asked, result, listener);
            } catch (DashScopeException e) {
                throw TaskOutcomes.withResultUrls(e, asked.snapshot()); // what was paid for can still be fetched
            }
        });
    }
}
