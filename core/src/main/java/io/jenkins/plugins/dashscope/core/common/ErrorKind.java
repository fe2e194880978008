package io.jenkins.plugins.dashscope.core.common;

/** What went wrong, by the vendor's documented codes and the transport's failures. */
public enum ErrorKind {
    /** 401 InvalidApiKey, 403 AccessDenied: the key is wrong, in another region, or lacks the model. */
    AUTHENTICATION,
    /** 400 InvalidParameter and friends, 404 ModelNotFound: the request itself is wrong. */
    INVALID_PARAMETER,
    /** DataInspectionFailed: the content check refused the prompt, an input or the output. */
    MODERATION,
    /** Throttling.AllocationQuota, Arrearage: the account has no quota left; retrying does not help. */
    QUOTA_EXHAUSTED,
    /** 429 Throttling, Throttling.RateQuota: too fast; retrying later helps. */
    THROTTLED,
    /** 408, 5xx: the service failed this time. */
    SERVER,
    /** The task ended FAILED or CANCELED. */
    TASK_FAILED,
    /** The task is UNKNOWN: no such task, or it expired (task data lives 24 h). */
    TASK_UNKNOWN,
    /** The wait passed its deadline. */
    TIMEOUT,
    /** The caller cancelled the wait. */
    CANCELLED,
    /** No answer: connection refused or reset, read timed out. */
    NETWORK,
    /** An answer that is not the documented shape (malformed JSON, cut short). */
    PROTOCOL,
    /** A result could not be fetched or saved (refused URL, oversize, expired, disk). */
    DOWNLOAD;

    /** Classifies a vendor error envelope. */
    public static ErrorKind of(int status, String code) {
        String c = code == null ? "" : code;
        if (c.startsWith("DataInspectionFailed")) {
            return MODERATION;
        }
        if (c.equals("Throttling.AllocationQuota") || c.equals("Arrearage")) {
            return QUOTA_EXHAUSTED;
        }
        if (c.startsWith("Throttling") || status == 429) {
            return THROTTLED;
        }
        if (c.startsWith("InvalidApiKey") || c.startsWith("AccessDenied") || status == 401 || status == 403) {
            return AUTHENTICATION;
        }
        if (status == 408 || c.equals("RequestTimeOut") || status >= 500 || c.startsWith("InternalError")) {
            return SERVER;
        }
        return INVALID_PARAMETER;
    }
}
