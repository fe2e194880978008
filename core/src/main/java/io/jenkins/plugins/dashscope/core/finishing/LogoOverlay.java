package io.jenkins.plugins.dashscope.core.finishing;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.request.WorkspacePath;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A raster logo on a derived size: a PNG (with alpha) of the workspace, drawn {@code width} wide (pixels or a share of
 * the output's width, its aspect kept), at an anchor and margin, with an opacity.
 */
public record LogoOverlay(String image, Length width, Anchor anchor, Length margin, double opacity) implements Overlay {

    private static final long serialVersionUID = 1L;

    static final Set<String> KEYS = Set.of("image", "width", "anchor", "margin", "opacity");

    static LogoOverlay of(String at, Map<?, ?> m) {
        Overlays.checkKeys(at, m, KEYS);
        String image = WorkspacePath.relative(
                at + ".image", m.get("image").toString().trim(), "a PNG file inside the workspace");
        if (!image.toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw InvalidRequestException.of(at + ".image", image, "a .png file (a logo with alpha)");
        }
        double opacity = 1.0;
        Object o = m.get("opacity");
        if (o != null && !o.toString().isBlank()) {
            try {
                opacity = o instanceof Number n
                        ? n.doubleValue()
                        : Double.parseDouble(o.toString().trim());
            } catch (NumberFormatException e) {
                opacity = -1;
            }
            if (!(opacity > 0 && opacity <= 1)) {
                throw InvalidRequestException.of(at + ".opacity", o, "more than 0, at most 1 (e.g. 0.8)");
            }
        }
        return new LogoOverlay(
                image,
                Overlays.length(at + ".width", m.get("width"), "15%", DerivedSize.MAX_SIDE),
                Overlays.anchor(at + ".anchor", m.get("anchor"), Anchor.TOP_LEFT),
                Overlays.length(at + ".margin", m.get("margin"), "4%", TextOverlay.MAX_PIXELS),
                opacity);
    }
}
