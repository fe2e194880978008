package io.jenkins.plugins.dashscope.core.generation;

import io.jenkins.plugins.dashscope.core.common.DashScopeException;

/**
 * When a create call may be sent again.
 *
 * <p>The rule: a submit is repeated only when the first one provably created no task, that is when the
 * connection could not be made (nothing was sent) or the server answered with an error envelope
 * ({@code {code, message, request_id}} with a non-2xx status, such as 429 Throttling or 500
 * InternalError), and only for failures that may pass (throttling, server, network). A reset after
 * sending, a read timeout, a malformed or cut answer may all hide a task that was created: sending
 * again could generate, and bill, twice, so such failures are reported instead.
 */
final class SubmitRule {

    private SubmitRule() {}

    static boolean mayResubmit(DashScopeException e) {
        if (!e.provablyNotApplied()) {
            return false;
        }
        return switch (e.kind()) {
            case THROTTLED, SERVER, NETWORK -> true;
            default -> false;
        };
    }
}
