package io.jenkins.plugins.dashscope;

import io.jenkins.plugins.dashscope.core.download.OutputNames;
import io.jenkins.plugins.dashscope.core.finishing.DerivedSize;
import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a generation needs after it was submitted (where to deliver, what to archive, which key and endpoint),
 * as plain values: the part of a step that a restart must keep. The request itself is not kept; it was sent.
 */
final class StepPlan implements Serializable {

    private static final long serialVersionUID = 2L;

    final String outputDir;
    final String prefix;
    final boolean archive;
    final boolean allowPartial;
    final boolean dryRun;
    final String credentialsId;
    final String region;
    final String endpoint;
    final Finishing finishing;

    private StepPlan(GenerateImageStep step) {
        this.outputDir = OutputNames.checkFolder(step.getOutputDir());
        this.prefix = OutputNames.checkPrefix(step.getName());
        this.archive = step.isArchive();
        this.allowPartial = step.isAllowPartial();
        this.dryRun = step.isDryRun();
        this.credentialsId = step.getCredentialsId();
        this.region = step.getRegion();
        this.endpoint = step.getEndpoint();
        List<Map<String, Object>> outputs = new ArrayList<>();
        if (step.getOutputs() != null) {
            step.getOutputs().forEach(o -> outputs.add(o.values()));
        }
        this.finishing = new Finishing(DerivedSize.all(outputs), step.isContactSheet());
    }

    /** @throws io.jenkins.plugins.dashscope.core.common.InvalidRequestException naming {@code outputDir}, {@code name} or {@code outputs[N]} */
    static StepPlan of(GenerateImageStep step) {
        return new StepPlan(step);
    }
}
