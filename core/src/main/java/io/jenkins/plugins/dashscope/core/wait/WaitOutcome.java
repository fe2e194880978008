package io.jenkins.plugins.dashscope.core.wait;

import io.jenkins.plugins.dashscope.core.client.TaskSnapshot;
import java.io.Serializable;
import java.time.Instant;

/**
 * How a wait ended: the task's terminal snapshot and what it cost.
 *
 * @param polls   queries answered
 * @param retries queries repeated after a retryable failure
 */
public record WaitOutcome(TaskSnapshot snapshot, int polls, int retries, Instant startedAt, Instant finishedAt)
        implements Serializable {}
