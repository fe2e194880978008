package io.jenkins.plugins.dashscope.review;

import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.util.Set;
import org.jenkinsci.Symbol;
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
        return new ReviewExecution(context, message, submitter, minApproved);
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
            return Set.of(Run.class, TaskListener.class, FilePath.class);
        }
    }
}
