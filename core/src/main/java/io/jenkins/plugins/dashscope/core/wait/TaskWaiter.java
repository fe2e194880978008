package io.jenkins.plugins.dashscope.core.wait;

import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.DashScopeClient;
import io.jenkins.plugins.dashscope.core.client.DashScopeException;
import io.jenkins.plugins.dashscope.core.client.ErrorKind;
import io.jenkins.plugins.dashscope.core.client.TaskSnapshot;
import io.jenkins.plugins.dashscope.core.client.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * Waits for tasks without holding a thread: each wait is a small state machine driven by the
 * scheduler and the non-blocking client. Waits have a deadline, can be cancelled, and can start from
 * any task id (re-attaching after a restart).
 */
public final class TaskWaiter {

    private final DashScopeClient client;
    private final Scheduler scheduler;
    private final Clock clock;
    private final PollSchedule schedule;
    private final RetrySettings retry;
    private final ServiceTimeEstimator estimator;
    private final DoubleSupplier random;

    public TaskWaiter(DashScopeClient client, Scheduler scheduler, Clock clock, PollSchedule schedule,
            RetrySettings retry, ServiceTimeEstimator estimator, DoubleSupplier random) {
        this.client = client;
        this.scheduler = scheduler;
        this.clock = clock;
        this.schedule = schedule;
        this.retry = retry;
        this.estimator = estimator;
        this.random = random;
    }

    /** Whether a failed query may be sent again. */
    public static boolean retryable(DashScopeException e) {
        return switch (e.kind()) {
            case THROTTLED, SERVER, NETWORK, PROTOCOL -> true;
            default -> false;
        };
    }

    /**
     * Starts waiting for a task.
     *
     * @param submittedAt when the task was created (for re-attach: when it was first created)
     * @param onSnapshot  sees every answer whose status or metrics changed
     */
    public Wait await(ApiKey key, String taskId, String model, Instant submittedAt, Instant deadline,
            Consumer<TaskSnapshot> onSnapshot) {
        Wait w = new Wait(key, taskId, model, submittedAt, deadline, onSnapshot);
        w.scheduleNext(schedule.next(0, Duration.between(submittedAt, clock.instant()), estimator.estimate(model)));
        return w;
    }

    /** One wait. {@link #result()} completes with the terminal snapshot, or fails with a {@link DashScopeException}. */
    public final class Wait {
        private final ApiKey key;
        private final String taskId;
        private final String model;
        private final Instant submittedAt;
        private final Instant deadline;
        private final Consumer<TaskSnapshot> onSnapshot;
        private final Instant startedAt;
        private final CompletableFuture<WaitOutcome> result = new CompletableFuture<>();

        private Scheduler.Scheduled next;
        private TaskSnapshot last;
        private int polls;
        private int retries;
        private int failuresInRow;
        private int unknownInRow;

        private Wait(ApiKey key, String taskId, String model, Instant submittedAt, Instant deadline,
                Consumer<TaskSnapshot> onSnapshot) {
            this.key = key;
            this.taskId = taskId;
            this.model = model;
            this.submittedAt = submittedAt;
            this.deadline = deadline;
            this.onSnapshot = onSnapshot;
            this.startedAt = clock.instant();
        }

        public CompletableFuture<WaitOutcome> result() {
            return result;
        }

        public String taskId() {
            return taskId;
        }

        /** Stops waiting; a task still PENDING (or not yet seen) is cancelled on the server. */
        public CompletableFuture<Void> cancel() {
            return stop(DashScopeException.of(ErrorKind.CANCELLED, "the wait for task " + taskId + " was cancelled"));
        }

        private synchronized void scheduleNext(Duration delay) {
            if (result.isDone()) {
                return;
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                timeOut();
                return;
            }
            Duration untilDeadline = Duration.between(now, deadline);
            boolean last = delay.compareTo(untilDeadline) >= 0;
            // One last query at the deadline: the task may have finished meanwhile.
            next = scheduler.schedule(this::poll, last ? untilDeadline : delay);
        }

        private void poll() {
            synchronized (this) {
                if (result.isDone()) {
                    return;
                }
            }
            client.query(key, taskId).whenComplete((snapshot, failure) -> {
                if (failure != null) {
                    onFailure(failure instanceof DashScopeException d ? d
                            : (failure.getCause() instanceof DashScopeException d2 ? d2
                                    : DashScopeException.of(ErrorKind.NETWORK, String.valueOf(failure))));
                } else {
                    onAnswer(snapshot);
                }
            });
        }

        private void onAnswer(TaskSnapshot s) {
            Duration nextDelay;
            synchronized (this) {
                if (result.isDone()) {
                    return;
                }
                polls++;
                failuresInRow = 0;
                if (s.status() == TaskStatus.UNKNOWN && unknownInRow++ == 0) {
                    // UNKNOWN means no such task; one such answer mid-wait may be a glitch, so ask again once.
                    nextDelay = retry.delay(1, random);
                    retries++;
                    scheduleNext(nextDelay);
                    return;
                }
                unknownInRow = 0;
                boolean changed = last == null || last.status() != s.status() || !Objects.equals(last.metrics(), s.metrics());
                last = s;
                if (changed) {
                    notify(s);
                }
                if (s.status().isTerminal()) {
                    Instant now = clock.instant();
                    if (s.status() == TaskStatus.SUCCEEDED) {
                        estimator.record(model, serviceTime(s, now));
                    }
                    result.complete(new WaitOutcome(s, polls, retries, startedAt, now));
                    return;
                }
                nextDelay = schedule.next(polls, running(s, clock.instant()), estimator.estimate(model));
            }
            scheduleNext(nextDelay);
        }

        private void onFailure(DashScopeException e) {
            synchronized (this) {
                if (result.isDone()) {
                    return;
                }
                if (!retryable(e) || ++failuresInRow >= retry.maxAttempts()) {
                    result.completeExceptionally(e);
                    return;
                }
                retries++;
            }
            scheduleNext(retry.delay(failuresInRow, random));
        }

        private void notify(TaskSnapshot s) {
            try {
                onSnapshot.accept(s);
            } catch (RuntimeException ignored) {
                // a listener's failure must not stop the wait
            }
        }

        /** Run time only: time spent queued behind another task of the key says nothing about the model. */
        private Duration serviceTime(TaskSnapshot s, Instant detected) {
            if (s.endTime() != null) {
                Instant start = s.scheduledTime() != null ? s.scheduledTime() : s.submitTime();
                if (start != null) {
                    return Duration.between(start, s.endTime());
                }
            }
            return Duration.between(submittedAt, detected);
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
                Duration started = Duration.between(submittedAt.plus(Duration.between(s.submitTime(), s.scheduledTime())), now);
                return started.isNegative() ? Duration.ZERO : started;
            }
            return Duration.between(submittedAt, now);
        }

        private void timeOut() {
            stop(DashScopeException.of(ErrorKind.TIMEOUT, "task " + taskId + " did not finish by the deadline ("
                    + Duration.between(submittedAt, deadline).toSeconds() + " s after submit)"));
        }

        private CompletableFuture<Void> stop(DashScopeException why) {
            boolean cancelOnServer;
            synchronized (this) {
                if (result.isDone()) {
                    return CompletableFuture.completedFuture(null);
                }
                if (next != null) {
                    next.cancel();
                }
                cancelOnServer = last == null || last.status() == TaskStatus.PENDING;
                result.completeExceptionally(why);
            }
            if (!cancelOnServer) {
                return CompletableFuture.completedFuture(null);
            }
            // Best effort: the vendor cancels PENDING tasks only; a RUNNING one finishes and is not billed twice.
            return client.cancel(key, taskId).handle((ok, err) -> null);
        }
    }
}
