package io.jenkins.plugins.dashscope;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Item;
import hudson.util.FormValidation;
import org.jenkinsci.plugins.workflow.steps.StepContext;
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
public final class GenerateImagesStep extends GenerationStep {

    private final String spec;
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

    /** The most images the set may pay for; null for no limit of its own. */
    public Integer getMaxImages() {
        return maxImages;
    }

    @DataBoundSetter
    public void setMaxImages(Integer maxImages) {
        this.maxImages = maxImages;
    }

    @Extension
    public static final class DescriptorImpl extends GenerationStepDescriptor {

        @Override
        public String getFunctionName() {
            return "generateImages";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.GenerateImagesStep_DisplayName();
        }

        @POST
        public FormValidation doCheckSpec(@AncestorInPath Item item, @QueryParameter String value) {
            Forms.checkConfigure(item);
            return value == null || value.isBlank()
                    ? FormValidation.error(Messages.GenerateImagesStep_SpecRequired())
                    : FormValidation.ok();
        }
    }
}
