package io.jenkins.plugins.dashscope.core.generation;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dashscope.core.catalog.ApiFamily;
import io.jenkins.plugins.dashscope.core.client.TaskSnapshot;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.ErrorKind;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.simulator.DashScopeSimulator;
import io.jenkins.plugins.dashscope.core.simulator.Fault;
import io.jenkins.plugins.dashscope.core.simulator.RequestKind;
import io.jenkins.plugins.dashscope.core.testing.Eventually;
import io.jenkins.plugins.dashscope.core.testing.SimulatorFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A submit whose answer was lost is looked up in the platform's task list: the task it created is adopted (waited
 * for, downloaded, recorded), and the submit is sent again only when two looks show it created none.
 */
class LostSubmitAnswerTest {

    private SimulatorFixture fx = new SimulatorFixture();
    private final List<GenerationEvent> events = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        fx.close();
    }

    private Generation start(GenerationRequest r, String out) {
        return fx.generate(r, dir, out, Duration.ofSeconds(20), events::add);
    }

    private static GenerationRequest wanx(String prompt) {
        return GenerationRequest.builder().model("wanx-v1").prompt(prompt).n(1).build();
    }

    private static DashScopeException failureOf(Generation g) {
        return Eventually.failure(g.result());
    }

    private List<String> submittedTaskIds() {
        return events.stream()
                .filter(e -> e instanceof GenerationEvent.Submitted)
                .map(e -> ((GenerationEvent.Submitted) e).task().taskId())
                .toList();
    }

    private List<String> simulatorTaskIds() {
        return fx.simulator.timeline().stream()
                .map(DashScopeSimulator.TaskTimeline::taskId)
                .toList();
    }

    /** Each of these acts on the submit (the task is created) and then loses or spoils the answer. */
    @ParameterizedTest
    @EnumSource(
            value = Fault.class,
            names = {"DROP_AFTER_PROCESSING", "SERVER_ERROR_AFTER_PROCESSING", "TRUNCATED_BODY"})
    void aTaskCreatedBehindALostAnswerIsAdoptedNotPaidTwice(Fault fault) throws Exception {
        fx.simulator.faults().inject(RequestKind.SUBMIT, fault, 1);

        GenerationResult result = start(wanx("a lighthouse"), "out").result().get(30, TimeUnit.SECONDS);

        assertThat(result.images()).hasSize(1);
        assertThat(fx.simulator.count(RequestKind.SUBMIT)).as("sent once").isEqualTo(1);
        assertThat(fx.simulator.tasksCreated()).isEqualTo(1);
        assertThat(submittedTaskIds()).as("the task the platform created").isEqualTo(simulatorTaskIds());
        assertThat(events)
                .filteredOn(e -> e instanceof GenerationEvent.Adopted)
                .singleElement()
                .satisfies(e -> assertThat(e.describe())
                        .contains(
                                "answer to the submit was lost",
                                simulatorTaskIds().get(0),
                                "nothing sent again"));
        assertThat(events).noneMatch(e -> e instanceof GenerationEvent.Retrying);
    }

    /** The window is placed by the server's clock (its Date header), not ours, which may be minutes off. */
    @Test
    void aClientClockMinutesBehindTheServersStillFindsTheTask() throws Exception {
        fx.close();
        Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10));
        fx = new SimulatorFixture(UnaryOperator.identity(), UnaryOperator.identity(), behind);
        fx.simulator.faults().inject(RequestKind.SUBMIT, Fault.DROP_AFTER_PROCESSING, 1);

        start(wanx("a lighthouse"), "out").result().get(30, TimeUnit.SECONDS);

        assertThat(submittedTaskIds()).isEqualTo(simulatorTaskIds());
        assertThat(fx.simulator.count(RequestKind.SUBMIT)).isEqualTo(1);
    }

    @Test
    void aFailedAnswerWithTheRequestIdIsMatchedByIt() throws Exception {
        fx.simulator.faults().inject(RequestKind.SUBMIT, Fault.SERVER_ERROR_AFTER_PROCESSING, 1);

        start(wanx("a lighthouse"), "out").result().get(30, TimeUnit.SECONDS);

        assertThat(events)
                .filteredOn(e -> e instanceof GenerationEvent.Adopted)
                .singleElement()
                .satisfies(e -> assertThat(((GenerationEvent.Adopted) e).how()).contains("under request"));
        assertThat(fx.simulator.count(RequestKind.LIST))
                .as("found at the first look")
                .isEqualTo(1);
    }

    /** Each of these fails before the server acts: nothing was created, so the second look allows a new submit. */
    @ParameterizedTest
    @EnumSource(
            value = Fault.class,
            names = {"DROP_CONNECTION", "UNAVAILABLE_NO_ENVELOPE", "SERVER_ERROR", "HANG"})
    void aSubmitThatCreatedNothingIsSentAgainAfterTwoLooks(Fault fault) throws Exception {
        if (fault == Fault.HANG) {
            fx.close();
            fx = new SimulatorFixture(UnaryOperator.identity(), SimulatorFixture::timingOutOnHangs);
        }
        fx.simulator.faults().inject(RequestKind.SUBMIT, fault, 1);

        GenerationResult result = start(wanx("a lighthouse"), "out").result().get(30, TimeUnit.SECONDS);

        assertThat(result.images()).hasSize(1);
        assertThat(fx.simulator.count(RequestKind.SUBMIT)).isEqualTo(2);
        assertThat(fx.simulator.tasksCreated()).isEqualTo(1);
        assertThat(fx.simulator.count(RequestKind.LIST))
                .as("a look, the grace, a second look")
                .isEqualTo(2);
        assertThat(events)
                .filteredOn(e -> e instanceof GenerationEvent.Retrying)
                .singleElement()
                .satisfies(e -> assertThat(e.describe()).contains("the task list shows no task created by it"));
        assertThat(events).noneMatch(e -> e instanceof GenerationEvent.Adopted);
    }

    /** The simulator answers these before acting: nothing was created, and an answer it cannot read is not retried. */
    @ParameterizedTest
    @EnumSource(
            value = Fault.class,
            names = {"MALFORMED_JSON", "OVERSIZED_ANSWER"})
    void anUnreadableAnswerThatCreatedNothingIsReportedAsSuch(Fault fault) throws Exception {
        fx.simulator.faults().inject(RequestKind.SUBMIT, fault, 1);

        DashScopeException e = failureOf(start(wanx("a lighthouse"), "out"));

        assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL);
        assertThat(e.getMessage()).endsWith("; the task list shows no task created by it");
        assertThat(fx.simulator.count(RequestKind.SUBMIT)).isEqualTo(1);
        assertThat(fx.simulator.count(RequestKind.LIST)).isEqualTo(2);
        assertThat(fx.simulator.tasksCreated()).isZero();
    }

    @Test
    void twoTasksThatMayBeItsAreNeitherAdoptedNorSentAgain() throws Exception {
        TaskSnapshot foreign = fx.client()
                .create(fx.key, ApiFamily.TEXT2IMAGE, body("another client's poster"), false, null)
                .get(30, TimeUnit.SECONDS);
        fx.simulator.faults().inject(RequestKind.SUBMIT, Fault.DROP_AFTER_PROCESSING, 1);

        DashScopeException e = failureOf(start(wanx("a lighthouse"), "out"));

        assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK);
        assertThat(e.provablyNotApplied()).isFalse();
        assertThat(e.getMessage())
                .contains("may have created a task", "nothing was sent again", foreign.taskId())
                .contains(simulatorTaskIds().get(1));
        assertThat(fx.simulator.count(RequestKind.SUBMIT))
                .as("the other client's and ours")
                .isEqualTo(2);
        assertThat(submittedTaskIds()).isEmpty();
    }

    @Test
    void aTaskOfAnotherModelIsNoCandidate() throws Exception {
        fx.client()
                .create(fx.key, ApiFamily.IMAGE_GENERATION, wan26("another model's poster"), false, null)
                .get(30, TimeUnit.SECONDS);
        fx.simulator.faults().inject(RequestKind.SUBMIT, Fault.DROP_AFTER_PROCESSING, 1);

        start(wanx("a lighthouse"), "out").result().get(30, TimeUnit.SECONDS);

        assertThat(submittedTaskIds()).containsExactly(simulatorTaskIds().get(1));
    }

    @Test
    void aTaskThatAnotherGenerationOwnsIsNeverTakenForTheLostOne() throws Exception {
        fx.close();
        fx = new SimulatorFixture(s -> s.withServiceTime(i -> Duration.ofSeconds(1)), UnaryOperator.identity());
        Generation first = start(wanx("the first"), "first");
        // the first generation's task exists and is owned before the second submit is lost
        Eventually.holds(() -> assertThat(submittedTaskIds()).hasSize(1));
        String firstTask = submittedTaskIds().get(0);
        fx.simulator.faults().inject(RequestKind.SUBMIT, Fault.DROP_CONNECTION, 1);

        GenerationResult second = start(wanx("the second"), "second").result().get(30, TimeUnit.SECONDS);

        assertThat(first.result().get(30, TimeUnit.SECONDS).images()).hasSize(1);
        assertThat(second.images()).hasSize(1);
        assertThat(submittedTaskIds()).hasSize(2).doesNotHaveDuplicates().contains(firstTask);
        assertThat(fx.simulator.tasksCreated()).isEqualTo(2);
    }

    @Test
    void aSynchronousCallIsNotLookedUp() throws Exception {
        fx.simulator.faults().inject(RequestKind.SUBMIT, Fault.DROP_AFTER_PROCESSING, 1);

        DashScopeException e = failureOf(start(
                GenerationRequest.builder()
                        .model("qwen-image-2.0")
                        .prompt("一张海报")
                        .build(),
                "out"));

        assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK);
        assertThat(fx.simulator.count(RequestKind.LIST)).isZero();
        assertThat(fx.simulator.count(RequestKind.SUBMIT)).isEqualTo(1);
    }

    @Test
    void aTaskListThatCannotBeReadLeavesTheFailureReportedAndNothingSentAgain() throws Exception {
        fx.simulator
                .faults()
                .inject(RequestKind.SUBMIT, Fault.DROP_CONNECTION, 1)
                .inject(RequestKind.LIST, Fault.SERVER_ERROR, 2);

        DashScopeException e = failureOf(start(wanx("a lighthouse"), "out"));

        assertThat(e.getMessage()).contains("the task list could not be read", "nothing was sent again");
        assertThat(fx.simulator.count(RequestKind.SUBMIT)).isEqualTo(1);
        assertThat(e.getMessage()).doesNotContain(SimulatorFixture.KEY);
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode body(String prompt) {
        var b = Json.newMapper().createObjectNode();
        b.put("model", "wanx-v1");
        b.putObject("input").put("prompt", prompt);
        return b;
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode wan26(String prompt) {
        var b = Json.newMapper().createObjectNode();
        b.put("model", "wan2.6-t2i");
        b.putObject("input")
                .putArray("messages")
                .addObject()
                .put("role", "user")
                .putArray("content")
                .addObject()
                .put("text", prompt);
        return b;
    }
}
