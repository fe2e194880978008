package io.jenkins.plugins.dashscope.config;

import hudson.util.FormValidation;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.core.catalog.ModelLimits;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.gate.GatePolicy;
import io.jenkins.plugins.dashscope.core.usage.PriceTable;
import java.util.Map;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The part of the global settings that bounds what builds send and spend: overrides of each model's submit rate and
 * concurrency, the images one build may pay for, reuse of earlier results, and the prices estimates use. The settings
 * page, the XML file and Configuration as Code show them with the others, as one {@link DashScopeConfiguration}.
 */
@Restricted(NoExternalUse.class)
public abstract class SpendingSettings extends QuotaSettings {

    /** Overrides of every model's submit rate and concurrency; null for each model's own (the catalog's). */
    private Integer submitsPerSecond;

    private Integer maxTasksInFlight;
    /** Per-model overrides, one {@code model submits/s concurrency} per line. */
    private String modelLimits;
    /** This controller's part of the account's limits in percent; null for all of it. */
    private Integer accountShare;
    /**
     * 2 since the gate took each model's own limits. Configurations saved before hold the old defaults (2 and 1)
     * as if an administrator had chosen them; {@link #migrateLimits} clears those.
     */
    private int limitsVersion = 2;

    private boolean reuse;
    /** The most images one build may pay for; 0 for no limit. */
    private int maxImagesPerBuild;

    private String prices;

    GatePolicy gatePolicy() {
        Map<String, ModelLimits> perModel;
        try {
            perModel = GatePolicy.parseOverrides("modelLimits", modelLimits);
        } catch (InvalidRequestException e) {
            perModel = Map.of(); // written by hand into the XML: each model's own limits rather than a failed build
        }
        return GatePolicy.defaults()
                .withOverrides(submitsPerSecond, maxTasksInFlight, perModel)
                .withShare(accountShare == null ? GatePolicy.WHOLE : accountShare);
    }

    /**
     * Reads the saved settings, then clears the old one-size limits that configurations saved before each model
     * had its own hold as if an administrator had chosen them.
     */
    protected final void loadSaved() {
        limitsVersion = 0; // stays 0 only when load() reads a configuration saved before the field existed
        load();
        migrateLimits();
    }

    private void migrateLimits() {
        if (limitsVersion < 2) {
            if (Integer.valueOf(2).equals(submitsPerSecond)
                    && Integer.valueOf(1).equals(maxTasksInFlight)) {
                submitsPerSecond = null; // the old one-size guess, not a choice: each model's own limits now
                maxTasksInFlight = null;
            }
            limitsVersion = 2;
        }
    }

    /** Null when each model's own submit rate applies. */
    public Integer getSubmitsPerSecond() {
        return submitsPerSecond;
    }

    @DataBoundSetter
    public void setSubmitsPerSecond(Integer submitsPerSecond) {
        this.submitsPerSecond = submitsPerSecond == null || submitsPerSecond < 1 ? null : submitsPerSecond;
        save();
        DashScopeService.get().gatesChanged(gatePolicy());
    }

    /** Null when each model's own concurrency applies. */
    public Integer getMaxTasksInFlight() {
        return maxTasksInFlight;
    }

    @DataBoundSetter
    public void setMaxTasksInFlight(Integer maxTasksInFlight) {
        this.maxTasksInFlight = maxTasksInFlight == null || maxTasksInFlight < 1 ? null : maxTasksInFlight;
        save();
        DashScopeService.get().gatesChanged(gatePolicy());
    }

    public String getModelLimits() {
        return modelLimits;
    }

    @DataBoundSetter
    public void setModelLimits(String modelLimits) {
        GatePolicy.parseOverrides("modelLimits", modelLimits); // refused whole, naming the line
        this.modelLimits = blankToNull(modelLimits);
        save();
        DashScopeService.get().gatesChanged(gatePolicy());
    }

    @POST
    public FormValidation doCheckModelLimits(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return Forms.check(() -> GatePolicy.parseOverrides("modelLimits", value));
    }

    /** Null when this controller uses all of the account's limits. */
    public Integer getAccountShare() {
        return accountShare;
    }

    @DataBoundSetter
    public void setAccountShare(Integer accountShare) {
        if (accountShare != null) {
            GatePolicy.parseShare("accountShare", accountShare.toString()); // refused, naming the field
        }
        this.accountShare = accountShare == null || accountShare == GatePolicy.WHOLE ? null : accountShare;
        save();
        DashScopeService.get().gatesChanged(gatePolicy());
    }

    @POST
    public FormValidation doCheckAccountShare(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return Forms.check(() -> GatePolicy.parseShare("accountShare", value));
    }

    /** Whether steps that do not say reuse a matching result of the previous successful build. */
    public boolean isReuse() {
        return reuse;
    }

    @DataBoundSetter
    public void setReuse(boolean reuse) {
        this.reuse = reuse;
        save();
    }

    public int getMaxImagesPerBuild() {
        return maxImagesPerBuild;
    }

    @DataBoundSetter
    public void setMaxImagesPerBuild(int maxImagesPerBuild) {
        this.maxImagesPerBuild = Math.max(0, maxImagesPerBuild);
        save();
    }

    /** Price per image by model, one {@code model price currency} per line; for estimates only. */
    public String getPrices() {
        return prices;
    }

    @DataBoundSetter
    public void setPrices(String prices) {
        PriceTable.parse("prices", prices); // refused whole, naming the line, rather than saved half-understood
        this.prices = blankToNull(prices);
        save();
    }

    public PriceTable priceTable() {
        try {
            return PriceTable.parse("prices", prices);
        } catch (InvalidRequestException e) {
            return PriceTable.none(); // written by hand into the XML: no estimate rather than a failed build
        }
    }

    @POST
    public FormValidation doCheckPrices(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return Forms.check(() -> PriceTable.parse("prices", value));
    }

    @POST
    public FormValidation doCheckMaxImagesPerBuild(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return value == null || value.isBlank() || value.trim().matches("\\d{1,9}")
                ? FormValidation.ok()
                : FormValidation.error(Messages.DashScopeConfiguration_PositiveNumber());
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
