package io.jenkins.plugins.dashscope.core.wait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.dashscope.core.catalog.ApiFamily;
import io.jenkins.plugins.dashscope.core.client.DashScopeClient;
import io.jenkins.plugins.dashscope.core.client.TaskSnapshot;
import io.jenkins.plugins.dashscope.core.client.TaskStatus;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.ErrorKind;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.simulator.Fault;
import io.jenkins.plugins.dashscope.core.simulator.RequestKind;
import io.jenkins.plugins.dashscope.core.testing.Eventually;
import io.jenkins.plugins.dashscope.core.testing.SimulatorFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Waiting against the simulator, on a millisecond scale. */
class TaskWaiterTest {

    private SimulatorFixture fx = new SimulatorFixture(s -> s.withServiceTime(i -> Duration.ofMillis(150)), e -> e);

    @AfterEach
    void close() {
        fx.close();
    }

    private TaskWaiter waiter(DashScopeClient client) {
        return new TaskWaiter(
                client,
                fx.retrier,
                PollSchedule.defaults().scaled(SimulatorFixture.TIME_SCALE),
                RetrySettings.defaults().scaled(SimulatorFixture.TIME_SCALE),
                new ServiceTimeEstimator(),
                new Random(1)::nextDouble);
    }

    private TaskSnapshot submit(DashScopeClient client, String prompt) throws Exception {
        ObjectNode body = Json.newMapper().createObjectNode();
        body.put("model", "wanx-v1");
        body.putObject("input").put("prompt", prompt);
        body.putObject("parameters").put("n", 2);
        return client.create(fx.key, ApiFamily.TEXT2IMAGE, body, false, null).get();
    }

    private static DashScopeException failureOf(TaskWaiter.Wait w) {
        try {
            w.result().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return (DashScopeException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected the wait to fail");
    }

    @Test
    void followsTheLifeCycleToSuccess() throws Exception {
        DashScopeClient client = fx.client();
        TaskSnapshot created = submit(client, "p");
        List<TaskSnapshot> seen = new CopyOnWriteArrayList<>();
        var wait = waiter(client)
                .await(
                        fx.key,
                        created.taskId(),
                        "wanx-v1",
                        Instant.now(),
                        Instant.now().plusSeconds(60),
                        seen::add);
        WaitOutcome outcome = wait.result().get(60, TimeUnit.SECONDS);
        assertThat(outcome.snapshot().status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(outcome.snapshot().results()).hasSize(2).allMatch(r -> r.url() != null);
        assertThat(outcome.snapshot().metrics()).isEqualTo(new TaskSnapshot.TaskMetrics(2, 2, 0));
        assertThat(seen)
                .extracting(TaskSnapshot::status)
                .contains(TaskStatus.RUNNING)
                .last()
                .isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(outcome.polls())
                .isEqualTo(fx.simulator.count(RequestKind.QUERY))
                .isBetween(2, 10);
    }

    @Test
    void reattachesToAnExistingTaskWithoutSubmitting() throws Exception {
        TaskSnapshot created = submit(fx.client(), "p");
        // a different client and waiter, as after a controller restart
        DashScopeClient fresh = fx.client();
        var outcome = waiter(fresh)
                .await(
                        fx.key,
                        created.taskId(),
                        "wanx-v1",
                        Instant.now().minusSeconds(1),
                        Instant.now().plusSeconds(60),
                        s -> {})
                .result()
                .get(60, TimeUnit.SECONDS);
        assertThat(outcome.snapshot().taskId()).isEqualTo(created.taskId());
        assertThat(fx.simulator.count(RequestKind.SUBMIT)).isEqualTo(1);
    }

    /** A task that stays PENDING: a second one behind a long first one (one task runs at a time per key). */
    private TaskSnapshot pendingTask() throws Exception {
        fx.close();
        // the first runs until the fixture closes, so the second stays PENDING however slow the machine
        fx = new SimulatorFixture(s -> s.withServiceTime(i -> Duration.ofMinutes(5)), e -> e);
        submit(fx.client(), "first, runs for a while");
        return submit(fx.client(), "second, PENDING behind the first");
    }

    @Test
    void deadlineEndsTheWaitAndCancelsAPendingTask() throws Exception {
        TaskSnapshot queued = pendingTask();
        DashScopeClient client = fx.client();
        var wait = waiter(client)
                .await(
                        fx.key,
                        queued.taskId(),
                        "wanx-v1",
                        Instant.now(),
                        Instant.now().plusMillis(60),
                        s -> {});
        DashScopeException e = failureOf(wait);
        assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
        awaitCount(RequestKind.CANCEL, 1);
        assertThat(client.query(fx.key, queued.taskId()).get().status()).isEqualTo(TaskStatus.CANCELED);
    }

    @Test
    void cancelStopsWaitingAndCancelsAPendingTaskOnTheServer() throws Exception {
        TaskSnapshot queued = pendingTask();
        DashScopeClient client = fx.client();
        var wait = waiter(client)
                .await(
                        fx.key,
                        queued.taskId(),
                        "wanx-v1",
                        Instant.now(),
                        Instant.now().plusSeconds(60),
                        s -> {});
        wait.cancel().get(30, TimeUnit.SECONDS);
        assertThat(failureOf(wait).kind()).isEqualTo(ErrorKind.CANCELLED);
        assertThat(fx.simulator.count(RequestKind.CANCEL)).isEqualTo(1);
        assertThat(client.query(fx.key, queued.taskId()).get().status()).isEqualTo(TaskStatus.CANCELED);
    }

    @Test
    void aWaitStoppedWhileItsQueryWaitsForTheKeysBudgetSendsNoQuery() throws Exception {
        TaskSnapshot queued = pendingTask();
        DashScopeClient client = fx.client();
        CompletableFuture<Runnable> turn = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean asked = new java.util.concurrent.atomic.AtomicBoolean();
        TaskWaiter budgeted = new TaskWaiter(
                client,
                fx.retrier,
                PollSchedule.defaults().scaled(SimulatorFixture.TIME_SCALE),
                RetrySettings.defaults().scaled(SimulatorFixture.TIME_SCALE),
                new ServiceTimeEstimator(),
                new Random(1)::nextDouble,
                key -> {
                    asked.set(true);
                    return turn;
                });
        int queries = fx.simulator.count(RequestKind.QUERY);
        var wait = budgeted.await(
                fx.key, queued.taskId(), "wanx-v1", Instant.now(), Instant.now().plusSeconds(60), s -> {});
        Eventually.holds(() ->
                assertThat(asked.get()).as("the first query waits for its turn").isTrue());

        wait.cancel().get(30, TimeUnit.SECONDS);
        turn.complete(() -> answered.set(true));

        assertThat(failureOf(wait).kind()).isEqualTo(ErrorKind.CANCELLED);
        // the turn is given back once the query is over: had one been sent, the server has counted it by then
        Eventually.holds(
                () -> assertThat(answered.get()).as("the turn is given back").isTrue());
        assertThat(fx.simulator.count(RequestKind.QUERY)).isEqualTo(queries);
    }

    @Test
    void aRunningTaskIsNotCancelledWhenTheWaitStops() throws Exception {
        DashScopeClient client = fx.client();
        TaskSnapshot t = submit(client, "p");
        List<TaskSnapshot> seen = new CopyOnWriteArrayList<>();
        var wait = waiter(client)
                .await(
                        fx.key,
                        t.taskId(),
                        "wanx-v1",
                        Instant.now(),
                        Instant.now().plusSeconds(60),
                        seen::add);
        while (seen.isEmpty()) {
            Thread.onSpinWait();
        }
        wait.cancel().get(30, TimeUnit.SECONDS);
        assertThat(fx.simulator.count(RequestKind.CANCEL)).isZero();
    }

    @ParameterizedTest
    @EnumSource(
            value = Fault.class,
            names = {
                "SERVER_ERROR",
                "UNAVAILABLE_NO_ENVELOPE",
                "THROTTLED",
                "DROP_CONNECTION",
                "TRUNCATED_BODY",
                "SLOW_BODY",
                "MALFORMED_JSON",
                "HANG",
                "UNKNOWN_STATUS"
            })
    void survivesQueryFaults(Fault fault) throws Exception {
        fx.close();
        fx = new SimulatorFixture(
                s -> s.withServiceTime(i -> Duration.ofMillis(150)), SimulatorFixture::timingOutOnHangs);
        DashScopeClient client = fx.client();
        TaskSnapshot t = submit(client, "p");
        fx.simulator.faults().inject(RequestKind.QUERY, fault, fault == Fault.UNKNOWN_STATUS ? 1 : 3);
        WaitOutcome outcome = waiter(client)
                .await(
                        fx.key,
                        t.taskId(),
                        "wanx-v1",
                        Instant.now(),
                        Instant.now().plusSeconds(60),
                        s -> {})
                .result()
                .get(90, TimeUnit.SECONDS);
        assertThat(outcome.snapshot().status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(outcome.retries())
                .isGreaterThanOrEqualTo(fault == Fault.UNKNOWN_STATUS || fault == Fault.SLOW_BODY ? 0 : 3);
    }

    /** Hardening finding 7: an answer over the 1 MB cap would be the same again; it was asked 8 more times (44 s). */
    @Test
    void anAnswerOverTheCapEndsTheWaitAtOnce() throws Exception {
        DashScopeClient client = fx.client();
        TaskSnapshot t = submit(client, "p");
        fx.simulator.faults().inject(RequestKind.QUERY, Fault.OVERSIZED_ANSWER, 20);
        var wait = waiter(client)
                .await(
                        fx.key,
                        t.taskId(),
                        "wanx-v1",
                        Instant.now(),
                        Instant.now().plusSeconds(60),
                        s -> {});

        DashScopeException e = failureOf(wait);

        assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL);
        assertThat(e.code()).isEqualTo(DashScopeClient.ANSWER_TOO_LARGE);
        assertThat(fx.simulator.count(RequestKind.QUERY)).isEqualTo(1);
    }

    @Test
    void quotaExhaustionAndBadKeysAreNotRetried() throws Exception {
        DashScopeClient client = fx.client();
        TaskSnapshot t = submit(client, "p");
        fx.simulator.faults().inject(RequestKind.QUERY, Fault.QUOTA_EXHAUSTED, 1);
        var wait = waiter(client)
                .await(
                        fx.key,
                        t.taskId(),
                        "wanx-v1",
                        Instant.now(),
                        Instant.now().plusSeconds(60),
                        s -> {});
        assertThat(failureOf(wait).kind()).isEqualTo(ErrorKind.QUOTA_EXHAUSTED);
        assertThat(fx.simulator.count(RequestKind.QUERY)).isEqualTo(1);

        var wrongKey = waiter(client)
                .await(
                        io.jenkins.plugins.dashscope.core.client.ApiKey.of("sk-other"),
                        t.taskId(),
                        "wanx-v1",
                        Instant.now(),
                        Instant.now().plusSeconds(60),
                        s -> {});
        assertThat(failureOf(wrongKey).kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    }

    @Test
    void unknownTwiceInARowEndsTheWait() throws Exception {
        var outcome = waiter(fx.client())
                .await(
                        fx.key,
                        "expired-task",
                        "wanx-v1",
                        Instant.now(),
                        Instant.now().plusSeconds(60),
                        s -> {})
                .result()
                .get(60, TimeUnit.SECONDS);
        assertThat(outcome.snapshot().status()).isEqualTo(TaskStatus.UNKNOWN);
        assertThat(fx.simulator.count(RequestKind.QUERY)).isEqualTo(2);
    }

    @Test
    void persistentFailuresEndAfterTheRetryBudget() throws Exception {
        TaskSnapshot t = submit(fx.client(), "p");
        fx.simulator.faults().inject(RequestKind.QUERY, Fault.SERVER_ERROR, 100);
        var wait = waiter(fx.client())
                .await(
                        fx.key,
                        t.taskId(),
                        "wanx-v1",
                        Instant.now(),
                        Instant.now().plusSeconds(30),
                        s -> {});
        DashScopeException e = failureOf(wait);
        assertThat(e.kind()).isEqualTo(ErrorKind.SERVER);
        assertThat(fx.simulator.count(RequestKind.QUERY))
                .isEqualTo(RetrySettings.defaults().maxAttempts());
    }

    @Test
    // it counts the JVM's threads: no other test class may start or stop its own meanwhile
    @org.junit.jupiter.api.parallel.ResourceLock(org.junit.jupiter.api.parallel.Resources.GLOBAL)
    void aThousandWaitsShareAHandfulOfThreads() throws Exception {
        int before = Thread.activeCount();
        DashScopeClient client = fx.client();
        TaskWaiter w = waiter(client);
        List<TaskWaiter.Wait> waits = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            waits.add(w.await(
                    fx.key, "task-" + i, "wanx-v1", Instant.now(), Instant.now().plusSeconds(60), s -> {}));
        }
        // all waits are asleep between queries here; none holds a thread of its own
        assertThat(Thread.activeCount() - before).isLessThan(20);
        waits.forEach(TaskWaiter.Wait::cancel);
        assertThatThrownBy(() -> waits.get(0).result().join()).hasCauseInstanceOf(DashScopeException.class);
    }

    private void awaitCount(RequestKind kind, int expected) throws Exception {
        Eventually.holds(() -> assertThat(fx.simulator.count(kind)).isEqualTo(expected));
    }
}
