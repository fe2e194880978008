package io.jenkins.plugins.dashscope.core.ledger;

import java.math.BigDecimal;
import java.time.YearMonth;

/**
 * What one model cost one build of a job in a month, in one currency: images held (reserved and not yet settled),
 * paid, reused and failed, and the estimated cost of those paid and held, each at the price of its moment.
 *
 * @param currency null when the price table had no price for the model
 * @param assumed  of the paid images, those counted as paid because the outcome was lost
 */
public record UsageRow(
        YearMonth month,
        Payer payer,
        String model,
        String currency,
        int held,
        int paid,
        int reused,
        int failed,
        int assumed,
        BigDecimal cost,
        BigDecimal heldCost) {

    public UsageRow {
        cost = cost == null || cost.signum() == 0 ? BigDecimal.ZERO : cost; // one zero, whatever its scale
        heldCost = heldCost == null || heldCost.signum() == 0 ? BigDecimal.ZERO : heldCost;
    }

    /** An empty row for these keys. */
    static UsageRow zero(YearMonth month, Payer payer, String model, String currency) {
        return new UsageRow(month, payer, model, currency, 0, 0, 0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    /** What counts toward a quota: the images paid and those held for generations under way. */
    public int charged() {
        return paid + held;
    }

    /** The estimate of what counts toward a quota. */
    public BigDecimal chargedCost() {
        return cost.add(heldCost);
    }

    /** The sums of this row's counts and another's (keeping this row's keys). */
    public UsageRow plus(UsageRow o) {
        return new UsageRow(
                month,
                payer,
                model,
                currency,
                held + o.held,
                paid + o.paid,
                reused + o.reused,
                failed + o.failed,
                assumed + o.assumed,
                cost.add(o.cost),
                heldCost.add(o.heldCost));
    }

    /** The same counts under other keys (a month compacted into its totals, a report's grouping). */
    public UsageRow as(YearMonth m, Payer p, String mod) {
        return new UsageRow(m, p, mod, currency, held, paid, reused, failed, assumed, cost, heldCost);
    }
}
