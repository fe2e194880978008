package io.jenkins.plugins.dashscope.core.simulator;

import io.jenkins.plugins.dashscope.core.catalog.ApiFamily;
import io.jenkins.plugins.dashscope.core.client.TaskStatus;
import java.time.Duration;
import java.time.Instant;

/** One simulated task. Mutable, guarded by the {@link TaskBook}'s lock. */
final class SimTask {

    /** What the prompt asked the simulator to do (markers like {@code simulate:partial}). */
    enum Behaviour {
        NORMAL,
        FAIL,
        PARTIAL,
        OUTPUT_MODERATION
    }

    final String id;
    final String keyDigest;
    final String model;
    final ApiFamily family;
    /** Where the answer puts the images: the model's shape on its family. */
    final ApiFamily.Output shape;

    final String requestId;
    final int images;
    final int width;
    final int height;
    final Instant created;
    final Duration serviceTime;
    final Behaviour behaviour;
    final String prompt;

    Instant started;
    Instant ended;
    boolean canceled;
    /** Queries answered for this task, and when one first reported it ended (what a client detected). */
    int queries;

    Instant detected;

    SimTask(
            String id,
            String keyDigest,
            String model,
            ApiFamily family,
            ApiFamily.Output shape,
            String requestId,
            int images,
            int width,
            int height,
            Instant created,
            Duration serviceTime,
            Behaviour behaviour,
            String prompt) {
        this.id = id;
        this.keyDigest = keyDigest;
        this.model = model;
        this.family = family;
        this.shape = shape;
        this.requestId = requestId;
        this.images = images;
        this.width = width;
        this.height = height;
        this.created = created;
        this.serviceTime = serviceTime;
        this.behaviour = behaviour;
        this.prompt = prompt;
    }

    TaskStatus status(Instant now) {
        if (canceled) {
            return TaskStatus.CANCELED;
        }
        if (started == null) {
            return TaskStatus.PENDING;
        }
        if (now.isBefore(ended)) {
            return TaskStatus.RUNNING;
        }
        return behaviour == Behaviour.FAIL ? TaskStatus.FAILED : TaskStatus.SUCCEEDED;
    }
}
