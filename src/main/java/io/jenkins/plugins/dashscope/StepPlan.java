package io.jenkins.plugins.dashscope;

import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import io.jenkins.plugins.dashscope.step.SavedGeneration;
import io.jenkins.plugins.dashscope.workspace.WorkspacePlan;
import java.io.Serializable;

/**
 * A generation's plan as builds saved it before the versioned form ({@link SavedGeneration}): read from their
 * program.dat, never written. Its name and fields are that stored format.
 */
final class StepPlan implements Serializable {

    private static final long serialVersionUID = 2L;

    private String outputDir;
    private String prefix;
    private boolean archive;
    private boolean allowPartial;
    private boolean dryRun;
    private String credentialsId;
    private String region;
    private String endpoint;
    private Finishing finishing;
    private String asset;
    private String variant;

    private StepPlan() {}

    WorkspacePlan toPlan() {
        return new WorkspacePlan(
                outputDir,
                prefix,
                archive,
                allowPartial,
                dryRun,
                credentialsId,
                region,
                endpoint,
                finishing,
                asset,
                variant);
    }
}
