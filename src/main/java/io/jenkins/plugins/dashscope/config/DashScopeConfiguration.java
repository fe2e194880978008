package io.jenkins.plugins.dashscope.config;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.XmlFile;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.core.catalog.ModelLimits;
import io.jenkins.plugins.dashscope.core.client.Endpoint;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.download.DownloadPolicy;
import io.jenkins.plugins.dashscope.core.gate.GatePolicy;
import io.jenkins.plugins.dashscope.core.usage.PriceTable;
import java.io.File;
import java.util.List;
import java.util.Map;
import jenkins.model.GlobalConfiguration;
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
public class DashScopeConfiguration extends GlobalConfiguration {

    static final int DEFAULT_TIMEOUT_SECONDS = 600;
    static final int DEFAULT_MAX_TIMEOUT_SECONDS = 3600;

    private String credentialsId;
    private String region;
    private String endpoint;
    private String model;
    private int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
    private int maxTimeoutSeconds = DEFAULT_MAX_TIMEOUT_SECONDS;
    /** Overrides of every model's submit rate and concurrency; null for each model's own (the catalog's). */
    private Integer submitsPerSecond;

    private Integer maxTasksInFlight;
    /** Per-model overrides, one {@code model submits/s concurrency} per line. */
    private String modelLimits;
    /**
     * 2 since the gate took each model's own limits. Configurations saved before hold the old defaults (2 and 1)
     * as if an administrator had chosen them; {@link #migrateLimits} clears those.
     */
    private int limitsVersion = 2;

    static final String SETTINGS_FILE = "io.jenkins.plugins.dashscope.DashScopeConfiguration.xml";

    private String extraDownloadHosts;
    private boolean proxyCredentialsToAgents;
    private boolean reuse;
    /** The most images one build may pay for; 0 for no limit. */
    private int maxImagesPerBuild;

    private String prices;

    public DashScopeConfiguration() {
        limitsVersion = 0; // stays 0 only when load() reads a configuration saved before the field existed
        load();
        migrateLimits();
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

    GatePolicy gatePolicy() {
        Map<String, ModelLimits> perModel;
        try {
            perModel = GatePolicy.parseOverrides("modelLimits", modelLimits);
        } catch (InvalidRequestException e) {
            perModel = Map.of(); // written by hand into the XML: each model's own limits rather than a failed build
        }
        return GatePolicy.defaults().withOverrides(submitsPerSecond, maxTasksInFlight, perModel);
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

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
