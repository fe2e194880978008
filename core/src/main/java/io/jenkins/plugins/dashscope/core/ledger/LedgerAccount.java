package io.jenkins.plugins.dashscope.core.ledger;

import io.jenkins.plugins.dashscope.core.usage.PriceTable;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** A payer's account in the controller's ledger; a write that fails is told once per call, never thrown. */
record LedgerAccount(
        UsageLedger ledger, Payer payer, List<Quota> quotas, PriceTable prices, Consumer<String> warn, Executor writes)
        implements UsageAccount {

    @Override
    public List<String> hold(List<Charge> charges) {
        List<UsageLedger.Hold> holds = charges.stream()
                .map(c -> new UsageLedger.Hold(
                        c.model(), c.images(), prices.priceOf(c.model()).orElse(null)))
                .toList();
        return told(() -> ledger.hold(payer, holds, quotas));
    }

    @Override
    public void settle(String id, int paid, int reused, int failed, boolean assumed) {
        if (id != null) {
            told(() -> {
                ledger.settle(id, paid, reused, failed, assumed);
                return null;
            });
        }
    }

    @Override
    public void reused(String model, int images) {
        told(() -> {
            ledger.reused(payer, model, images);
            return null;
        });
    }

    private <T> T told(java.util.function.Supplier<T> write) {
        long before = ledger.failedWrites();
        T result = write.get();
        if (ledger.failedWrites() != before) {
            // where and why stay on the usage page, for administrators: a build log is read by many more
            warn.accept("the usage ledger cannot be written; the generation goes on, and this month's quotas hold "
                    + "until a restart");
        }
        return result;
    }
}
