package io.jenkins.plugins.dashscope.usage;

import hudson.Extension;
import hudson.model.Api;
import hudson.model.ManagementLink;
import hudson.security.Permission;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.core.ledger.Quota;
import java.io.IOException;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * Manage Jenkins › DashScope image usage: what every job spent this month and the months before, per folder, job and
 * model, against the controller's and the folders' quotas; with a chart, and CSV and JSON exports. Administrators
 * only.
 */
@Extension
@Symbol("dashscopeUsage")
public final class UsageManagementLink extends ManagementLink {

    static final String URL_NAME = "dashscope-usage";
    static final String ICON = "symbol-image-usage plugin-dashscope-image";

    @Override
    public String getIconFileName() {
        return ICON;
    }

    @Override
    public String getDisplayName() {
        return Messages.UsageManagementLink_DisplayName();
    }

    @Override
    public String getDescription() {
        return Messages.UsageManagementLink_Description();
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    @Override
    public Permission getRequiredPermission() {
        return Jenkins.ADMINISTER;
    }

    @Override
    public Category getCategory() {
        return Category.STATUS;
    }

    /** This request's view: the month asked for with {@code ?month=}. */
    public UsagePage getView(StaplerRequest2 req) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return UsagePage.of(Quota.Scope.GLOBAL, Quotas.all(), req == null ? null : req.getParameter("month"));
    }

    public Api getApi() {
        return new Api(getView(null));
    }

    public void doCsv(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        getView(req).writeCsv(rsp, "dashscope-usage.csv");
    }
}
