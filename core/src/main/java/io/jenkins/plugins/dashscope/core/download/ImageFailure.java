package io.jenkins.plugins.dashscope.core.download;

/** A requested image that did not arrive: the server's code and message, or ours for a failed download. */
public record ImageFailure(int index, String code, String message) {}
