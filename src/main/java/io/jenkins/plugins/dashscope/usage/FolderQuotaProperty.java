package io.jenkins.plugins.dashscope.usage;

import com.cloudbees.hudson.plugins.folder.AbstractFolder;
import com.cloudbees.hudson.plugins.folder.AbstractFolderProperty;
import com.cloudbees.hudson.plugins.folder.AbstractFolderPropertyDescriptor;
import hudson.Extension;
import hudson.model.Descriptor.FormException;
import hudson.model.Item;
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

/** A folder's monthly quota on DashScope images, covering its jobs and its sub-folders' jobs. */
public final class FolderQuotaProperty extends AbstractFolderProperty<AbstractFolder<?>> implements MonthlyQuota {

    /** The form's box that turns the quota on. */
    static final String ENABLED = "dashscopeFolderQuota";

    private Integer monthlyImages;
    private String monthlyCost;

    @DataBoundConstructor
    public FolderQuotaProperty() {}

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
    @Symbol("dashscopeFolderQuota")
    public static final class DescriptorImpl extends AbstractFolderPropertyDescriptor {

        @Override
        public String getDisplayName() {
            return Messages.QuotaProperty_DisplayName();
        }

        /** None unless its box is ticked, so a job or folder without a quota keeps no empty property. */
        @Override
        public AbstractFolderProperty<?> newInstance(StaplerRequest2 req, JSONObject form) throws FormException {
            return form.optBoolean(ENABLED) ? super.newInstance(req, form) : null;
        }

        @POST
        public FormValidation doCheckMonthlyCost(@AncestorInPath Item item, @QueryParameter String value) {
            Forms.checkConfigure(item);
            return MonthlyQuota.checkCost(value);
        }
    }
}
