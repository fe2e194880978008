package io.jenkins.plugins.dashscope.core.batch;

import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.spec.Variant;
import io.jenkins.plugins.dashscope.core.usage.PriceTable;
import io.jenkins.plugins.dashscope.core.usage.UsageSummary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A batch checked and ready to run: every item staged, the earlier result each takes (null where it is generated),
 * and the images it pays for, which reused items do not count toward.
 *
 * @param label     what the batch is, for messages: the spec's file name
 * @param maxImages   the most images the batch may pay for; null for no limit
 * @param reservation the items' holds in the usage ledger
 */
public record BatchPlan(
        String label,
        List<Variant> items,
        List<BatchHost.Staged> staged,
        List<GenerationResult> reused,
        int images,
        Integer maxImages,
        Reservation reservation) {

    public BatchPlan {
        items = List.copyOf(items);
        staged = List.copyOf(staged);
        reused = Collections.unmodifiableList(new ArrayList<>(reused)); // nulls mark the items to generate
    }

    /** The images the plan pays for, by model: what an estimate prices. */
    public UsageSummary toPay() {
        Map<String, Integer> perModel = new TreeMap<>();
        for (int i = 0; i < staged.size(); i++) {
            if (reused.get(i) == null) {
                perModel.merge(staged.get(i).model(), staged.get(i).images(), Integer::sum);
            }
        }
        return UsageSummary.planned(perModel);
    }

    public long reusedCount() {
        return reused.stream().filter(Objects::nonNull).count();
    }

    /**
     * The batch's first log line: what it makes and pays for.
     *
     * @param unpaid why nothing is paid ("dry run", "simulated"), or null for a real run
     */
    public String describe(PriceTable prices, String unpaid) {
        return label + ": " + items.size() + " variant(s), " + images + " image(s) to pay for, " + reusedCount()
                + " reused"
                + (prices.isEmpty()
                        ? ""
                        : "; estimate " + toPay().estimate(prices).describe())
                + (unpaid == null ? "" : " (" + unpaid + ": nothing is paid)");
    }
}
