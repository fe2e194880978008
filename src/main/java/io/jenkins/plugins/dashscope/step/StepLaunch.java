package io.jenkins.plugins.dashscope.step;

import io.jenkins.plugins.dashscope.core.batch.BatchRun;
import io.jenkins.plugins.dashscope.core.spec.Variant;
import io.jenkins.plugins.dashscope.workspace.WorkspaceBatchHost;
import io.jenkins.plugins.dashscope.workspace.WorkspacePlan;
import java.time.Instant;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * How a step starts its generations from its options: what differs between {@code generateImage} (a batch of one)
 * and {@code generateImages} (a spec). Used only before a restart: the step itself is not kept.
 */
interface StepLaunch {

    /** The step's own timeout in seconds; null for the administrator's default. */
    Integer timeout();

    /** The state the execution records from the start. */
    GenerationState newState();

    /** Where an item of the batch goes, and with which key and endpoint. */
    WorkspacePlan planFor(Variant item);

    /** Plans the batch through a workspace host made of {@code jobs} and {@code states}, and runs it. */
    BatchRun.Running start(
            StepContext ctx, WorkspaceBatchHost.Jobs jobs, WorkspaceBatchHost.States states, Instant deadline)
            throws Exception;
}
