package io.jenkins.plugins.dashscope.workspace;

import hudson.AbortException;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.io.IOException;

/**
 * How every path (a step's start, its execution, a variant of a set, the freestyle builder) reports a failure to the
 * build: bad input and the service's errors as one line naming the step, without a stack trace; anything else as it
 * is, for it is a fault to be read in full.
 */
public final class BuildFailure {

    /** The steps' names as the Pipeline calls them, which every failure line starts with. */
    public static final String GENERATE_IMAGE = "generateImage";

    public static final String GENERATE_IMAGES = "generateImages";

    private BuildFailure() {}

    /** @param function the step's name as the Pipeline calls it ({@code generateImage}, {@code generateImages}) */
    public static Throwable of(String function, Throwable t) {
        Throwable c = DashScopeException.unwrap(t);
        if (c instanceof InvalidRequestException || c instanceof DashScopeException) {
            return new AbortException(function + ": " + c.getMessage());
        }
        return c;
    }

    /** A failure as a method may throw it: an {@link Error} is rethrown as it is, anything else is an exception. */
    public static Exception thrown(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return t instanceof Exception e ? e : new IOException(t);
    }

    /** Bad input, refused before anything runs. */
    public static AbortException refusal(String function, InvalidRequestException e) {
        return (AbortException) of(function, e);
    }
}
