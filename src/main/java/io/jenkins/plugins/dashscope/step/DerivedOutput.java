package io.jenkins.plugins.dashscope.step;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.config.Forms;
import io.jenkins.plugins.dashscope.core.finishing.Anchor;
import io.jenkins.plugins.dashscope.core.finishing.DerivedSize;
import io.jenkins.plugins.dashscope.core.finishing.Fit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One size an asset ships in ({@code outputs: [[size: '1200x630', fit: 'cover']]}); the core's
 * {@link DerivedSize} checks it and names what is wrong.
 */
public final class DerivedOutput extends AbstractDescribableImpl<DerivedOutput> {

    private final String size;
    private String fit;
    private String anchor;
    private String format;
    private Integer quality;
    private String background;
    /** What is drawn on this size, in order ({@code [textOverlay(...), logoOverlay(...)]}). */
    private List<OverlayEntry> overlays;

    @DataBoundConstructor
    public DerivedOutput(String size) {
        this.size = size;
    }

    /** The keys as the core reads them; unset ones are left out. */
    public Map<String, Object> values() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("size", size);
        v.put("fit", fit);
        v.put("anchor", anchor);
        v.put("format", format);
        v.put("quality", quality);
        v.put("background", background);
        v.put(
                "overlays",
                overlays == null
                        ? null
                        : overlays.stream().map(OverlayEntry::values).toList());
        v.values().removeIf(x -> x == null);
        return v;
    }

    public String getSize() {
        return size;
    }

    public String getFit() {
        return fit;
    }

    @DataBoundSetter
    public void setFit(String fit) {
        this.fit = blankToNull(fit);
    }

    public String getAnchor() {
        return anchor;
    }

    @DataBoundSetter
    public void setAnchor(String anchor) {
        this.anchor = blankToNull(anchor);
    }

    public String getFormat() {
        return format;
    }

    @DataBoundSetter
    public void setFormat(String format) {
        this.format = blankToNull(format);
    }

    public Integer getQuality() {
        return quality;
    }

    @DataBoundSetter
    public void setQuality(Integer quality) {
        this.quality = quality;
    }

    public String getBackground() {
        return background;
    }

    @DataBoundSetter
    public void setBackground(String background) {
        this.background = blankToNull(background);
    }

    public List<OverlayEntry> getOverlays() {
        return overlays;
    }

    @DataBoundSetter
    public void setOverlays(List<OverlayEntry> overlays) {
        this.overlays = overlays == null || overlays.isEmpty() ? null : List.copyOf(overlays);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<DerivedOutput> {

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.DerivedOutput_DisplayName();
        }

        @POST
        public ListBoxModel doFillFitItems(@AncestorInPath Item item) {
            Forms.checkConfigure(item);
            ListBoxModel items = new ListBoxModel();
            for (Fit f : Fit.values()) {
                items.add(f.id(), f.id());
            }
            return items;
        }

        @POST
        public ListBoxModel doFillAnchorItems(@AncestorInPath Item item) {
            Forms.checkConfigure(item);
            ListBoxModel items = new ListBoxModel();
            for (Anchor a : Anchor.values()) {
                items.add(a.id(), a.id());
            }
            return items;
        }

        @POST
        public ListBoxModel doFillFormatItems(@AncestorInPath Item item) {
            Forms.checkConfigure(item);
            ListBoxModel items = new ListBoxModel();
            for (DerivedSize.Format f : DerivedSize.Format.values()) {
                items.add(f.name().toLowerCase(java.util.Locale.ROOT), f.name().toLowerCase(java.util.Locale.ROOT));
            }
            return items;
        }

        @POST
        public FormValidation doCheckSize(@AncestorInPath Item item, @QueryParameter String value) {
            Forms.checkConfigure(item);
            return Forms.check(() -> DerivedSize.of(1, Map.of("size", value == null ? "" : value)));
        }
    }
}
