package io.jenkins.plugins.dashscope.core.generation;

import io.jenkins.plugins.dashscope.core.client.TaskSnapshot;
import io.jenkins.plugins.dashscope.core.client.TaskStatus;
import io.jenkins.plugins.dashscope.core.download.ImageFailure;
import io.jenkins.plugins.dashscope.core.download.SavedImage;
import java.time.Duration;

/** Progress of one generation, in order. Each event reads as one log line. */
public sealed interface GenerationEvent {

    String describe();

    record Validated(String model, String api, int images) implements GenerationEvent {
        public String describe() {
            return "Request valid: model " + model + " (" + api + "), " + images + " image(s)";
        }
    }

    /** Nothing was sent: the images were taken from an earlier result with the same fingerprint. */
    record Reused(String from, int images) implements GenerationEvent {
        public String describe() {
            return "Reused from " + from + ": " + images
                    + " image(s) with the same request fingerprint (nothing sent, nothing paid)";
        }
    }

    /** An earlier result matched but could not be taken (a file missing or changed); the request is sent instead. */
    record NotReused(String from, String reason) implements GenerationEvent {
        public String describe() {
            return "Cannot reuse the result of " + from + " (" + reason + "); generating instead";
        }
    }

    record Uploaded(String field, String file, long bytes) implements GenerationEvent {
        public String describe() {
            return "Uploaded " + field + " " + file + " (" + bytes + " bytes)";
        }
    }

    record Queued(int inFlight) implements GenerationEvent {
        public String describe() {
            return "Waiting locally for a task slot of this API key (" + inFlight + " task(s) in flight)";
        }
    }

    record Retrying(String what, String reason, Duration delay, int attempt) implements GenerationEvent {
        public String describe() {
            return "Retrying " + what + " in " + delay.toMillis() + " ms (attempt " + attempt + "): " + reason;
        }
    }

    /** Carries what a host must persist to re-attach after a restart; for synchronous families the task id is null. */
    record Submitted(SubmittedTask task) implements GenerationEvent {
        public String describe() {
            return task.taskId() == null
                    ? "Generated synchronously [request " + task.requestId() + "]"
                    : "Submitted task " + task.taskId() + " [request " + task.requestId() + "]";
        }
    }

    /** A submit's answer was lost, and the task list showed the task it had created: that task is waited for. */
    record Adopted(String taskId, String lostAnswer, String how) implements GenerationEvent {
        public String describe() {
            return "The answer to the submit was lost (" + lostAnswer + "), but it created task " + taskId + " (" + how
                    + "): waiting for that task, nothing sent again";
        }
    }

    record StatusChanged(String taskId, TaskStatus status, TaskSnapshot.TaskMetrics metrics)
            implements GenerationEvent {
        public String describe() {
            return "Task " + taskId + " is " + status
                    + (metrics == null
                            ? ""
                            : " (" + metrics.succeeded() + "/" + metrics.total() + " succeeded, " + metrics.failed()
                                    + " failed)");
        }
    }

    record ImageSaved(SavedImage image) implements GenerationEvent {
        public String describe() {
            return "Saved image " + image.index() + " to " + image.file().getFileName() + " (" + image.bytes()
                    + " bytes" + (image.width() == null ? "" : ", " + image.width() + "x" + image.height()) + ")";
        }
    }

    record ImageFailed(ImageFailure failure) implements GenerationEvent {
        public String describe() {
            return "Image " + failure.index() + " failed: " + failure.code() + ": " + failure.message();
        }
    }

    record Done(String taskId, int saved, int failed, int polls) implements GenerationEvent {
        public String describe() {
            return "Done: " + saved + " image(s) saved, " + failed + " failed, " + polls + " status queries";
        }
    }
}
