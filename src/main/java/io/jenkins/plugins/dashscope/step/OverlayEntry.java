package io.jenkins.plugins.dashscope.step;

import hudson.model.AbstractDescribableImpl;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dashscope.core.finishing.Anchor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One overlay of a derived size, as the step and the freestyle form give it ({@code textOverlay(...)},
 * {@code logoOverlay(...)}); the core's overlay checks it and names what is wrong. A spec gives the same keys as a
 * map.
 */
public abstract class OverlayEntry extends AbstractDescribableImpl<OverlayEntry> {

    private String anchor;
    private String margin;

    /** The keys as the core reads them; unset ones are left out. */
    public final Map<String, Object> values() {
        Map<String, Object> v = new LinkedHashMap<>();
        own(v);
        v.put("anchor", anchor);
        v.put("margin", margin);
        v.values().removeIf(x -> x == null);
        return v;
    }

    abstract void own(Map<String, Object> values);

    public String getAnchor() {
        return anchor;
    }

    /** One of the nine anchors ({@code bottom-right}); the overlay's kind has its default. */
    @org.kohsuke.stapler.DataBoundSetter
    public void setAnchor(String anchor) {
        this.anchor = blankToNull(anchor);
    }

    public String getMargin() {
        return margin;
    }

    /** Pixels ({@code 24}) or a share of the output's shorter side ({@code 4%}). */
    @org.kohsuke.stapler.DataBoundSetter
    public void setMargin(String margin) {
        this.margin = blankToNull(margin);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** The anchors, for the form (the caller checks the permission). */
    static ListBoxModel anchors() {
        ListBoxModel items = new ListBoxModel();
        items.add("", "");
        for (Anchor a : Anchor.values()) {
            items.add(a.id(), a.id());
        }
        return items;
    }
}
