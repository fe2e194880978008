package io.jenkins.plugins.dashscope.step;

import io.jenkins.plugins.dashscope.build.PartialResults;
import io.jenkins.plugins.dashscope.core.batch.BatchOutcome;
import io.jenkins.plugins.dashscope.workspace.BuildFailure;
import io.jenkins.plugins.dashscope.workspace.WorkspaceGeneration;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The end of {@code generateImage} and of the freestyle builder: the one generation archived and recorded, and its
 * result map (a partial one, which {@code allowPartial} accepts, marks the step unstable); or its failure, its output
 * folder given back.
 */
public final class SingleReport implements StepReport {

    public static final SingleReport INSTANCE = new SingleReport();

    private SingleReport() {}

    @Override
    public Map<String, Object> finish(StepContext ctx, List<WorkspaceGeneration> jobs, List<BatchOutcome> outcomes)
            throws Exception {
        WorkspaceGeneration job = jobs.get(0);
        BatchOutcome only = outcomes.get(0);
        Map<String, Object> value = finish(job, only);
        String unstable = job.unstableReason(only.result());
        if (unstable != null) {
            PartialResults.markStep(ctx, unstable);
        }
        return value;
    }

    public Map<String, Object> finish(WorkspaceGeneration job, BatchOutcome only) throws Exception {
        if (only.failure() != null) {
            throw BuildFailure.thrown(job.failure(only.failure()));
        }
        try {
            return job.finish(only.result());
        } catch (Exception e) {
            throw BuildFailure.thrown(job.failure(e));
        }
    }
}
