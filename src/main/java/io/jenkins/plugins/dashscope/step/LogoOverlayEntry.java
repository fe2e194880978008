package io.jenkins.plugins.dashscope.step;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.config.Forms;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.verb.POST;

/** {@code logoOverlay(image: 'brand/logo.png', width: '15%', ...)}: a PNG logo on a derived size. */
public final class LogoOverlayEntry extends OverlayEntry {

    private final String image;
    private String width;
    private String opacity;

    @DataBoundConstructor
    public LogoOverlayEntry(String image) {
        this.image = image;
    }

    @Override
    void own(Map<String, Object> v) {
        v.put("image", image);
        v.put("width", width);
        v.put("opacity", opacity);
    }

    public String getImage() {
        return image;
    }

    public String getWidth() {
        return width;
    }

    /** Pixels, or a share of the output's width; the logo keeps its aspect. */
    @DataBoundSetter
    public void setWidth(String width) {
        this.width = blankToNull(width);
    }

    public String getOpacity() {
        return opacity;
    }

    /** More than 0, at most 1. */
    @DataBoundSetter
    public void setOpacity(String opacity) {
        this.opacity = blankToNull(opacity);
    }

    @Extension
    @Symbol("logoOverlay")
    public static final class DescriptorImpl extends Descriptor<OverlayEntry> {

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.LogoOverlayEntry_DisplayName();
        }

        @POST
        public ListBoxModel doFillAnchorItems(@AncestorInPath Item item) {
            Forms.checkConfigure(item);
            return anchors();
        }
    }
}
