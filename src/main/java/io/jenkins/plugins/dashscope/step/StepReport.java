package io.jenkins.plugins.dashscope.step;

import io.jenkins.plugins.dashscope.core.batch.BatchOutcome;
import io.jenkins.plugins.dashscope.workspace.WorkspaceGeneration;
import java.util.List;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** How a step ends once every generation has: what the script gets, and what the build says of what failed. */
interface StepReport {

    /**
     * @param jobs     each generation in its workspace, in the batch's order
     * @param outcomes what each generation ended with, in the same order
     * @return the step's value
     * @throws Exception the step's failure, as the build shows it
     */
    Object finish(StepContext ctx, List<WorkspaceGeneration> jobs, List<BatchOutcome> outcomes) throws Exception;
}
