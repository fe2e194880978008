package io.jenkins.plugins.dashscope.core.ledger;

import io.jenkins.plugins.dashscope.core.usage.PriceTable;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The ledger's totals in memory, per month, build and model, and the holds not yet settled: what quotas are checked
 * against and pages are drawn from, without reading the journal again. Not thread-safe: its ledger guards it.
 */
final class UsageBook {

    private record Key(YearMonth month, Payer payer, String model, String currency) {}

    private record Open(Key key, int images, PriceTable.Price price) {}

    private final ZoneId zone;
    private final TreeMap<YearMonth, Map<Key, UsageRow>> months = new TreeMap<>();
    private final Map<String, Open> open = new HashMap<>();
    /** Every job on record, sorted: whether a job or folder page shows usage, without a pass over the rows. */
    private final TreeSet<String> jobs = new TreeSet<>();

    UsageBook(ZoneId zone) {
        this.zone = zone;
    }

    /** Takes in one journal line; a settle of a hold it does not know (a compacted month's) changes nothing. */
    void apply(LedgerEntry e) {
        YearMonth month = YearMonth.from(e.time().atZone(zone));
        switch (e.kind()) {
            case HOLD -> {
                if (open.containsKey(e.id())) {
                    return; // the same line twice: a hold is taken once
                }
                Key key = new Key(month, e.payer(), e.model(), currency(e.price()));
                open.put(e.id(), new Open(key, e.images(), e.price()));
                add(key, e.images(), 0, 0, 0, 0, null, LedgerEntry.cost(e.price(), e.images()));
            }
            case SETTLE -> {
                Open o = open.remove(e.id());
                if (o != null) {
                    settle(o, e.assumed() ? o.images() : e.paid(), e.reused(), e.failed(), e.assumed());
                }
            }
            case REUSE -> add(new Key(month, e.payer(), e.model(), null), 0, 0, e.reused(), 0, 0, null, null);
        }
    }

    private void settle(Open o, int paid, int reused, int failed, boolean assumed) {
        BigDecimal heldCost = LedgerEntry.cost(o.price(), o.images());
        add(
                o.key(),
                -o.images(),
                paid,
                reused,
                failed,
                assumed ? paid : 0,
                LedgerEntry.cost(o.price(), paid),
                heldCost == null ? null : heldCost.negate());
    }

    /** Takes in a compacted month's totals. */
    void load(UsageRow row) {
        jobs.add(row.payer().job());
        Key key = new Key(row.month(), row.payer(), row.model(), row.currency());
        months.computeIfAbsent(row.month(), m -> new HashMap<>()).merge(key, row, UsageRow::plus);
    }

    private void add(
            Key key, int held, int paid, int reused, int failed, int assumed, BigDecimal cost, BigDecimal heldCost) {
        jobs.add(key.payer().job());
        UsageRow delta = new UsageRow(
                key.month(),
                key.payer(),
                key.model(),
                key.currency(),
                held,
                paid,
                reused,
                failed,
                assumed,
                cost,
                heldCost);
        months.computeIfAbsent(key.month(), m -> new HashMap<>()).merge(key, delta, UsageRow::plus);
    }

    private static String currency(PriceTable.Price price) {
        return price == null ? null : price.currency();
    }

    /** The month's rows, in no particular order. */
    List<UsageRow> month(YearMonth month) {
        return List.copyOf(months.getOrDefault(month, Map.of()).values());
    }

    /** Every row, oldest month first. */
    List<UsageRow> rows() {
        List<UsageRow> all = new ArrayList<>();
        months.values().forEach(m -> all.addAll(m.values()));
        return all;
    }

    /** Whether any job of {@code scope} is on record. */
    boolean recorded(Quota.Scope scope) {
        return switch (scope.kind()) {
            case GLOBAL -> !jobs.isEmpty();
            case JOB -> jobs.contains(scope.path());
            case FOLDER -> {
                String prefix = scope.path() + "/";
                String next = jobs.ceiling(prefix);
                yield next != null && next.startsWith(prefix);
            }
        };
    }

    int openHolds() {
        return open.size();
    }

    /**
     * Folds every month before {@code keepFrom} into one row per job and model (build 0), counting what those months
     * still held as paid, for their outcome can no longer come. Returns the folded rows, oldest month first.
     */
    List<UsageRow> compact(YearMonth keepFrom) {
        open.entrySet().removeIf(e -> {
            Open o = e.getValue();
            if (o.key().month().isBefore(keepFrom)) {
                settle(o, o.images(), 0, 0, true);
                return true;
            }
            return false;
        });
        List<UsageRow> folded = new ArrayList<>();
        for (var month : months.headMap(keepFrom).entrySet()) {
            Map<Key, UsageRow> totals = new HashMap<>();
            for (UsageRow r : month.getValue().values()) {
                Payer job = new Payer(r.payer().job(), 0);
                totals.merge(
                        new Key(r.month(), job, r.model(), r.currency()),
                        r.as(r.month(), job, r.model()),
                        UsageRow::plus);
            }
            month.setValue(totals);
            folded.addAll(totals.values());
        }
        return folded;
    }
}
