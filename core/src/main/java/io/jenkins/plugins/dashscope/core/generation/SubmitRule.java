package io.jenkins.plugins.dashscope.core.generation;

import io.jenkins.plugins.dashscope.core.catalog.ApiFamily;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;

/**
 * When a create call may be sent again.
 *
 * <p>The rule: a submit is repeated only when the first one provably created no task, that is when the
 * connection could not be made (nothing was sent), the server refused it with an error envelope below 500
 * ({@code {code, message, request_id}}, such as 429 Throttling), or, after an answer that was lost, cut, malformed
 * or a 5xx (the server may have acted before failing), the task list showed twice that no task came of it
 * ({@link SubmitLookup}); and only for failures that may pass (throttling, server, network). Anything else may
 * hide a task that was created: sending again could generate, and bill, twice, so it is reported instead.
 *
 * <p>A synchronous call has no task to look up, and none that could finish later: when the service answers it with
 * its own 5xx error envelope, the generation failed as a whole and left nothing to bill, so it may be sent again.
 */
final class SubmitRule {

    private SubmitRule() {}

    static boolean mayResubmit(DashScopeException e, ApiFamily family) {
        boolean syncServiceError = !family.isAsync() && e.code() != null && e.httpStatus() >= 500;
        if (!e.provablyNotApplied() && !syncServiceError) {
            return false;
        }
        return switch (e.kind()) {
            case THROTTLED, SERVER, NETWORK -> true;
            default -> false;
        };
    }
}
