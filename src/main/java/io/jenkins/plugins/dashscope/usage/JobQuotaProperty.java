package io.jenkins.plugins.dashscope.usage;

import hudson.Extension;
import hudson.model.Descriptor.FormException;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.JobProperty;
import hudson.model.JobPropertyDescriptor;
import hudson.util.FormValidation;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.config.Forms;
import io.jenkins.plugins.dashscope.config.MonthlyQuota;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/** A job's monthly quota on DashScope images; in a Pipeline, {@code properties([dashscopeQuota(...)])}. */
public final class JobQuotaProperty extends JobProperty<Job<?, ?>> implements MonthlyQuota {

    /** The form's box that turns the quota on. */
    static final String ENABLED = "dashscopeQuota";

    private Integer monthlyImages;
    private String monthlyCost;

    @DataBoundConstructor
    public JobQuotaProperty() {}

    @Override
    public Integer getMonthlyImages() {
        return monthlyImages;
    }

    @DataBoundSetter
    public void setMonthlyImages(Integer monthlyImages) {
        this.monthlyImages = MonthlyQuota.images(monthlyImages);
    }

    @Override
    public String getMonthlyCost() {
        return monthlyCost;
    }

    @DataBoundSetter
    public void setMonthlyCost(String monthlyCost) {
        this.monthlyCost = MonthlyQuota.cost(monthlyCost);
    }

    @Extension
    @Symbol("dashscopeQuota")
    public static final class DescriptorImpl extends JobPropertyDescriptor {

        @Override
        public String getDisplayName() {
            return Messages.QuotaProperty_DisplayName();
        }

        /** None unless its box is ticked, so a job or folder without a quota keeps no empty property. */
        @Override
        public JobProperty<?> newInstance(StaplerRequest2 req, JSONObject form) throws FormException {
            return form.optBoolean(ENABLED) ? super.newInstance(req, form) : null;
        }

        @POST
        public FormValidation doCheckMonthlyCost(@AncestorInPath Item item, @QueryParameter String value) {
            Forms.checkConfigure(item);
            return MonthlyQuota.checkCost(value);
        }
    }
}
