package io.jenkins.plugins.dashscope.core.gate;

import java.time.Duration;

/**
 * Per-key limits: submits per window and tasks in flight. The defaults are the documented account
 * limits of the image models (2 submits per second, 1 task at a time).
 */
public record GateSettings(int submitsPerWindow, Duration window, int maxInFlight) {

    public GateSettings {
        if (submitsPerWindow < 1 || maxInFlight < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("gate limits must be positive");
        }
    }

    public static GateSettings defaults() {
        return new GateSettings(2, Duration.ofSeconds(1), 1);
    }
}
