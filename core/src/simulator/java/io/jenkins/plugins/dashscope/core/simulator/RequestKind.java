package io.jenkins.plugins.dashscope.core.simulator;

/** What a request to the simulator was, for counting and for aiming faults. */
public enum RequestKind {
    SUBMIT,
    QUERY,
    CANCEL,
    LIST,
    UPLOAD_POLICY,
    UPLOAD,
    DOWNLOAD,
    OTHER
}
