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

/** {@code textOverlay(text: 'v${version}', font: 'brand/Inter.ttf', ...)}: exact words on a derived size. */
public final class TextOverlayEntry extends OverlayEntry {

    private final String text;
    private final String font;
    private String size;
    private String color;
    private String box;
    private Integer minSize;
    private String outline;
    private boolean shadow;

    @DataBoundConstructor
    public TextOverlayEntry(String text, String font) {
        this.text = text;
        this.font = font;
    }

    @Override
    void own(Map<String, Object> v) {
        v.put("text", text);
        v.put("font", font);
        v.put("size", size);
        v.put("color", color);
        v.put("box", box);
        v.put("minSize", minSize);
        v.put("outline", outline);
        v.put("shadow", shadow ? Boolean.TRUE : null);
    }

    public String getText() {
        return text;
    }

    public String getFont() {
        return font;
    }

    public String getSize() {
        return size;
    }

    /** Pixels, or a share of the output's height ({@code 6%}). */
    @DataBoundSetter
    public void setSize(String size) {
        this.size = blankToNull(size);
    }

    public String getColor() {
        return color;
    }

    @DataBoundSetter
    public void setColor(String color) {
        this.color = blankToNull(color);
    }

    public String getBox() {
        return box;
    }

    /** The widest a line may be: pixels, or a share of the output's width. */
    @DataBoundSetter
    public void setBox(String box) {
        this.box = blankToNull(box);
    }

    public Integer getMinSize() {
        return minSize;
    }

    @DataBoundSetter
    public void setMinSize(Integer minSize) {
        this.minSize = minSize;
    }

    public String getOutline() {
        return outline;
    }

    @DataBoundSetter
    public void setOutline(String outline) {
        this.outline = blankToNull(outline);
    }

    public boolean isShadow() {
        return shadow;
    }

    @DataBoundSetter
    public void setShadow(boolean shadow) {
        this.shadow = shadow;
    }

    @Extension
    @Symbol("textOverlay")
    public static final class DescriptorImpl extends Descriptor<OverlayEntry> {

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.TextOverlayEntry_DisplayName();
        }

        @POST
        public ListBoxModel doFillAnchorItems(@AncestorInPath Item item) {
            Forms.checkConfigure(item);
            return anchors();
        }
    }
}
