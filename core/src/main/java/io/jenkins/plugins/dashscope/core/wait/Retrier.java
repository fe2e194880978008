package io.jenkins.plugins.dashscope.core.wait;

import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The one loop behind every retry and every poll: run an operation, let a {@link Classifier} judge the
 * outcome (done, again after a delay, failed) and run it again on the scheduler until it is done, failed,
 * cancelled or past its deadline. No thread is held between attempts. Submits, task queries and downloads
 * differ only in their classifiers.
 */
public final class Retrier {

    private final Scheduler scheduler;
    private final Clock clock;

    public Retrier(Scheduler scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** What to do after one attempt. */
    public sealed interface Verdict<R> {

        /** Finished with a value. */
        record Done<R>(R value) implements Verdict<R> {}

        /**
         * Try again after {@code delay}; {@code failure} is why (null when the answer was fine but not final yet,
         * as when polling a running task).
         */
        record Again<R>(Duration delay, Throwable failure) implements Verdict<R> {}

        /** Give up with this failure. */
        record Fail<R>(Throwable failure) implements Verdict<R> {}

        static <R> Verdict<R> done(R value) {
            return new Done<>(value);
        }

        static <R> Verdict<R> again(Duration delay, Throwable failure) {
            return new Again<>(delay, failure);
        }

        static <R> Verdict<R> fail(Throwable failure) {
            return new Fail<>(failure);
        }
    }

    /** Judges one attempt's outcome. */
    @FunctionalInterface
    public interface Classifier<T, R> {
        /**
         * @param attempt 1 for the first attempt
         * @param failure null when the operation answered {@code value}; unwrapped from future wrappers
         */
        Verdict<R> classify(int attempt, T value, Throwable failure);
    }

    /**
     * When the loop must end.
     *
     * @param lastAttemptAtDeadline when the next attempt would come too late, make one at the deadline (a
     *                              task may have finished meanwhile) rather than give up at once
     * @param expired               the failure when time is up and the last verdict gave no reason of its own
     */
    public record Deadline(Instant at, boolean lastAttemptAtDeadline, Supplier<? extends Throwable> expired) {

        public static Deadline none() {
            return new Deadline(Instant.MAX, false, () -> new IllegalStateException("no deadline"));
        }

        /** Gives up with the last failure when a retry would come too late. */
        public static Deadline giveUpAt(Instant at) {
            return new Deadline(at, false, () -> new IllegalStateException("deadline passed"));
        }
    }

    /** Runs {@code operation} first after {@code firstDelay}, then as the classifier says. */
    public <T, R> Loop<R> start(
            Supplier<CompletableFuture<T>> operation,
            Classifier<T, R> classifier,
            Deadline deadline,
            Duration firstDelay) {
        LoopImpl<T, R> loop = new LoopImpl<>(operation, classifier, deadline);
        loop.again(new Verdict.Again<>(firstDelay, null)); // the deadline applies to the first attempt too
        return loop;
    }

    /** Runs {@code operation} at once, then as the classifier says. */
    public <T, R> Loop<R> start(
            Supplier<CompletableFuture<T>> operation, Classifier<T, R> classifier, Deadline deadline) {
        LoopImpl<T, R> loop = new LoopImpl<>(operation, classifier, deadline);
        loop.attempt();
        return loop;
    }

    /** A loop under way. */
    public interface Loop<R> {
        CompletableFuture<R> result();

        /** Ends the loop with {@code why} unless it has ended; an attempt under way is left to finish unheard. */
        boolean cancel(Throwable why);
    }

    private final class LoopImpl<T, R> implements Loop<R> {
        private final Supplier<CompletableFuture<T>> operation;
        private final Classifier<T, R> classifier;
        private final Deadline deadline;
        private final CompletableFuture<R> result = new CompletableFuture<>();
        private Scheduler.Scheduled next;
        private int attempts;
        private boolean lastAttempt;

        LoopImpl(Supplier<CompletableFuture<T>> operation, Classifier<T, R> classifier, Deadline deadline) {
            this.operation = operation;
            this.classifier = classifier;
            this.deadline = deadline;
        }

        @Override
        public CompletableFuture<R> result() {
            return result;
        }

        @Override
        public boolean cancel(Throwable why) {
            synchronized (this) {
                if (next != null) {
                    next.cancel();
                }
            }
            return result.completeExceptionally(why);
        }

        synchronized void schedule(Duration delay) {
            if (!result.isDone()) {
                next = scheduler.schedule(this::attempt, delay.isNegative() ? Duration.ZERO : delay);
            }
        }

        void attempt() {
            int n;
            synchronized (this) {
                if (result.isDone()) {
                    return;
                }
                n = ++attempts;
            }
            CompletableFuture<T> f;
            try {
                f = operation.get();
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((value, t) -> judge(n, value, t == null ? null : DashScopeException.unwrap(t)));
        }

        private void judge(int attempt, T value, Throwable failure) {
            if (result.isDone()) {
                return;
            }
            Verdict<R> verdict;
            try {
                verdict = classifier.classify(attempt, value, failure);
            } catch (RuntimeException e) {
                verdict = Verdict.fail(e);
            }
            if (verdict instanceof Verdict.Done<R> d) {
                result.complete(d.value());
            } else if (verdict instanceof Verdict.Fail<R> f) {
                result.completeExceptionally(f.failure());
            } else {
                again((Verdict.Again<R>) verdict);
            }
        }

        private void again(Verdict.Again<R> a) {
            Instant now = clock.instant();
            if (!now.plus(a.delay()).isAfter(deadline.at())) {
                schedule(a.delay());
                return;
            }
            boolean last;
            synchronized (this) {
                last = deadline.lastAttemptAtDeadline() && !lastAttempt && now.isBefore(deadline.at());
                lastAttempt |= last;
            }
            if (last) {
                schedule(Duration.between(now, deadline.at()));
            } else {
                result.completeExceptionally(
                        a.failure() != null && !deadline.lastAttemptAtDeadline()
                                ? a.failure()
                                : deadline.expired().get());
            }
        }
    }
}
