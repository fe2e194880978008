package io.jenkins.plugins.dashscope.config;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.core.catalog.ModelCatalog;
import io.jenkins.plugins.dashscope.core.catalog.ModelSpec;
import io.jenkins.plugins.dashscope.core.client.Region;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/** What the step, builder and global forms share: permission checks, drop-down lists, core-backed checks. */
public final class Forms {

    private Forms() {}

    /** Configuring a job needs Item/Configure; the global page (no item) needs Overall/Administer. */
    public static void checkConfigure(@CheckForNull Item item) {
        if (item == null) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        } else {
            item.checkPermission(Item.CONFIGURE);
        }
    }

    /**
     * Secret text credentials the user may pick, per the credentials plugin's consumer guide: without the
     * right to see them, only the current value comes back (no id enumeration).
     */
    public static ListBoxModel credentialsItems(@CheckForNull Item item, @CheckForNull String current) {
        StandardListBoxModel result = new StandardListBoxModel();
        String value = current == null ? "" : current;
        if (item == null
                ? !Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : !item.hasPermission(Item.EXTENDED_READ) && !item.hasPermission(CredentialsProvider.USE_ITEM)) {
            return result.includeCurrentValue(value);
        }
        result.includeEmptyValue();
        if (item == null) {
            result.includeMatchingAs(
                    ACL.SYSTEM2, Jenkins.get(), StringCredentials.class, List.of(), CredentialsMatchers.always());
        } else {
            result.includeMatchingAs(
                    item instanceof Queue.Task task ? task.getDefaultAuthentication2() : ACL.SYSTEM2,
                    item,
                    StringCredentials.class,
                    List.of(),
                    CredentialsMatchers.always());
        }
        return result.includeCurrentValue(value);
    }

    public static ListBoxModel regionItems() {
        ListBoxModel items = new ListBoxModel();
        items.add(Messages.Forms_DefaultChoice(), "");
        for (Region r : Region.values()) {
            items.add(r.id() + " (" + r.baseUrl().getHost() + ")", r.id());
        }
        return items;
    }

    public static ListBoxModel modelItems() {
        ListBoxModel items = new ListBoxModel();
        items.add(Messages.Forms_DefaultChoice(), "");
        for (ModelSpec m : ModelCatalog.builtIn().all()) {
            items.add(m.name() + " (" + m.family().id() + ")", m.name());
        }
        return items;
    }

    /** For options whose absence means the model's own default, not false. */
    public static ListBoxModel triStateItems() {
        ListBoxModel items = new ListBoxModel();
        items.add(Messages.Forms_DefaultChoice(), "");
        items.add("true", "true");
        items.add("false", "false");
        return items;
    }

    /** Runs a core check; its message already names the field and what is allowed. */
    public static FormValidation check(Runnable coreCheck) {
        try {
            coreCheck.run();
            return FormValidation.ok();
        } catch (InvalidRequestException e) {
            return FormValidation.error(e.getMessage());
        }
    }
}
