package io.jenkins.plugins.dashscope.core.wait;

import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.DashScopeClient;
import io.jenkins.plugins.dashscope.core.client.TaskSnapshot;
import io.jenkins.plugins.dashscope.core.client.TaskStatus;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.ErrorKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * Waits for tasks without holding a thread: each wait is a {@link Retrier} loop whose classifier reads
 * the task's status, picks the next query time from the {@link PollSchedule}, and retries failed queries.
 * Waits have a deadline, can be cancelled, and can start from any task id (re-attaching after a restart).
 */
public final class TaskWaiter {

    private final DashScopeClient client;
    private final Retrier retrier;
    private final PollSchedule schedule;
    private final RetrySettings retry;
    private final ServiceTimeEstimator estimator;
    private final DoubleSupplier random;
    private final QueryBudget queries;

    /** Queries are not budgeted: for a waiter alone with its server (tests). */
    public TaskWaiter(
            DashScopeClient client,
            Retrier retrier,
            PollSchedule schedule,
            RetrySettings retry,
            ServiceTimeEstimator estimator,
            DoubleSupplier random) {
        this(client, retrier, schedule, retry, estimator, random, QueryBudget.UNLIMITED);
    }

    /** @param queries paces every wait's queries of a key together */
    public TaskWaiter(
            DashScopeClient client,
            Retrier retrier,
            PollSchedule schedule,
            RetrySettings retry,
            ServiceTimeEstimator estimator,
            DoubleSupplier random,
            QueryBudget queries) {
        this.queries = queries;
        this.client = client;
        this.retrier = retrier;
        this.schedule = schedule;
        this.retry = retry;
        this.estimator = estimator;
        this.random = random;
    }

    /** Whether a failed query may be sent again. */
    public static boolean retryable(DashScopeException e) {
        return switch (e.kind()) {
            case THROTTLED, SERVER, NETWORK -> true;
            case PROTOCOL -> !DashScopeClient.ANSWER_TOO_LARGE.equals(e.code());
            default -> false;
        };
    }

    /**
     * Starts waiting for a task.
     *
     * @param submittedAt when the task was created (for re-attach: when it was first created)
     * @param onSnapshot  sees every answer whose status or metrics changed
     */
    public Wait await(
            ApiKey key,
            String taskId,
            String model,
            Instant submittedAt,
            Instant deadline,
            Consumer<TaskSnapshot> onSnapshot) {
        Wait w = new Wait(key, taskId, model, submittedAt, onSnapshot);
        Instant now = retrier.clock().instant();
        w.loop = retrier.start(
                () -> queries.take(key).thenCompose(answered -> {
                    if (w.loop != null && w.loop.result().isDone()) { // stopped while it waited for its turn
                        answered.run();
                        return CompletableFuture.failedFuture(
                                DashScopeException.of(ErrorKind.CANCELLED, "the wait ended"));
                    }
                    return client.query(key, taskId).whenComplete((s, t) -> answered.run());
                }),
                w::judge,
                new Retrier.Deadline(deadline, true, () -> w.timedOut(deadline)),
                schedule.next(0, Duration.between(submittedAt, now), estimator.estimate(learned(model))));
        return w;
    }

    /** What run times are learned under: one model's times on one endpoint (regions differ). */
    private String learned(String model) {
        return client.endpoint().baseUrl() + " " + model;
    }

    /** One wait. {@link #result()} completes with the terminal snapshot, or fails with a {@link DashScopeException}. */
    public final class Wait {
        private final ApiKey key;
        private final String taskId;
        private final String model;
        private final Instant submittedAt;
        private final Consumer<TaskSnapshot> onSnapshot;
        private final Instant startedAt;
        private volatile Retrier.Loop<WaitOutcome> loop;

        private TaskSnapshot last;

        /** The cancel sent to the server, once. */
        private CompletableFuture<Void> cancelSent;

        private int polls;
        private int retries;
        private int failuresInRow;
        private int unknownInRow;

        private Wait(ApiKey key, String taskId, String model, Instant submittedAt, Consumer<TaskSnapshot> onSnapshot) {
            this.key = key;
            this.taskId = taskId;
            this.model = model;
            this.submittedAt = submittedAt;
            this.onSnapshot = onSnapshot;
            this.startedAt = retrier.clock().instant();
        }

        public CompletableFuture<WaitOutcome> result() {
            return loop.result();
        }

        public String taskId() {
            return taskId;
        }

        /** Stops waiting; a task still PENDING (or not yet seen) is cancelled on the server. */
        public CompletableFuture<Void> cancel() {
            if (!loop.cancel(
                    DashScopeException.of(ErrorKind.CANCELLED, "the wait for task " + taskId + " was cancelled"))) {
                return CompletableFuture.completedFuture(null);
            }
            return cancelOnServerIfPending();
        }

        private synchronized Retrier.Verdict<WaitOutcome> judge(int attempt, TaskSnapshot s, Throwable failure) {
            if (failure != null) {
                DashScopeException e = DashScopeException.from(failure);
                if (!retryable(e) || ++failuresInRow >= retry.maxAttempts()) {
                    return Retrier.Verdict.fail(e);
                }
                retries++;
                return Retrier.Verdict.again(
                        RetrySettings.atLeast(retry.delay(failuresInRow, random), e.retryAfter()), e);
            }
            polls++;
            failuresInRow = 0;
            if (s.status() == TaskStatus.UNKNOWN && unknownInRow++ == 0) {
                // UNKNOWN means no such task; one such answer mid-wait may be a glitch, so ask again once.
                retries++;
                return Retrier.Verdict.again(retry.delay(1, random), null);
            }
            unknownInRow = 0;
            boolean changed =
                    last == null || last.status() != s.status() || !Objects.equals(last.metrics(), s.metrics());
            last = s;
            if (changed) {
                notify(s);
            }
            Instant now = retrier.clock().instant();
            if (s.status().isTerminal()) {
                if (s.status() == TaskStatus.SUCCEEDED) {
                    learn(s, now);
                }
                return Retrier.Verdict.done(new WaitOutcome(s, polls, retries, startedAt, now));
            }
            return Retrier.Verdict.again(
                    schedule.next(polls, running(s, now), estimator.estimate(learned(model))), null);
        }

        private void notify(TaskSnapshot s) {
            try {
                onSnapshot.accept(s);
            } catch (RuntimeException ignored) {
                // a listener's failure must not stop the wait
            }
        }

        /**
         * Run time only: time spent queued behind another task of the key says nothing about the model. The server's
         * figure is learned when the client's observation agrees with it; without one, the client's is.
         */
        private void learn(TaskSnapshot s, Instant detected) {
            Duration observed = Duration.between(submittedAt, detected);
            Instant start = s.scheduledTime() != null ? s.scheduledTime() : s.submitTime();
            if (s.endTime() != null && start != null) {
                estimator.recordChecked(learned(model), Duration.between(start, s.endTime()), observed);
            } else {
                estimator.record(learned(model), observed);
            }
        }

        /**
         * How long the task has been running, on our clock: zero while PENDING; from the server's start
         * time when it says, translated by taking its submit time to be ours (off by one request's latency,
         * which is what clock skew must not add); else since our submit.
         */
        private Duration running(TaskSnapshot s, Instant now) {
            if (s.status() == TaskStatus.PENDING) {
                return Duration.ZERO;
            }
            if (s.scheduledTime() != null && s.submitTime() != null) {
                Duration started =
                        Duration.between(submittedAt.plus(Duration.between(s.submitTime(), s.scheduledTime())), now);
                return started.isNegative() ? Duration.ZERO : started;
            }
            return Duration.between(submittedAt, now);
        }

        private DashScopeException timedOut(Instant deadline) {
            cancelOnServerIfPending();
            return DashScopeException.of(
                    ErrorKind.TIMEOUT,
                    "task " + taskId + " did not finish by the deadline ("
                            + Duration.between(submittedAt, deadline).toSeconds() + " s after submit)");
        }

        /**
         * Best effort: the vendor cancels PENDING tasks only; a RUNNING one finishes and is not billed twice.
         * Sent once: the wait's deadline and a caller's cancel can both ask for it at the same moment.
         */
        private synchronized CompletableFuture<Void> cancelOnServerIfPending() {
            if (cancelSent == null) {
                boolean pending = last == null || last.status() == TaskStatus.PENDING;
                cancelSent = pending
                        ? client.cancel(key, taskId).handle((ok, err) -> null)
                        : CompletableFuture.completedFuture(null);
            }
            return cancelSent;
        }
    }
}
