package io.jenkins.plugins.dashscope.workspace;

import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import io.jenkins.plugins.dashscope.core.output.OutputNames;

/**
 * What a generation in a workspace needs once it is submitted (where to deliver, what to archive, which key and
 * endpoint): the part of a step that a restart must keep. The request itself is not kept; it was sent.
 *
 * @param asset   for a variant of {@code generateImages}: its asset, shown on the build page; else null
 * @param variant for a variant of {@code generateImages}: its name; else null
 */
public record WorkspacePlan(
        String outputDir,
        String prefix,
        boolean archive,
        boolean allowPartial,
        boolean dryRun,
        String credentialsId,
        String region,
        String endpoint,
        Finishing finishing,
        String asset,
        String variant) {

    /** @throws io.jenkins.plugins.dashscope.core.common.InvalidRequestException naming {@code outputDir} or {@code name} */
    public WorkspacePlan {
        outputDir = OutputNames.checkFolder(outputDir);
        prefix = OutputNames.checkPrefix(prefix);
        finishing = finishing == null ? Finishing.NONE : finishing;
    }

    /** This plan into another folder, a result with some images accepted: a reviewer's retake of it. */
    public WorkspacePlan retakeInto(String folder) {
        return new WorkspacePlan(
                folder, prefix, archive, true, dryRun, credentialsId, region, endpoint, finishing, asset, variant);
    }
}
