package io.jenkins.plugins.dashscope;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dashscope.core.generation.Output;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code generateImages(spec: 'assets/images.yaml', credentialsId: '...')}: a release's images as a set, from a
 * YAML or JSON spec in the workspace (defaults, assets, matrix). Every variant is validated before the first is
 * sent, all run at once under the per-key gate, each in its own folder with its manifest, indexed in
 * {@code assets.json}. Not serializable: the execution keeps it transient.
 */
public final class GenerateImagesStep extends Step {

    private final String spec;
    private String credentialsId;
    private String region;
    private String endpoint;
    private String outputDir = Output.DEFAULT_DIR;
    private boolean archive = true;
    private Integer timeout;
    private boolean allowPartial;
    private boolean dryRun;
    private Boolean reuse;
    private Integer maxImages;

    @DataBoundConstructor
    public GenerateImagesStep(String spec) {
        this.spec = spec;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new GenerateImagesExecution(context, this);
    }

    public String getSpec() {
        return spec;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = blankToNull(credentialsId);
    }

    public String getRegion() {
        return region;
    }

    @DataBoundSetter
    public void setRegion(String region) {
        this.region = blankToNull(region);
    }

    public String getEndpoint() {
        return endpoint;
    }

    @DataBoundSetter
    public void setEndpoint(String endpoint) {
        this.endpoint = blankToNull(endpoint);
    }

    public String getOutputDir() {
        return outputDir;
    }

    @DataBoundSetter
    public void setOutputDir(String outputDir) {
        this.outputDir = blankToNull(outputDir) == null ? Output.DEFAULT_DIR : outputDir.trim();
    }

    public boolean isArchive() {
        return archive;
    }

    @DataBoundSetter
    public void setArchive(boolean archive) {
        this.archive = archive;
    }

    /** Seconds for the whole set; null for the global default. */
    public Integer getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(Integer timeout) {
        this.timeout = timeout;
    }

    public boolean isAllowPartial() {
        return allowPartial;
    }

    @DataBoundSetter
    public void setAllowPartial(boolean allowPartial) {
        this.allowPartial = allowPartial;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    /**
     * Whether a request identical to a complete one of the previous successful build takes its images instead of
     * paying again; null follows the global default (off unless an administrator turns it on).
     */
    public Boolean getReuse() {
        return reuse;
    }

    @DataBoundSetter
    public void setReuse(Boolean reuse) {
        this.reuse = reuse;
    }

    /** The most images the set may pay for; null for no limit of its own. */
    public Integer getMaxImages() {
        return maxImages;
    }

    @DataBoundSetter
    public void setMaxImages(Integer maxImages) {
        this.maxImages = maxImages;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "generateImages";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.GenerateImagesStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class, EnvVars.class, Launcher.class);
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return Forms.credentialsItems(item, credentialsId);
        }

        @POST
        public ListBoxModel doFillRegionItems(@AncestorInPath Item item) {
            Forms.checkConfigure(item);
            return Forms.regionItems();
        }

        @POST
        public FormValidation doCheckSpec(@AncestorInPath Item item, @QueryParameter String value) {
            Forms.checkConfigure(item);
            return value == null || value.isBlank() ? FormValidation.error(Messages.GenerateImagesStep_SpecRequired())
                    : FormValidation.ok();
        }
    }
}
