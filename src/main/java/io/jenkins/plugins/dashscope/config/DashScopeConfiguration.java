package io.jenkins.plugins.dashscope.config;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.XmlFile;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.core.client.Endpoint;
import io.jenkins.plugins.dashscope.core.download.DownloadPolicy;
import java.io.File;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Manage Jenkins › System › DashScope: defaults every {@code generateImage} falls back to, and the
 * per-key limits the controller enforces. Configuration-as-Code: {@code unclassified: dashscope:}.
 */
@Extension
@Symbol("dashscope")
public class DashScopeConfiguration extends SpendingSettings {

    static final int DEFAULT_TIMEOUT_SECONDS = 600;
    static final int DEFAULT_MAX_TIMEOUT_SECONDS = 3600;

    private String credentialsId;
    private String region;
    private String endpoint;
    private String model;
    private int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
    private int maxTimeoutSeconds = DEFAULT_MAX_TIMEOUT_SECONDS;
    static final String SETTINGS_FILE = "io.jenkins.plugins.dashscope.DashScopeConfiguration.xml";

    private String extraDownloadHosts;
    private boolean proxyCredentialsToAgents;

    public DashScopeConfiguration() {
        loadSaved();
    }

    /** The settings keep the file name they had before this class moved into its package. */
    @Override
    protected XmlFile getConfigFile() {
        return new XmlFile(Jenkins.XSTREAM, new File(Jenkins.get().getRootDir(), SETTINGS_FILE));
    }

    public static DashScopeConfiguration get() {
        return ExtensionList.lookupSingleton(DashScopeConfiguration.class);
    }

    /** The endpoint a step uses: its own region or endpoint if it names one, else this configuration's. */
    public Endpoint endpointFor(@CheckForNull String stepRegion, @CheckForNull String stepEndpoint) {
        boolean stepChoice = stepRegion != null || stepEndpoint != null;
        return stepChoice ? Endpoint.choose(stepRegion, stepEndpoint) : configuredEndpoint();
    }

    /** The configured endpoint: the only one the default credential is ever sent to. */
    public Endpoint configuredEndpoint() {
        return Endpoint.choose(region, endpoint);
    }

    /** A step's timeout within the administrator's maximum; the default when it gives none. */
    int effectiveTimeoutSeconds(Integer stepTimeout) {
        int wanted = stepTimeout != null && stepTimeout > 0 ? stepTimeout : timeoutSeconds;
        return Math.min(wanted, maxTimeoutSeconds);
    }

    List<String> extraHosts() {
        return DownloadPolicy.parseHosts(extraDownloadHosts);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = blankToNull(credentialsId);
        save();
    }

    public String getRegion() {
        return region;
    }

    @DataBoundSetter
    public void setRegion(String region) {
        this.region = blankToNull(region);
        save();
    }

    public String getEndpoint() {
        return endpoint;
    }

    @DataBoundSetter
    public void setEndpoint(String endpoint) {
        this.endpoint = blankToNull(endpoint);
        save();
    }

    public String getModel() {
        return model;
    }

    @DataBoundSetter
    public void setModel(String model) {
        this.model = blankToNull(model);
        save();
    }

    public int getTimeoutSeconds() {
        return timeoutSeconds;
    }

    @DataBoundSetter
    public void setTimeoutSeconds(int timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds > 0 ? timeoutSeconds : DEFAULT_TIMEOUT_SECONDS;
        save();
    }

    public int getMaxTimeoutSeconds() {
        return maxTimeoutSeconds;
    }

    @DataBoundSetter
    public void setMaxTimeoutSeconds(int maxTimeoutSeconds) {
        this.maxTimeoutSeconds = maxTimeoutSeconds > 0 ? maxTimeoutSeconds : DEFAULT_MAX_TIMEOUT_SECONDS;
        save();
    }

    public String getExtraDownloadHosts() {
        return extraDownloadHosts;
    }

    @DataBoundSetter
    public void setExtraDownloadHosts(String extraDownloadHosts) {
        this.extraDownloadHosts = blankToNull(extraDownloadHosts);
        save();
    }

    /** Whether agents downloading results may receive Jenkins' proxy user and password (off unless asked). */
    public boolean isProxyCredentialsToAgents() {
        return proxyCredentialsToAgents;
    }

    @DataBoundSetter
    public void setProxyCredentialsToAgents(boolean proxyCredentialsToAgents) {
        this.proxyCredentialsToAgents = proxyCredentialsToAgents;
        save();
    }

    @POST
    public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return Forms.credentialsItems(null, credentialsId);
    }

    @POST
    public ListBoxModel doFillRegionItems() {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return Forms.regionItems();
    }

    @POST
    public ListBoxModel doFillModelItems() {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return Forms.modelItems();
    }

    @POST
    public FormValidation doCheckEndpoint(@QueryParameter String value, @QueryParameter String region) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return Forms.check(() -> Endpoint.choose(region, value));
    }

    @POST
    public FormValidation doCheckExtraDownloadHosts(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return Forms.check(() -> DownloadPolicy.parseHosts(value));
    }

    @POST
    public FormValidation doCheckTimeoutSeconds(@QueryParameter int value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return value > 0 ? FormValidation.ok() : FormValidation.error(Messages.DashScopeConfiguration_PositiveNumber());
    }

    @POST
    public FormValidation doCheckMaxTimeoutSeconds(@QueryParameter int value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return value > 0 ? FormValidation.ok() : FormValidation.error(Messages.DashScopeConfiguration_PositiveNumber());
    }

    /**
     * Lists one task with the <em>saved</em> credential at the <em>saved</em> endpoint. It takes no URL or
     * credentials id from the request, so it cannot send a secret anywhere an attacker chooses; save first.
     */
    @POST
    public FormValidation doTestConnection() {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return ConnectionTest.run(configuredEndpoint(), credentialsId);
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return Messages.DashScopeConfiguration_DisplayName();
    }
}
