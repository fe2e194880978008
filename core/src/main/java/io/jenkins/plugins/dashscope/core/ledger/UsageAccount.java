package io.jenkins.plugins.dashscope.core.ledger;

import io.jenkins.plugins.dashscope.core.usage.PriceTable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Where a host's generations are recorded and capped across builds: the ledger, who pays, the quotas over them and
 * today's prices. A host that keeps no ledger (the CLI, a dry run) has {@link #NONE}.
 */
public interface UsageAccount {

    /** One generation's images, to hold before it is sent. */
    record Charge(String model, int images) {}

    /** Records nothing and limits nothing. */
    UsageAccount NONE = new UsageAccount() {
        @Override
        public List<String> hold(List<Charge> charges) {
            List<String> none = new ArrayList<>();
            charges.forEach(c -> none.add(null));
            return none;
        }

        @Override
        public void settle(String id, int paid, int reused, int failed, boolean assumed) {}

        @Override
        public void reused(String model, int images) {}
    };

    /**
     * Holds each charge's images, checked against every quota at once; returns an id per charge (null where nothing
     * is recorded).
     *
     * @throws io.jenkins.plugins.dashscope.core.common.InvalidRequestException naming the quota that refuses
     */
    List<String> hold(List<Charge> charges);

    /** What a held generation paid for, reused and lost ({@code assumed}: its outcome is not known). */
    void settle(String id, int paid, int reused, int failed, boolean assumed);

    /** A generation that took an earlier result. */
    void reused(String model, int images);

    /**
     * Where settlements are written: a write waits for the disk, so it never runs on the thread that ended the
     * generation (an HTTP client's, the engine's scheduler). At once, on the caller's thread, when nothing is written.
     */
    default Executor writes() {
        return Runnable::run;
    }

    /**
     * The account of {@code payer} in {@code ledger}, under {@code quotas}, priced by {@code prices}; {@code warn}
     * hears when the ledger cannot be written (the generation goes on).
     */
    static UsageAccount of(
            UsageLedger ledger,
            Payer payer,
            List<Quota> quotas,
            PriceTable prices,
            Consumer<String> warn,
            Executor writes) {
        return new LedgerAccount(ledger, payer, List.copyOf(quotas), prices, warn, writes);
    }
}
