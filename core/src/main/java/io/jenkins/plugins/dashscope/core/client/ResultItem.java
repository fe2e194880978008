package io.jenkins.plugins.dashscope.core.client;

import java.io.Serializable;

/**
 * One requested image: a URL when it succeeded, or the vendor's code and message when it did not.
 *
 * @param index 1-based position in the task's results
 */
public record ResultItem(int index, String url, String code, String message, String actualPrompt)
        implements Serializable {

    public boolean succeeded() {
        return url != null && !url.isBlank();
    }
}
