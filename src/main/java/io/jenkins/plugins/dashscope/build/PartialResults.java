package io.jenkins.plugins.dashscope.build;

import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * A result with images missing that {@code allowPartial} accepts: the build is UNSTABLE, not green, and in a
 * Pipeline the step's node carries a {@link WarningAction} (as the {@code unstable} step leaves one), so its stage
 * shows as unstable. {@code allowPartial} keeps the build from failing, not from being unstable.
 */
@Restricted(NoExternalUse.class)
public final class PartialResults {

    private PartialResults() {}

    /** Marks a Pipeline step's node and its build, and says why in the log. */
    public static void markStep(StepContext ctx, String reason) throws IOException, InterruptedException {
        FlowNode node = ctx.get(FlowNode.class);
        if (node != null) {
            node.addOrReplaceAction(new WarningAction(Result.UNSTABLE).withMessage(reason));
        }
        markBuild(ctx.get(Run.class), ctx.get(TaskListener.class), reason);
    }

    /** Marks a build (the freestyle builder's, or a Pipeline's), and says why in the log. */
    public static void markBuild(Run<?, ?> run, TaskListener listener, String reason) {
        run.setResult(Result.UNSTABLE); // only ever worsens the result
        BuildLog.line(listener, reason);
    }
}
