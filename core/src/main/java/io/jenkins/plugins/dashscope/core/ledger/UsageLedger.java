package io.jenkins.plugins.dashscope.core.ledger;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.usage.PriceTable;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The controller's record of what generations paid, reused and failed, and the monthly quotas checked against it.
 * Every hold is checked and written under one lock, so two builds can never both take the last images of a quota.
 * Lines go to a journal that is only appended to (see {@link LedgerFiles}); months past the retention are folded into
 * monthly totals. Writing never fails a generation: a ledger that cannot be written says so in {@link #problem()},
 * and its totals in memory still hold every quota.
 */
public final class UsageLedger {

    /** How long months are kept line by line, unless an administrator says otherwise. */
    public static final int DEFAULT_RETENTION_MONTHS = 13;

    /** The most images a quota check counts in one call, so a sum can never overflow. */
    private static final int MAX_IMAGES = 1_000_000;

    /** One generation's images to hold, at the price one image has now (null when the table has none). */
    public record Hold(String model, int images, PriceTable.Price price) {}

    private final LedgerFiles files;
    private final Clock clock;
    private final ZoneId zone;
    private final UsageBook book;
    private int retentionMonths;
    private YearMonth compactedBefore;

    private UsageLedger(LedgerFiles files, Clock clock, ZoneId zone, int retentionMonths) {
        this.files = files;
        this.clock = clock;
        this.zone = zone;
        this.book = new UsageBook(zone);
        this.retentionMonths = Math.max(1, retentionMonths);
    }

    /** Reads the ledger kept in {@code dir} (created when missing); what cannot be read is told by {@link #problem}. */
    public static UsageLedger open(Path dir, Clock clock, ZoneId zone, int retentionMonths) {
        UsageLedger ledger = new UsageLedger(new LedgerFiles(dir), clock, zone, retentionMonths);
        synchronized (ledger) {
            ledger.files.load(ledger.book);
            ledger.compactIfDue();
        }
        return ledger;
    }

    /**
     * Checks every quota and holds each generation's images, before anything is sent; returns the holds' ids, in
     * order.
     *
     * @throws InvalidRequestException naming the quota, its scope, what is used and what was asked; nothing is held
     */
    public synchronized List<String> hold(Payer payer, List<Hold> holds, List<Quota> quotas) {
        compactIfDue();
        YearMonth month = month();
        QuotaCheck.check(month, book.month(month), payer, holds, quotas, MAX_IMAGES);
        List<String> ids = new ArrayList<>();
        List<LedgerEntry> lines = new ArrayList<>();
        for (Hold h : holds) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            lines.add(LedgerEntry.hold(id, clock.instant(), payer, h.model(), h.images(), h.price()));
        }
        write(lines);
        return ids;
    }

    /** What a held generation paid, reused and lost; the rest of its hold is given back. */
    public synchronized void settle(String id, int paid, int reused, int failed, boolean assumed) {
        write(List.of(LedgerEntry.settle(id, clock.instant(), paid, reused, failed, assumed)));
    }

    /** A generation that took an earlier result, paying nothing. */
    public synchronized void reused(Payer payer, String model, int images) {
        write(List.of(LedgerEntry.reuse(UUID.randomUUID().toString(), clock.instant(), payer, model, images)));
    }

    private void write(List<LedgerEntry> lines) {
        lines.forEach(book::apply); // counted even when the disk refuses: quotas still hold until a restart
        files.append(month(), lines);
    }

    /** Everything the ledger holds now, for a page or an export. */
    public synchronized LedgerSnapshot snapshot() {
        compactIfDue();
        return new LedgerSnapshot(month(), book.rows(), book.openHolds(), files.problem());
    }

    /** Whether anything of {@code scope}'s jobs is on record, in any month kept. */
    public synchronized boolean recorded(Quota.Scope scope) {
        return book.recorded(scope);
    }

    /** Keeps {@code months} months line by line from now on (at least 1). */
    public synchronized void retain(int months) {
        retentionMonths = Math.max(1, months);
        compactedBefore = null;
        compactIfDue();
    }

    /** Why the ledger could not be read or written, the last time it could not; null when all is well. */
    public String problem() {
        return files.problem();
    }

    /** How many writes have failed since the ledger was opened: a host compares it around its own to warn. */
    public long failedWrites() {
        return files.failedWrites();
    }

    /** The current month in the controller's time zone. */
    private YearMonth month() {
        return YearMonth.from(clock.instant().atZone(zone));
    }

    private void compactIfDue() {
        YearMonth keepFrom = month().minusMonths(retentionMonths - 1L);
        if (keepFrom.equals(compactedBefore)) {
            return;
        }
        files.compact(keepFrom, book.compact(keepFrom));
        compactedBefore = keepFrom;
    }
}
