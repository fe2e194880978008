package io.jenkins.plugins.dashscope.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.ErrorKind;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.ledger.UsageAccount;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import io.jenkins.plugins.dashscope.core.spec.AssetSpec;
import io.jenkins.plugins.dashscope.core.spec.SetLimit;
import io.jenkins.plugins.dashscope.core.spec.Variant;
import io.jenkins.plugins.dashscope.core.usage.PriceTable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The batch's plan and run against a host that records what it is asked, with no server at all. */
class BatchRunTest {

    private static final List<Variant> ITEMS = Variant.all(AssetSpec.parse("images.yaml", """
            matrix:
              locale: [en, zh-CN]
            assets:
              - name: banner
                prompt: "Banner ${locale}"
              - name: card
                prompt: "Card ${locale}"
                n: 2
            """));

    /** Stages every item as wanx-v1 with its n; reuses the items named in {@code reusable}. */
    static final class RecordingHost implements BatchHost {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final Set<String> reusable = new HashSet<>();
        String refuse;
        RuntimeException failStart;
        final CompletableFuture<GenerationResult> pending = new CompletableFuture<>();
        UsageAccount account = UsageAccount.NONE;

        @Override
        public Staged stage(int index, Variant item) {
            calls.add("stage " + item.name());
            if (item.name().equals(refuse)) {
                throw new InvalidRequestException("prompt", "is too long");
            }
            return new Staged(
                    "wanx-v1", item.request().n() == null ? 1 : item.request().n(), null);
        }

        @Override
        public GenerationResult reuse(int index, Variant item, Staged staged) {
            calls.add("reuse? " + item.name());
            return reusable.contains(item.name())
                    ? new GenerationResult(null, Path.of(item.name(), "manifest.json"), List.of(), List.of())
                    : null;
        }

        @Override
        public void reserve(int images) {
            calls.add("reserve " + images);
            if (refuseBudget) {
                throw new InvalidRequestException("maxImagesPerBuild", "over");
            }
        }

        boolean refuseBudget;

        @Override
        public UsageAccount account() {
            return account;
        }

        @Override
        public void held(int index, String holdId) {
            calls.add("held " + index + " " + holdId);
        }

        @Override
        public Started start(int index, Variant item, Staged staged, Instant deadline) {
            calls.add("start " + item.name());
            if (failStart != null && item.name().startsWith("card")) {
                throw failStart;
            }
            return new Started(pending, () -> calls.add("cancel " + item.name()));
        }

        @Override
        public void taken(int index, Variant item, Staged staged, GenerationResult result) {
            calls.add("taken " + index);
        }

        @Override
        public void abandon(int index, Staged staged, Throwable why) {
            calls.add("abandon " + index + (staged == null ? " (not staged)" : ""));
        }
    }

    private final RecordingHost host = new RecordingHost();

    @Test
    void everythingIsStagedReusedAndBudgetedBeforeAnythingStarts() throws Exception {
        host.reusable.add("card-en");

        BatchPlan plan = BatchRun.plan(host, "images.yaml", ITEMS, SetLimit.of(null, 50, true), true);

        assertThat(plan.images()).as("card-en is reused: 1 + 1 + 2").isEqualTo(4);
        assertThat(plan.reusedCount()).isEqualTo(1);
        assertThat(host.calls)
                .containsExactly(
                        "stage banner-en",
                        "stage banner-zh-CN",
                        "stage card-en",
                        "stage card-zh-CN",
                        "reuse? banner-en",
                        "reuse? banner-zh-CN",
                        "reuse? card-en",
                        "reuse? card-zh-CN",
                        "reserve 4");
        assertThat(plan.describe(PriceTable.none(), "dry run"))
                .isEqualTo("images.yaml: 4 variant(s), 4 image(s) to pay for, 1 reused (dry run: nothing is paid)");
        assertThat(plan.toPay().perModel().get("wanx-v1").generated()).isEqualTo(4);
    }

    @Test
    void aVariantsRefusalNamesTheBatchAndTheVariantAndAbandonsWhatWasStaged() {
        host.refuse = "card-en";

        assertThatThrownBy(() -> BatchRun.plan(host, "images.yaml", ITEMS, SetLimit.of(null, 50, true), true))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo("spec");
                    assertThat(e.getMessage()).contains("images.yaml: card-en: prompt: is too long");
                });
        assertThat(host.calls)
                .endsWith("abandon 0", "abandon 1", "abandon 2 (not staged)")
                .noneMatch(c -> c.startsWith("reserve") || c.startsWith("start"));
    }

    @Test
    void overTheLimitNothingIsReservedOrStartedAndEveryItemIsAbandoned() {
        assertThatThrownBy(() -> BatchRun.plan(host, "images.yaml", ITEMS, SetLimit.of(5, 50, true), false))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("images.yaml asks for 6 images in 4 variants; the limit is 5");
        assertThat(host.calls).noneMatch(c -> c.startsWith("reuse?") || c.startsWith("reserve"));
        assertThat(host.calls).endsWith("abandon 0", "abandon 1", "abandon 2", "abandon 3");
    }

    @Test
    void runStartsTheGeneratedItemsOnlyAndOneFailingToStartDoesNotStopTheOthers() throws Exception {
        host.reusable.add("banner-en");
        BatchPlan plan = BatchRun.plan(host, "images.yaml", ITEMS, SetLimit.of(null, 50, true), true);
        host.calls.clear();
        host.failStart = new IllegalStateException("no agent");

        BatchRun.Running running = BatchRun.run(host, plan, Instant.now());

        assertThat(host.calls).containsExactly("taken 0", "start banner-zh-CN", "start card-en", "start card-zh-CN");
        assertThat(running.outcomes()).isNotDone(); // banner-zh-CN still runs
        running.cancel().run();
        assertThat(host.calls).contains("cancel banner-zh-CN");
        host.pending.completeExceptionally(new IOException("stopped"));

        List<BatchOutcome> outcomes = running.outcomes().get();
        assertThat(outcomes)
                .extracting(o -> o.item().name())
                .containsExactly("banner-en", "banner-zh-CN", "card-en", "card-zh-CN");
        BatchSummary summary = new BatchSummary(outcomes);
        assertThat(summary.incomplete())
                .containsExactly("banner-zh-CN: stopped", "card-en: no agent", "card-zh-CN: no agent");
        assertThat(summary.firstFailure()).hasMessage("stopped");
    }

    /** An account that hands out ids h0, h1, ... and writes down every call, refusing when told. */
    static class RecordingAccount implements UsageAccount {
        final List<String> calls = new CopyOnWriteArrayList<>();
        boolean refuse;
        int next;

        @Override
        public List<String> hold(List<Charge> charges) {
            if (refuse) {
                throw new InvalidRequestException("quota", "the monthly quota of folder 'a' is 1 image(s) a month");
            }
            calls.add("hold "
                    + charges.stream().map(c -> c.model() + "x" + c.images()).toList());
            return charges.stream().map(c -> "h" + next++).toList();
        }

        @Override
        public void settle(String id, int paid, int reused, int failed, boolean assumed) {
            calls.add("settle " + id + " paid " + paid + " failed " + failed + (assumed ? " assumed" : ""));
        }

        @Override
        public void reused(String model, int images) {
            calls.add("reused " + model + " " + images);
        }
    }

    private static GenerationResult result(int paid, int failed) {
        List<Manifest.FailureRecord> failures = new ArrayList<>();
        for (int i = 0; i < failed; i++) {
            failures.add(new Manifest.FailureRecord(i + 1, "X", "y"));
        }
        Manifest m = Manifest.builder()
                .task("wanx-v1", "text2image", "t", "r")
                .status("SUCCEEDED")
                .images(List.of(), failures)
                .usage(new Manifest.Usage(paid, paid, 0))
                .build();
        return new GenerationResult(m, Path.of("manifest.json"), List.of(), List.of());
    }

    @Test
    void aQuotaRefusalComesBeforeTheBuildsBudgetAndAbandonsEveryItem() {
        RecordingAccount account = new RecordingAccount();
        account.refuse = true;
        host.account = account;

        assertThatThrownBy(() -> BatchRun.plan(host, "images.yaml", ITEMS, SetLimit.of(null, 50, true), false))
                .hasMessageContaining("quota: the monthly quota of folder 'a'");
        assertThat(host.calls).noneMatch(c -> c.startsWith("reserve") || c.startsWith("held"));
        assertThat(host.calls).endsWith("abandon 0", "abandon 1", "abandon 2", "abandon 3");
    }

    @Test
    void theBuildsBudgetRefusingGivesEveryHoldBack() {
        RecordingAccount account = new RecordingAccount();
        host.account = account;
        host.refuseBudget = true;

        assertThatThrownBy(() -> BatchRun.plan(host, "images.yaml", ITEMS, SetLimit.of(null, 50, true), false))
                .hasMessageContaining("maxImagesPerBuild");
        assertThat(account.calls)
                .containsExactly(
                        "hold [wanx-v1x1, wanx-v1x1, wanx-v1x2, wanx-v1x2]",
                        "settle h0 paid 0 failed 0",
                        "settle h1 paid 0 failed 0",
                        "settle h2 paid 0 failed 0",
                        "settle h3 paid 0 failed 0");
    }

    /**
     * A host of items that pay through {@code account}: item 0 is reused, the item at {@code failsToStart} does not
     * start, the others' results are the test's to complete; {@code submitted} says whether their tasks are known.
     */
    static class ScriptedHost implements BatchHost {
        final RecordingAccount account = new RecordingAccount();
        final List<CompletableFuture<GenerationResult>> results = new CopyOnWriteArrayList<>();
        final List<String> held = new CopyOnWriteArrayList<>();
        boolean reuseFirst;
        int failsToStart = -1;
        boolean submitted = true;

        @Override
        public Staged stage(int index, Variant item) {
            return new Staged(
                    "wanx-v1", item.request().n() == null ? 1 : item.request().n(), null);
        }

        @Override
        public GenerationResult reuse(int index, Variant item, Staged staged) {
            return reuseFirst && index == 0 ? result(0, 0) : null;
        }

        @Override
        public void reserve(int images) {}

        @Override
        public UsageAccount account() {
            return account;
        }

        @Override
        public void held(int index, String holdId) {
            held.add(index + " " + holdId);
        }

        @Override
        public Started start(int index, Variant item, Staged staged, Instant deadline) {
            if (index == failsToStart) {
                throw new IllegalStateException("no agent");
            }
            CompletableFuture<GenerationResult> r = new CompletableFuture<>();
            results.add(r);
            boolean known = submitted;
            return new Started(r, () -> {}, r, () -> known);
        }

        @Override
        public void taken(int index, Variant item, Staged staged, GenerationResult result) {}

        @Override
        public void abandon(int index, Staged staged, Throwable why) {}
    }

    @Test
    void eachHoldIsSettledWithWhatItsItemPaidAndALostAnswerCountsAsPaid() throws Exception {
        ScriptedHost scripted = new ScriptedHost();
        scripted.reuseFirst = true;
        scripted.failsToStart = 3;

        BatchPlan plan = BatchRun.plan(scripted, "images.yaml", ITEMS, SetLimit.of(null, 50, true), true);
        assertThat(scripted.held).containsExactly("1 h0", "2 h1", "3 h2");
        BatchRun.Running running = BatchRun.run(scripted, plan, Instant.now());
        scripted.results.get(0).complete(result(1, 0));
        scripted.results.get(1).completeExceptionally(DashScopeException.of(ErrorKind.NETWORK, "reset"));
        running.outcomes().get();

        assertThat(scripted.account.calls)
                .containsExactly(
                        "hold [wanx-v1x1, wanx-v1x2, wanx-v1x2]",
                        "reused wanx-v1 0",
                        "settle h2 paid 0 failed 0",
                        "settle h0 paid 1 failed 0",
                        "settle h1 paid 0 failed 0 assumed");
    }

    @Test
    void aFailedTaskOrARefusedSubmitIsNotCharged() throws Exception {
        RecordingAccount account = new RecordingAccount();
        host.account = account;
        BatchPlan plan = BatchRun.plan(host, "images.yaml", ITEMS.subList(0, 1), SetLimit.NONE, false);
        BatchRun.Running running = BatchRun.run(host, plan, Instant.now());
        host.pending.completeExceptionally(DashScopeException.of(ErrorKind.TASK_FAILED, "failed"));
        running.outcomes().get();

        assertThat(account.calls).containsExactly("hold [wanx-v1x1]", "settle h0 paid 0 failed 0");
    }

    @Test
    void aGenerationStoppedBeforeItsTaskWasKnownIsNotChargedButOneStoppedAfterIs() throws Exception {
        for (boolean submitted : new boolean[] {false, true}) {
            ScriptedHost scripted = new ScriptedHost();
            scripted.submitted = submitted;
            BatchPlan plan = BatchRun.plan(scripted, "images.yaml", ITEMS.subList(2, 3), SetLimit.NONE, false);
            BatchRun.Running running = BatchRun.run(scripted, plan, Instant.now());
            scripted.results
                    .get(0)
                    .completeExceptionally(DashScopeException.of(ErrorKind.CANCELLED, "the generation was cancelled"));
            running.outcomes().get();

            assertThat(scripted.account.calls)
                    .as(submitted ? "stopped while its task ran" : "stopped in the queue")
                    .containsExactly(
                            "hold [wanx-v1x2]",
                            submitted ? "settle h0 paid 0 failed 0 assumed" : "settle h0 paid 0 failed 0");
        }
    }

    @Test
    void aBatchThatReusesEverythingHoldsNothingAndIsNotCheckedAgainstQuotas() throws Exception {
        RecordingAccount account = new RecordingAccount();
        account.refuse = true; // a quota already spent: it must not refuse what pays for nothing
        host.account = account;
        ITEMS.forEach(v -> host.reusable.add(v.name()));

        BatchPlan plan = BatchRun.plan(host, "images.yaml", ITEMS, SetLimit.of(null, 50, true), true);

        assertThat(plan.images()).isZero();
        assertThat(account.calls).isEmpty();
    }

    @Test
    void aHoldIsSettledOnTheAccountsWritesNotOnTheThreadThatEndedTheGeneration() throws Exception {
        List<Runnable> queued = new CopyOnWriteArrayList<>();
        RecordingAccount queuing = new RecordingAccount() {
            @Override
            public java.util.concurrent.Executor writes() {
                return queued::add; // a pool of its own, run by hand here
            }
        };
        ScriptedHost scripted = new ScriptedHost() {
            @Override
            public UsageAccount account() {
                return queuing;
            }
        };
        BatchRun.Running running = BatchRun.run(
                scripted,
                BatchRun.plan(scripted, "images.yaml", ITEMS.subList(0, 1), SetLimit.NONE, false),
                Instant.now());

        scripted.results.get(0).complete(result(1, 0)); // the engine's thread: it writes nothing

        assertThat(queuing.calls).containsExactly("hold [wanx-v1x1]");
        assertThat(running.outcomes())
                .as("the outcome waits for its settlement")
                .isNotDone();
        queued.forEach(Runnable::run);
        assertThat(queuing.calls).containsExactly("hold [wanx-v1x1]", "settle h0 paid 1 failed 0");
        assertThat(running.outcomes()).isDone();
    }
}
