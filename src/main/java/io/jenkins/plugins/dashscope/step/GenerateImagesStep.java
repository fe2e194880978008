package io.jenkins.plugins.dashscope.step;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.config.Forms;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import io.jenkins.plugins.dashscope.core.request.WorkspacePath;
import io.jenkins.plugins.dashscope.workspace.BuildFailure;
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
    public StepExecution start(StepContext context) throws Exception {
        try {
            checkSpec(spec);
            OutputNames.checkFolder(getOutputDir());
        } catch (InvalidRequestException e) {
            throw BuildFailure.refusal(DescriptorImpl.FUNCTION, e); // before anything runs
        }
        return new GenerationExecution(context, new SetLaunch(this));
    }

    public String getSpec() {
        return spec;
    }

    /**
     * The spec's path, checked by the rule every workspace path follows (relative, inside the workspace, no
     * control characters) before it reaches the agent.
     */
    static String checkSpec(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new InvalidRequestException("spec", Messages.GenerateImagesStep_SpecRequired());
        }
        return WorkspacePath.relative("spec", spec, "a YAML or JSON file inside the workspace");
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

        public static final String FUNCTION = BuildFailure.GENERATE_IMAGES;

        @Override
        public String getFunctionName() {
            return FUNCTION;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.GenerateImagesStep_DisplayName();
        }

        /** Nothing to say of an untouched field; a spec left out is refused when the step runs, naming it. */
        @POST
        public FormValidation doCheckSpec(@AncestorInPath Item item, @QueryParameter String value) {
            Forms.checkConfigure(item);
            if (value == null || value.isBlank()) {
                return FormValidation.ok();
            }
            try {
                checkSpec(value);
                return FormValidation.ok();
            } catch (InvalidRequestException e) {
                return FormValidation.error(e.getMessage());
            }
        }
    }
}
