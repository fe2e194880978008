package io.jenkins.plugins.dashscope.core.download;

/** Thrown per image; the report turns it into an {@link ImageFailure}. */
final class DownloadFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final String code;
    final boolean retryable;

    DownloadFailure(String code, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryable = retryable;
    }
}
