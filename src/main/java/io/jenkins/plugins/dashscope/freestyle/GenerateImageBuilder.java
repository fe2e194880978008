package io.jenkins.plugins.dashscope.freestyle;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractProject;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.build.PartialResults;
import io.jenkins.plugins.dashscope.build.PreviousBuild;
import io.jenkins.plugins.dashscope.config.DashScopeService;
import io.jenkins.plugins.dashscope.config.Forms;
import io.jenkins.plugins.dashscope.core.batch.BatchOutcome;
import io.jenkins.plugins.dashscope.core.batch.BatchRun;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.request.RequestText;
import io.jenkins.plugins.dashscope.step.GenerateImageStep;
import io.jenkins.plugins.dashscope.step.SingleGeneration;
import io.jenkins.plugins.dashscope.step.SingleReport;
import io.jenkins.plugins.dashscope.step.StepPlans;
import io.jenkins.plugins.dashscope.workspace.BuildFailure;
import io.jenkins.plugins.dashscope.workspace.WorkspaceBatchHost;
import io.jenkins.plugins.dashscope.workspace.WorkspaceGeneration;
import io.jenkins.plugins.dashscope.workspace.WorkspacePlan;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import jenkins.tasks.SimpleBuildStep;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The freestyle build step: the same options as {@code generateImage} (it holds a
 * {@link GenerateImageStep}, so the form, help and checks are one), plus extra parameters as JSON text.
 * A freestyle step occupies its executor anyway, so it waits for the result here. No {@code @Symbol}:
 * Pipelines use {@code generateImage}.
 */
public final class GenerateImageBuilder extends Builder implements SimpleBuildStep {

    private final GenerateImageStep generation;
    private String parametersJson;

    @DataBoundConstructor
    public GenerateImageBuilder(GenerateImageStep generation) {
        this.generation = generation;
    }

    public GenerateImageStep getGeneration() {
        return generation;
    }

    public String getParametersJson() {
        return parametersJson;
    }

    @DataBoundSetter
    public void setParametersJson(String parametersJson) {
        this.parametersJson = parametersJson == null || parametersJson.isBlank() ? null : parametersJson.trim();
    }

    @Override
    public void perform(
            @NonNull Run<?, ?> run,
            @NonNull FilePath workspace,
            @NonNull EnvVars env,
            @NonNull Launcher launcher,
            @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        Map<String, Object> formParameters;
        WorkspacePlan plan;
        try {
            formParameters = RequestText.parametersJson(parametersJson);
            plan = StepPlans.of(generation);
        } catch (InvalidRequestException e) {
            throw BuildFailure.refusal(GenerateImageStep.DescriptorImpl.FUNCTION, e);
        }
        WorkspaceGeneration job = new WorkspaceGeneration(run, () -> workspace, env, launcher, listener, plan, null);
        WorkspaceBatchHost host = new WorkspaceBatchHost(
                (index, item) -> job, new WorkspaceBatchHost.States() {}, plan.dryRun(), null, new PreviousBuild(run));
        Instant deadline = DashScopeService.get().deadline(generation.getTimeout());
        BatchRun.Running running = null;
        BatchOutcome only;
        try {
            running = new SingleGeneration(generation, plan, formParameters).run(host, deadline, job::log);
            only = running.outcomes().get().get(0);
        } catch (InterruptedException e) {
            if (running != null) {
                running.cancel().run(); // an aborted build cancels a task that is still PENDING
            }
            throw e;
        } catch (ExecutionException e) {
            throw asIOException(job.failure(e.getCause()));
        } catch (Exception e) {
            throw asIOException(job.failure(e));
        }
        try {
            SingleReport.INSTANCE.finish(job, only);
            String unstable = job.unstableReason(only.result());
            if (unstable != null) {
                PartialResults.markBuild(run, listener, unstable);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static IOException asIOException(Throwable t) {
        return t instanceof IOException io ? io : new IOException(t);
    }

    @Extension
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {

        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.GenerateImageBuilder_DisplayName();
        }

        @POST
        public FormValidation doCheckParametersJson(@AncestorInPath Item item, @QueryParameter String value) {
            Forms.checkConfigure(item);
            return Forms.check(() -> RequestText.parametersJson(value));
        }
    }
}
