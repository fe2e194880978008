package io.jenkins.plugins.dashscope.usage;

import com.cloudbees.hudson.plugins.folder.AbstractFolder;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Api;
import hudson.model.Item;
import hudson.model.Job;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.core.ledger.Quota;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import jenkins.model.TransientActionFactory;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * A job's or a folder's usage page, for whoever can read the item: what its builds spent per month, model and build,
 * its quotas and what remains; on a job's main page, this month's line ({@code jobMain.jelly}). Shown only where
 * something was spent or a quota applies. Nothing is stored: Jenkins makes one per page view.
 */
public final class ItemUsageAction implements Action {

    private final Item item;
    private final Quota.Scope scope;
    private final Supplier<List<Quota>> quotas;

    ItemUsageAction(Item item, Quota.Scope scope, Supplier<List<Quota>> quotas) {
        this.item = item;
        this.scope = scope;
        this.quotas = quotas;
    }

    public Item getItem() {
        return item;
    }

    /** This request's view: the month asked for with {@code ?month=}. */
    public UsagePage getView(StaplerRequest2 req) {
        item.checkPermission(Item.READ);
        return UsagePage.of(scope, quotas.get(), req == null ? null : req.getParameter("month"));
    }

    public Api getApi() {
        return new Api(getView(null));
    }

    public void doCsv(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        // a header's file name: the item's name as plain characters only
        getView(req).writeCsv(rsp, "dashscope-usage-" + item.getName().replaceAll("[^A-Za-z0-9._-]", "_") + ".csv");
    }

    @Override
    public String getIconFileName() {
        return UsageManagementLink.ICON;
    }

    @Override
    public String getDisplayName() {
        return Messages.ItemUsageAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return UsageManagementLink.URL_NAME;
    }

    private static Collection<? extends Action> shown(ItemUsageAction a) {
        boolean used =
                UsageStore.get().ledger().recorded(a.scope) || !a.quotas.get().isEmpty();
        return used ? List.of(a) : List.of();
    }

    /** On every job someone can read. */
    @Extension
    @SuppressWarnings("rawtypes") // as Jenkins registers factories for a raw type
    public static final class ForJobs extends TransientActionFactory<Job> {
        @Override
        public Class<Job> type() {
            return Job.class;
        }

        @NonNull
        @Override
        public Collection<? extends Action> createFor(@NonNull Job target) {
            Job<?, ?> job = target;
            return shown(new ItemUsageAction(job, Quota.Scope.job(job.getFullName()), () -> Quotas.over(job)));
        }
    }

    /** On every folder someone can read. */
    @Extension
    @SuppressWarnings("rawtypes")
    public static final class ForFolders extends TransientActionFactory<AbstractFolder> {
        @Override
        public Class<AbstractFolder> type() {
            return AbstractFolder.class;
        }

        @NonNull
        @Override
        public Collection<? extends Action> createFor(@NonNull AbstractFolder target) {
            AbstractFolder<?> folder = target;
            return shown(new ItemUsageAction(
                    folder, Quota.Scope.folder(folder.getFullName()), () -> Quotas.overFolder(folder)));
        }
    }
}
