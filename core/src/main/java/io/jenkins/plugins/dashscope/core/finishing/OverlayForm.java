package io.jenkins.plugins.dashscope.core.finishing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Overlays as one value of an output's text form: their keys as JSON, in base64url (no comma, no '='), read back
 * through the same checks as a spec's. The text form is what a running build keeps in program.dat.
 */
final class OverlayForm {

    /** Sixteen overlays of 500-character texts, with room to spare. */
    private static final int MAX_CHARS = 64 * 1024;

    private OverlayForm() {}

    static String write(List<Overlay> overlays) {
        List<Map<String, Object>> maps = new ArrayList<>();
        overlays.forEach(o -> maps.add(o instanceof TextOverlay t ? map(t) : map((LogoOverlay) o)));
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(new ObjectMapper().writeValueAsBytes(maps));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // plain values only
        }
    }

    static List<?> read(String field, String text) {
        if (text.length() > MAX_CHARS) {
            throw new InvalidRequestException(field, "is longer than " + MAX_CHARS + " characters");
        }
        try {
            return new ObjectMapper().readValue(Base64.getUrlDecoder().decode(text), List.class);
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw InvalidRequestException.of(field, text, "overlays as this product writes them");
        }
    }

    private static Map<String, Object> map(TextOverlay t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(
                "text",
                t.texts().size() == 1 && t.texts().containsKey("")
                        ? t.texts().get("")
                        : new LinkedHashMap<>(t.texts()));
        m.put("font", t.font());
        m.put("size", t.size().toText());
        m.put("color", color(t.color()));
        m.put("anchor", t.anchor().id());
        m.put("margin", t.margin().toText());
        if (t.box() != null) {
            m.put("box", t.box().toText());
        }
        m.put("minSize", t.minSize());
        if (t.outline() != null) {
            m.put("outline", color(t.outline()));
        }
        m.put("shadow", t.shadow());
        return m;
    }

    private static Map<String, Object> map(LogoOverlay l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", l.image());
        m.put("width", l.width().toText());
        m.put("anchor", l.anchor().id());
        m.put("margin", l.margin().toText());
        m.put("opacity", l.opacity());
        return m;
    }

    private static String color(int rgb) {
        return String.format(java.util.Locale.ROOT, "#%06x", rgb & 0xffffff);
    }
}
