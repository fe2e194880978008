package io.jenkins.plugins.dashscope.core.generation;

import io.jenkins.plugins.dashscope.core.client.ResultItem;
import io.jenkins.plugins.dashscope.core.client.TaskSnapshot;
import io.jenkins.plugins.dashscope.core.client.TaskStatus;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.ErrorKind;
import io.jenkins.plugins.dashscope.core.download.ImageFailure;
import io.jenkins.plugins.dashscope.core.wait.WaitOutcome;
import java.util.List;

/** How a finished task becomes the generation's result or its typed failure. */
final class TaskOutcomes {

    private TaskOutcomes() {}

    /** A broken or hostile server may list more results than were asked for; only that many are ever saved. */
    static WaitOutcome atMostRequested(SubmittedTask task, WaitOutcome o) {
        TaskSnapshot s = o.snapshot();
        if (task.requested() < 1 || s.results().size() <= task.requested()) {
            return o;
        }
        TaskSnapshot trimmed = new TaskSnapshot(
                s.taskId(),
                s.status(),
                s.requestId(),
                s.code(),
                s.message(),
                s.results().subList(0, task.requested()),
                s.metrics(),
                s.imageCount(),
                s.actualPrompt(),
                s.submitTime(),
                s.scheduledTime(),
                s.endTime());
        return new WaitOutcome(trimmed, o.polls(), o.retries(), o.startedAt(), o.finishedAt());
    }

    /**
     * Delivery failed after the images were paid for: the error carries their URLs, which stay valid for
     * 24 hours after the task, so nothing paid for is lost.
     */
    static DashScopeException withResultUrls(DashScopeException d, TaskSnapshot s) {
        List<String> urls = s.results().stream()
                .filter(ResultItem::succeeded)
                .map(ResultItem::url)
                .toList();
        if (s.status() != TaskStatus.SUCCEEDED || urls.isEmpty()) {
            return d;
        }
        return new DashScopeException(
                d.kind(),
                d.code(),
                d.detail() + "; the images stay downloadable for 24 hours after " + "the task at: "
                        + String.join(" ", urls),
                d.requestId(),
                d.httpStatus(),
                false,
                d);
    }

    /** Reports what was delivered and turns a failed task, or one that saved nothing, into its typed error. */
    static GenerationResult conclude(
            SubmittedTask task, WaitOutcome outcome, GenerationResult result, GenerationListener listener) {
        TaskSnapshot s = outcome.snapshot();
        if (s.status() != TaskStatus.SUCCEEDED) {
            throw taskFailure(task, s);
        }
        result.images().forEach(img -> listener.on(new GenerationEvent.ImageSaved(img)));
        result.failures().forEach(f -> listener.on(new GenerationEvent.ImageFailed(f)));
        listener.on(new GenerationEvent.Done(
                task.taskId(), result.images().size(), result.failures().size(), outcome.polls()));
        if (result.images().isEmpty()) {
            List<ImageFailure> failures = result.failures();
            boolean moderated = !failures.isEmpty()
                    && failures.stream().allMatch(f -> f.code().startsWith("DataInspectionFailed"));
            throw new DashScopeException(
                    moderated ? ErrorKind.MODERATION : ErrorKind.TASK_FAILED,
                    failures.isEmpty() ? null : failures.get(0).code(),
                    "no image succeeded (" + failures.size() + " failed"
                            + (failures.isEmpty()
                                    ? ""
                                    : "; the first: " + failures.get(0).message()) + ")",
                    s.requestId(),
                    0,
                    false,
                    null);
        }
        return result;
    }

    private static DashScopeException taskFailure(SubmittedTask task, TaskSnapshot s) {
        return switch (s.status()) {
            case UNKNOWN ->
                new DashScopeException(
                        ErrorKind.TASK_UNKNOWN,
                        s.code(),
                        "task " + task.taskId()
                                + " is UNKNOWN: it does not exist or has expired (task data lives 24 h)",
                        s.requestId(),
                        0,
                        false,
                        null);
            case CANCELED ->
                new DashScopeException(
                        ErrorKind.TASK_FAILED,
                        s.code(),
                        "task " + task.taskId() + " was canceled",
                        s.requestId(),
                        0,
                        false,
                        null);
            default ->
                new DashScopeException(
                        ErrorKind.of(400, s.code()) == ErrorKind.MODERATION
                                ? ErrorKind.MODERATION
                                : ErrorKind.TASK_FAILED,
                        s.code(),
                        "task " + task.taskId() + " failed" + (s.message() == null ? "" : ": " + s.message()),
                        s.requestId(),
                        0,
                        false,
                        null);
        };
    }
}
