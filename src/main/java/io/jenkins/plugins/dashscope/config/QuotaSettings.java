package io.jenkins.plugins.dashscope.config;

import hudson.util.FormValidation;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.ledger.Quota;
import io.jenkins.plugins.dashscope.core.ledger.UsageLedger;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The part of the global settings that caps spending across builds: the controller's monthly quota, the folders'
 * quotas an administrator keeps here (as Configuration as Code writes them), and how long the usage ledger keeps
 * months line by line. Shown with the others, as one {@link DashScopeConfiguration}.
 */
@Restricted(NoExternalUse.class)
public abstract class QuotaSettings extends GlobalConfiguration {

    /** The most images every job together may pay for in a calendar month; null for no limit. */
    private Integer monthlyImages;
    /** The most estimated cost a month, {@code 500 CNY}; null for no limit. */
    private String monthlyCost;

    private List<FolderQuota> folderQuotas = new ArrayList<>();
    private int usageRetentionMonths = UsageLedger.DEFAULT_RETENTION_MONTHS;

    /** Null when the controller has no monthly image quota. */
    public Integer getMonthlyImages() {
        return monthlyImages;
    }

    @DataBoundSetter
    public void setMonthlyImages(Integer monthlyImages) {
        this.monthlyImages = MonthlyQuota.images(monthlyImages);
        save();
    }

    public String getMonthlyCost() {
        return monthlyCost;
    }

    @DataBoundSetter
    public void setMonthlyCost(String monthlyCost) {
        this.monthlyCost = MonthlyQuota.cost(monthlyCost); // refused whole, naming the field
        save();
    }

    @POST
    public FormValidation doCheckMonthlyCost(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return MonthlyQuota.checkCost(value);
    }

    public List<FolderQuota> getFolderQuotas() {
        return folderQuotas == null ? List.of() : List.copyOf(folderQuotas);
    }

    @DataBoundSetter
    public void setFolderQuotas(List<FolderQuota> folderQuotas) {
        this.folderQuotas = folderQuotas == null ? new ArrayList<>() : new ArrayList<>(folderQuotas);
        save();
    }

    public int getUsageRetentionMonths() {
        return usageRetentionMonths < 1 ? UsageLedger.DEFAULT_RETENTION_MONTHS : usageRetentionMonths;
    }

    @DataBoundSetter
    public void setUsageRetentionMonths(int usageRetentionMonths) {
        if (usageRetentionMonths < 1 || usageRetentionMonths > 120) {
            throw new InvalidRequestException("usageRetentionMonths", "between 1 and 120 months");
        }
        this.usageRetentionMonths = usageRetentionMonths;
        save();
    }

    @POST
    public FormValidation doCheckUsageRetentionMonths(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return value != null
                        && value.trim().matches("\\d{1,3}")
                        && Integer.parseInt(value.trim()) >= 1
                        && Integer.parseInt(value.trim()) <= 120
                ? FormValidation.ok()
                : FormValidation.error(Messages.QuotaSettings_Retention());
    }

    /**
     * The quotas these settings place on every job: the controller's, and each folder's kept here. A value written
     * by hand into the XML that does not parse limits nothing rather than failing builds.
     */
    public List<Quota> globalQuotas() {
        List<Quota> quotas = new ArrayList<>();
        Quota global = quota(Quota.Scope.GLOBAL, monthlyImages, monthlyCost);
        if (global != null) {
            quotas.add(global);
        }
        for (FolderQuota f : getFolderQuotas()) {
            Quota q = f.quota(Quota.Scope.folder(f.getFolder()));
            if (q != null) {
                quotas.add(q);
            }
        }
        return quotas;
    }

    /** A quota of {@code scope}; null when it limits nothing or its cost does not parse. */
    public static Quota quota(Quota.Scope scope, Integer images, String cost) {
        try {
            Quota q = new Quota(scope, images, Quota.Cost.parse("monthlyCost", cost));
            return q.isNone() ? null : q;
        } catch (InvalidRequestException e) {
            return null;
        }
    }
}
