package io.jenkins.plugins.dashscope.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.spec.AssetSpec;
import io.jenkins.plugins.dashscope.core.spec.SetLimit;
import io.jenkins.plugins.dashscope.core.spec.Variant;
import io.jenkins.plugins.dashscope.core.usage.PriceTable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
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
}
