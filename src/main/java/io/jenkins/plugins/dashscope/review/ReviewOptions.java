package io.jenkins.plugins.dashscope.review;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code reviewImages} was given, as plain values (kept in program.dat, which River writes: a class, not a
 * record).
 *
 * <p>{@code include}: the generations to review (output folders, variants or assets); null for all.
 */
final class ReviewOptions implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final String message;
    private final String submitter;
    private final int minApproved;
    private final boolean perAsset;
    private final int maxRetakes;
    private final ArrayList<String> include;

    ReviewOptions(
            String message, String submitter, int minApproved, boolean perAsset, int maxRetakes, List<String> include) {
        this.message = message;
        this.submitter = submitter;
        this.minApproved = minApproved;
        this.perAsset = perAsset;
        this.maxRetakes = maxRetakes;
        this.include = include == null ? null : new ArrayList<>(include);
    }

    String message() {
        return message;
    }

    String submitter() {
        return submitter;
    }

    int minApproved() {
        return minApproved;
    }

    boolean perAsset() {
        return perAsset;
    }

    int maxRetakes() {
        return maxRetakes;
    }

    List<String> include() {
        return include;
    }
}
