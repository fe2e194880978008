package io.jenkins.plugins.dashscope.core.ledger;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;

/** Whether a generation's holds fit every quota that covers its job, given what the month has charged so far. */
final class QuotaCheck {

    private QuotaCheck() {}

    /**
     * @param rows the month's rows
     * @throws InvalidRequestException for the first quota the holds would pass, naming it, its scope, what is used
     *                                 and what was asked
     */
    static void check(
            YearMonth month,
            List<UsageRow> rows,
            Payer payer,
            List<UsageLedger.Hold> holds,
            List<Quota> quotas,
            int maxImages) {
        long asked = holds.stream().mapToLong(UsageLedger.Hold::images).sum();
        for (Quota q : quotas) {
            if (q.isNone() || !q.scope().covers(payer.job())) {
                continue;
            }
            if (q.images() != null) {
                long used = q.usedImages(rows);
                if (asked > maxImages || used + asked > q.images()) {
                    throw refusal(q, month, used + " image(s)", asked + " image(s)");
                }
            }
            if (q.cost() != null) {
                String currency = q.cost().currency();
                BigDecimal used = q.usedCost(rows);
                BigDecimal cost = holds.stream()
                        .filter(h ->
                                h.price() != null && currency.equals(h.price().currency()))
                        .map(h -> LedgerEntry.cost(h.price(), h.images()))
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                if (cost.signum() > 0 && used.add(cost).compareTo(q.cost().amount()) > 0) {
                    throw refusal(
                            q, month, used.toPlainString() + " " + currency, cost.toPlainString() + " " + currency);
                }
            }
        }
    }

    private static InvalidRequestException refusal(Quota q, YearMonth month, String used, String asked) {
        return new InvalidRequestException(
                "quota",
                "the monthly quota of " + q.scope().describe() + " is " + q.describe() + "; " + used + " used in "
                        + month + ", " + asked + " asked. Nothing was sent.");
    }
}
