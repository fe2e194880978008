package io.jenkins.plugins.dashscope;

import io.jenkins.plugins.dashscope.core.download.OutputNames;
import java.io.Serializable;

/**
 * What a generation needs after it was submitted (where to deliver, what to archive, which key and endpoint),
 * as plain values: the part of a step that a restart must keep. The request itself is not kept; it was sent.
 */
final class StepPlan implements Serializable {

    private static final long serialVersionUID = 1L;

    final String outputDir;
    final String prefix;
    final boolean archive;
    final boolean allowPartial;
    final boolean dryRun;
    final String credentialsId;
    final String region;
    final String endpoint;

    private StepPlan(GenerateImageStep step) {
        this.outputDir = OutputNames.checkFolder(step.getOutputDir());
        this.prefix = OutputNames.checkPrefix(step.getName());
        this.archive = step.isArchive();
        this.allowPartial = step.isAllowPartial();
        this.dryRun = step.isDryRun();
        this.credentialsId = step.getCredentialsId();
        this.region = step.getRegion();
        this.endpoint = step.getEndpoint();
    }

    /** @throws io.jenkins.plugins.dashscope.core.common.InvalidRequestException naming {@code outputDir} or {@code name} */
    static StepPlan of(GenerateImageStep step) {
        return new StepPlan(step);
    }
}
