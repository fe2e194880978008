package io.jenkins.plugins.dashscope.core.ledger;

import java.time.YearMonth;
import java.util.List;

/**
 * The ledger at one moment, for a page or an export.
 *
 * @param month     the current month, in the controller's time zone
 * @param rows      every row, oldest month first; months past the retention with build 0
 * @param openHolds holds not settled yet: generations under way, or whose outcome was lost
 * @param problem   why the ledger could not be read or written; null when all is well
 */
public record LedgerSnapshot(YearMonth month, List<UsageRow> rows, int openHolds, String problem) {

    public LedgerSnapshot {
        rows = List.copyOf(rows);
    }
}
