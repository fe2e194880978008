package io.jenkins.plugins.dashscope.step;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dashscope.config.Forms;
import io.jenkins.plugins.dashscope.core.generation.Output;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import io.jenkins.plugins.dashscope.core.spec.PlaceholderValues;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * What {@code generateImage} and {@code generateImages} share: which key and endpoint, where the results go, how
 * long to wait, what to accept and whether to reuse. Their help pages live with this class; Jenkins looks a
 * property's help up through the superclasses, and a step with help of its own wins. Not serializable: the
 * executions keep their steps transient.
 */
public abstract class GenerationStep extends Step {

    private String credentialsId;
    private String region;
    private String endpoint;
    private String outputDir = Output.DEFAULT_DIR;
    private boolean archive = true;
    private Integer timeout;
    private boolean allowPartial;
    private boolean dryRun;
    private Boolean reuse;
    private LinkedHashMap<String, String> values;

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

    /** Seconds to submit and wait (for a spec, for the whole set); null for the global default. */
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

    /** Values for {@code ${name}} in a spec and in overlay texts ({@code [version: '2.5']}); empty for none. */
    public Map<String, String> getValues() {
        return values == null ? Map.of() : values;
    }

    @DataBoundSetter
    public void setValues(Map<String, Object> values) {
        this.values = values == null || values.isEmpty() ? null : PlaceholderValues.of("values", values);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The form methods of the shared options. */
    public abstract static class GenerationStepDescriptor extends StepDescriptor {

        /**
         * Binds the form as {@link StepFormData} shapes it: a blank field leaves its option unset (Stapler would bind
         * a blank number as 0 and a "(default)" choice as {@code false}).
         */
        @Override
        public Step newInstance(@CheckForNull StaplerRequest2 req, @NonNull JSONObject formData) throws FormException {
            StepFormData.shape(formData);
            return super.newInstance(req, formData);
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

        /** Whether to reuse: the administrator's setting unless the step says. */
        @POST
        public ListBoxModel doFillReuseItems(@AncestorInPath Item item) {
            Forms.checkConfigure(item);
            return Forms.triStateItems();
        }

        @POST
        public FormValidation doCheckOutputDir(@AncestorInPath Item item, @QueryParameter String value) {
            Forms.checkConfigure(item);
            return Forms.check(
                    () -> OutputNames.checkFolder(value == null || value.isBlank() ? Output.DEFAULT_DIR : value));
        }
    }
}
