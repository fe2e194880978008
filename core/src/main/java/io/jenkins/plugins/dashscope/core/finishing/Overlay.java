package io.jenkins.plugins.dashscope.core.finishing;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What is drawn on a derived size after it is brought to size, in order: exact words ({@link TextOverlay}) or a logo
 * ({@link LogoOverlay}). Errors name {@code outputs[N].overlays[M].key}.
 */
public sealed interface Overlay extends Serializable permits TextOverlay, LogoOverlay {

    /** Far more than any asset carries; a bound on what one output may ask to draw. */
    int MAX_OVERLAYS = 16;

    Anchor anchor();

    /** The gap kept between the overlay and the edges its anchor names. */
    Length margin();

    /**
     * The overlays of one output, as a step, form or spec gives them: a list of maps, each with {@code text} or
     * {@code image}.
     *
     * @param field {@code outputs[N].overlays}
     */
    static List<Overlay> all(String field, Object given) {
        if (given == null) {
            return List.of();
        }
        if (!(given instanceof List<?> list)) {
            throw InvalidRequestException.of(field, given, "a list of overlays, each with text or image");
        }
        if (list.size() > MAX_OVERLAYS) {
            throw new InvalidRequestException(field, "has more than " + MAX_OVERLAYS + " overlays");
        }
        List<Overlay> out = new ArrayList<>();
        for (Object o : list) {
            String at = field + "[" + (out.size() + 1) + "]";
            if (!(o instanceof Map<?, ?> m)) {
                throw InvalidRequestException.of(at, o, "a map with text or image");
            }
            boolean text = m.get("text") != null;
            boolean image = m.get("image") != null;
            if (text == image) {
                throw new InvalidRequestException(at, "needs text or image, not both");
            }
            out.add(text ? TextOverlay.of(at, m) : LogoOverlay.of(at, m));
        }
        return List.copyOf(out);
    }
}
