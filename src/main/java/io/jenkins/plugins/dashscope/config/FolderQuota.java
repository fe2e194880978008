package io.jenkins.plugins.dashscope.config;

import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A folder's monthly quota as the global settings keep it, by the folder's full name: what Configuration as Code
 * writes, beside the quota a folder's own property sets. It covers the folder's sub-folders too.
 */
public final class FolderQuota extends AbstractDescribableImpl<FolderQuota> implements MonthlyQuota {

    private final String folder;
    private Integer monthlyImages;
    private String monthlyCost;

    @DataBoundConstructor
    public FolderQuota(String folder) {
        String path = folder == null ? "" : folder.strip().replaceAll("^/+|/+$", "");
        if (path.isEmpty()) {
            throw new InvalidRequestException("folder", "give the folder's full name, e.g. team-a/site");
        }
        this.folder = path;
    }

    public String getFolder() {
        return folder;
    }

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
    @Symbol("folderQuota")
    public static final class DescriptorImpl extends Descriptor<FolderQuota> {

        @Override
        public String getDisplayName() {
            return Messages.FolderQuota_DisplayName();
        }

        @POST
        public FormValidation doCheckMonthlyCost(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            return MonthlyQuota.checkCost(value);
        }

        @POST
        public FormValidation doCheckFolder(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            if (value == null || value.isBlank()) {
                return FormValidation.error(Messages.FolderQuota_FolderRequired());
            }
            return Jenkins.get().getItemByFullName(value.strip()) == null
                    ? FormValidation.warning(Messages.FolderQuota_NoSuchFolder(value.strip()))
                    : FormValidation.ok();
        }
    }
}
