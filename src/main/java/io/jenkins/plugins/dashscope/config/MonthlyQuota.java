package io.jenkins.plugins.dashscope.config;

import hudson.util.FormValidation;
import io.jenkins.plugins.dashscope.core.ledger.Quota;

/**
 * What every monthly quota an administrator or a folder's or job's owner sets holds (a folder's kept in the global
 * settings, a folder's property, a job's property): images and/or an estimated cost a month, read and checked once
 * here.
 */
public interface MonthlyQuota {

    Integer getMonthlyImages();

    String getMonthlyCost();

    /** The quota over {@code scope}; null when it limits nothing. */
    default Quota quota(Quota.Scope scope) {
        return QuotaSettings.quota(scope, getMonthlyImages(), getMonthlyCost());
    }

    /** An image count as kept: null for none or a negative number. */
    static Integer images(Integer images) {
        return images == null || images < 0 ? null : images;
    }

    /**
     * A cost as kept: null for blank.
     *
     * @throws io.jenkins.plugins.dashscope.core.common.InvalidRequestException naming the field when it is not
     *                                                                          {@code amount currency}
     */
    static String cost(String cost) {
        Quota.Cost.parse("monthlyCost", cost);
        return cost == null || cost.isBlank() ? null : cost.strip();
    }

    /** The form's check of a cost; the caller has checked the user's permission. */
    static FormValidation checkCost(String value) {
        return Forms.check(() -> Quota.Cost.parse("monthlyCost", value));
    }
}
