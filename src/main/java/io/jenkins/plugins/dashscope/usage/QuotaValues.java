package io.jenkins.plugins.dashscope.usage;

import io.jenkins.plugins.dashscope.core.ledger.Quota;

/** What a folder's or a job's quota property holds: images and/or an estimated cost a month. */
interface QuotaValues {

    Integer getMonthlyImages();

    String getMonthlyCost();

    /** The quota over {@code scope}; null when it limits nothing. */
    default Quota quota(Quota.Scope scope) {
        return io.jenkins.plugins.dashscope.config.QuotaSettings.quota(scope, getMonthlyImages(), getMonthlyCost());
    }
}
