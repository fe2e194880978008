package io.jenkins.plugins.dashscope.step;

import io.jenkins.plugins.dashscope.core.batch.BatchOutcome;
import io.jenkins.plugins.dashscope.workspace.BuildFailure;
import io.jenkins.plugins.dashscope.workspace.WorkspaceGeneration;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The end of {@code generateImage} and of the freestyle builder: the one generation archived and recorded, and its
 * result map; or its failure, its output folder given back.
 */
public final class SingleReport implements StepReport {

    public static final SingleReport INSTANCE = new SingleReport();

    private SingleReport() {}

    @Override
    public Map<String, Object> finish(StepContext ctx, List<WorkspaceGeneration> jobs, List<BatchOutcome> outcomes)
            throws Exception {
        return finish(jobs.get(0), outcomes.get(0));
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
