package io.jenkins.plugins.dashscope.core.client;

import java.net.URI;

/** The answer of {@code GET /uploads?action=getPolicy}: where and how to post files for one model. */
public record UploadPolicy(
        URI uploadHost,
        String uploadDir,
        String accessKeyId,
        String signature,
        String policy,
        String objectAcl,
        String forbidOverwrite) {

    @Override
    public String toString() {
        // The signature and policy grant write access for a while: keep them out of logs.
        return "UploadPolicy[" + uploadHost + ", dir " + uploadDir + "]";
    }
}
