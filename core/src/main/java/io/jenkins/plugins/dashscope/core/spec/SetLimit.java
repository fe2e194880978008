package io.jenkins.plugins.dashscope.core.spec;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;

/**
 * The most images a set of assets may pay for, and where that limit comes from. A set is never unlimited by
 * default: a spec from a pull request could otherwise ask for 200 variants of 12 images each.
 *
 * @param images the limit; null when nothing is paid (a dry run, the simulator) and none was asked
 * @param why    how the message names its source; empty for the step's own {@code maxImages}
 */
public record SetLimit(Integer images, String why) {

    /** The limit of a set whose step and administrator say nothing. */
    public static final int DEFAULT = 50;

    /** No limit of its own: a single generation, which only the host's budget (a build's) bounds. */
    public static final SetLimit NONE = new SetLimit(null, "");

    /**
     * @param own      the step's {@code maxImages}, or null
     * @param perBuild the administrator's most images a build may pay for; 0 for none
     * @param pays     false for a run that pays nothing, which the default does not limit
     */
    public static SetLimit of(Integer own, int perBuild, boolean pays) {
        if (own != null) {
            return new SetLimit(own, "");
        }
        if (!pays) {
            return new SetLimit(null, "");
        }
        if (perBuild > 0) {
            return new SetLimit(perBuild, " (the administrator's most images a build may pay for)");
        }
        return new SetLimit(DEFAULT, " (the default for a set; maxImages allows more)");
    }

    /** Refuses, before anything is sent, a set that asks for more than its limit. */
    public void check(String file, int asked, int variants) {
        if (images != null && asked > images) {
            throw new InvalidRequestException(
                    "maxImages",
                    file + " asks for " + asked + " images" + (variants == 1 ? "" : " in " + variants + " variants")
                            + "; the limit is " + images + why + ". Nothing was sent.");
        }
    }
}
