package io.jenkins.plugins.dashscope.review;

import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code reviewImages}: pauses the build until reviewers have approved or rejected the images this build's
 * generation steps made, then returns the approved ones.
 */
public final class ReviewImagesStep extends Step {

    static final int MAX_TEXT = 1000;

    private String message;
    private String submitter;
    private int minApproved = 1;
    private int regenerations = 2;
    private String minApprovedPer = VARIANT;
    private List<String> include;

    static final String VARIANT = "variant";
    static final String ASSET = "asset";
    static final int MAX_INCLUDE = 1000;

    @DataBoundConstructor
    public ReviewImagesStep() {}

    public String getMessage() {
        return message;
    }

    @DataBoundSetter
    public void setMessage(String message) {
        this.message = checked("message", message);
    }

    public String getSubmitter() {
        return submitter;
    }

    /** Users or groups who may decide, comma-separated; empty: anyone with the job's Build permission. */
    @DataBoundSetter
    public void setSubmitter(String submitter) {
        this.submitter = checked("submitter", submitter);
    }

    public int getMinApproved() {
        return minApproved;
    }

    /** The least approved images each variant needs before the review may finish (0 to 100). */
    @DataBoundSetter
    public void setMinApproved(int minApproved) {
        if (minApproved < 0 || minApproved > 100) {
            throw new InvalidRequestException("minApproved", "must be 0 to 100");
        }
        this.minApproved = minApproved;
    }

    public String getMinApprovedPer() {
        return minApprovedPer;
    }

    /** Whether {@code minApproved} counts per {@code variant} (the default) or per {@code asset} of a spec. */
    @DataBoundSetter
    public void setMinApprovedPer(String per) {
        String p = per == null || per.isBlank() ? VARIANT : per.strip();
        if (!p.equals(VARIANT) && !p.equals(ASSET)) {
            throw InvalidRequestException.of("minApprovedPer", per, "'variant' or 'asset'");
        }
        this.minApprovedPer = p;
    }

    public List<String> getInclude() {
        return include;
    }

    /** The generations to review, by output folder, spec variant or asset; empty or unset: all of the build's. */
    @DataBoundSetter
    public void setInclude(List<String> include) {
        if (include == null || include.isEmpty()) {
            this.include = null;
            return;
        }
        if (include.size() > MAX_INCLUDE) {
            throw new InvalidRequestException("include", "names more than " + MAX_INCLUDE + " generations");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < include.size(); i++) {
            String n = checked("include[" + i + "]", include.get(i));
            if (n == null) {
                throw new InvalidRequestException("include[" + i + "]", "is empty");
            }
            names.add(n);
        }
        this.include = List.copyOf(names);
    }

    public int getRegenerations() {
        return regenerations;
    }

    /** How many times reviewers may generate each variant again (0 to 10; 0 offers no Regenerate). */
    @DataBoundSetter
    public void setRegenerations(int regenerations) {
        if (regenerations < 0 || regenerations > 10) {
            throw new InvalidRequestException("regenerations", "must be 0 to 10");
        }
        this.regenerations = regenerations;
    }

    private static String checked(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.length() > MAX_TEXT) {
            throw new InvalidRequestException(field, "is longer than " + MAX_TEXT + " characters");
        }
        return text.strip();
    }

    @Override
    public StepExecution start(StepContext context) {
        return new ReviewExecution(
                context,
                new ReviewOptions(
                        message, submitter, minApproved, ASSET.equals(minApprovedPer), regenerations, include));
    }

    @Extension
    @Symbol("reviewImages")
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "reviewImages";
        }

        @Override
        public String getDisplayName() {
            return Messages.ReviewImagesStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class, Launcher.class, EnvVars.class, FlowNode.class);
        }
    }
}
