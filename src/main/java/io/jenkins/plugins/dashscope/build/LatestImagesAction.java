package io.jenkins.plugins.dashscope.build;

import hudson.model.Action;
import io.jenkins.plugins.dashscope.Messages;

/**
 * The job page's link to the gallery of its latest successful build, and a strip of that build's images on the job's
 * main page ({@code jobMain.jelly}), as the latest test result is linked. Jenkins makes one for each page view from
 * the latest successful build's {@link GeneratedImagesAction}; nothing is stored.
 */
public final class LatestImagesAction implements Action {

    private final GeneratedImagesAction images;

    LatestImagesAction(GeneratedImagesAction images) {
        this.images = images;
    }

    /** The build's record, whose thumbnails and usage the job page shows. */
    public GeneratedImagesAction getImages() {
        return images;
    }

    @Override
    public String getIconFileName() {
        return GeneratedImagesAction.ICON;
    }

    @Override
    public String getDisplayName() {
        return Messages.LatestImagesAction_DisplayName();
    }

    /** Relative to the job, as links on a job's side panel are. */
    @Override
    public String getUrlName() {
        return "lastSuccessfulBuild/" + GeneratedImagesAction.URL_NAME;
    }
}
