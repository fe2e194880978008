package io.jenkins.plugins.dashscope.usage;

import com.cloudbees.hudson.plugins.folder.AbstractFolder;
import hudson.model.ItemGroup;
import hudson.model.Job;
import io.jenkins.plugins.dashscope.config.DashScopeConfiguration;
import io.jenkins.plugins.dashscope.core.ledger.Quota;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;

/**
 * Every quota over a job: the controller's, each enclosing folder's (its property, and any the global settings keep
 * by its name) and the job's own. All are checked, so the tightest refuses first.
 */
public final class Quotas {

    private Quotas() {}

    public static List<Quota> over(Job<?, ?> job) {
        List<Quota> quotas = new ArrayList<>(DashScopeConfiguration.get().globalQuotas());
        quotas.removeIf(q -> !q.scope().covers(job.getFullName()));
        quotas.addAll(ofFolders(job.getParent()));
        JobQuotaProperty own = job.getProperty(JobQuotaProperty.class);
        add(quotas, own == null ? null : own.quota(Quota.Scope.job(job.getFullName())));
        return quotas;
    }

    /** The quotas a folder's page shows: the controller's, those kept for it and its parents, and their properties. */
    public static List<Quota> overFolder(AbstractFolder<?> folder) {
        List<Quota> quotas = new ArrayList<>(DashScopeConfiguration.get().globalQuotas());
        String probe = folder.getFullName() + "/*";
        quotas.removeIf(q -> !q.scope().covers(probe));
        quotas.addAll(ofFolders(folder));
        return quotas;
    }

    /** Every quota of this controller, for its usage page: the settings', then each folder's and job's property. */
    public static List<Quota> all() {
        List<Quota> quotas = new ArrayList<>(DashScopeConfiguration.get().globalQuotas());
        for (AbstractFolder<?> f : Jenkins.get().allItems(AbstractFolder.class)) {
            FolderQuotaProperty p = f.getProperties().get(FolderQuotaProperty.class);
            add(quotas, p == null ? null : p.quota(Quota.Scope.folder(f.getFullName())));
        }
        for (Job<?, ?> job : Jenkins.get().allItems(Job.class)) {
            JobQuotaProperty p = job.getProperty(JobQuotaProperty.class);
            add(quotas, p == null ? null : p.quota(Quota.Scope.job(job.getFullName())));
        }
        return quotas;
    }

    private static List<Quota> ofFolders(ItemGroup<?> group) {
        List<Quota> quotas = new ArrayList<>();
        for (ItemGroup<?> g = group; g instanceof AbstractFolder<?> f; g = f.getParent()) {
            FolderQuotaProperty p = f.getProperties().get(FolderQuotaProperty.class);
            add(quotas, p == null ? null : p.quota(Quota.Scope.folder(f.getFullName())));
        }
        return quotas;
    }

    private static void add(List<Quota> quotas, Quota q) {
        if (q != null) {
            quotas.add(q);
        }
    }
}
