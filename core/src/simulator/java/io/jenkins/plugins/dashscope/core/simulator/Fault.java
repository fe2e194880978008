package io.jenkins.plugins.dashscope.core.simulator;

/** A misbehaviour the simulator can be told to show on the next requests of a kind. */
public enum Fault {
    /** 500 with an InternalError envelope. */
    SERVER_ERROR,
    /** 503 with a plain-text body (a gateway, not the service: no envelope). */
    UNAVAILABLE_NO_ENVELOPE,
    /** 429 Throttling.RateQuota. */
    THROTTLED,
    /** 429 Throttling.RateQuota with {@code Retry-After: 1}. */
    THROTTLED_RETRY_AFTER,
    /** 429 Throttling.AllocationQuota: the quota is used up. */
    QUOTA_EXHAUSTED,
    /** Close the connection without answering, before acting on the request. */
    DROP_CONNECTION,
    /** Act on the request (a submit creates its task), then close the connection without answering. */
    DROP_AFTER_PROCESSING,
    /**
     * Act on the request (a submit creates its task), then answer 500 InternalError with the request's id, as a
     * platform that failed after creating the task would.
     */
    SERVER_ERROR_AFTER_PROCESSING,
    /** Announce the full body, send half, close. */
    TRUNCATED_BODY,
    /** Send the answer in small pieces with pauses. */
    SLOW_BODY,
    /** Accept the request and say nothing for a long time (the client's read timeout must end it). */
    HANG,
    /** 200 with a body that is not JSON. */
    MALFORMED_JSON,
    /** 200 with a JSON answer of 2 MB (mostly white space), over what any client should read. */
    OVERSIZED_ANSWER,
    /** A task query answers task_status UNKNOWN once. */
    UNKNOWN_STATUS
}
