package io.jenkins.plugins.dashscope.core.generation;

import java.io.Serializable;

/**
 * What must survive a restart to re-attach to a task without submitting again: plain strings and
 * numbers, so a host can persist it any way it likes.
 *
 * @param requested         how many images were asked for (a server listing more is trimmed); 0 if unknown
 * @param submittedAtMillis epoch milliseconds of the create call
 * @param requestJson       the manifest's request record as JSON
 * @param fingerprint       the request's fingerprint, recorded in the manifest; null if unknown
 */
public record SubmittedTask(
        String taskId,
        String requestId,
        String model,
        String api,
        int requested,
        long submittedAtMillis,
        String requestJson,
        String fingerprint)
        implements Serializable {

    private static final long serialVersionUID = 3L;

    /** A task without a fingerprint (saved by an older version). */
    public SubmittedTask(
            String taskId,
            String requestId,
            String model,
            String api,
            int requested,
            long submittedAtMillis,
            String requestJson) {
        this(taskId, requestId, model, api, requested, submittedAtMillis, requestJson, null);
    }
}
