package io.jenkins.plugins.dashscope.core.cli;

import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;

/** The CLI's exit codes, documented in the README. */
final class ExitCodes {

    static final int DONE = 0;
    static final int OTHER = 1;
    static final int INVALID_INPUT = 2;
    static final int AUTHENTICATION = 3;
    static final int GENERATION_FAILED = 4;
    static final int TIMED_OUT = 5;
    static final int PARTIAL = 6;
    static final int THROTTLED = 7;

    private ExitCodes() {}

    static int of(Throwable t) {
        if (t instanceof InvalidRequestException) {
            return INVALID_INPUT;
        }
        if (!(t instanceof DashScopeException e)) {
            return OTHER;
        }
        return switch (e.kind()) {
            case INVALID_PARAMETER -> INVALID_INPUT;
            case AUTHENTICATION -> AUTHENTICATION;
            case TASK_FAILED, TASK_UNKNOWN, MODERATION -> GENERATION_FAILED;
            case TIMEOUT -> TIMED_OUT;
            case THROTTLED, QUOTA_EXHAUSTED -> THROTTLED;
            default -> OTHER;
        };
    }
}
