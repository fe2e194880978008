package io.jenkins.plugins.dashscope.core.finishing;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** How an overlay's keys are read: the checks both kinds share, each error naming its field. */
final class Overlays {

    private Overlays() {}

    static void checkKeys(String at, Map<?, ?> m, Set<String> keys) {
        for (Object k : m.keySet()) {
            if (!keys.contains(String.valueOf(k))) {
                throw InvalidRequestException.of(at, k, "keys " + String.join(", ", new TreeSet<>(keys)));
            }
        }
    }

    static Length length(String field, Object given, String dflt, int maxPixels) {
        return Length.parse(field, given == null || given.toString().isBlank() ? dflt : given, maxPixels);
    }

    static int whole(String field, Object given, int dflt, int min, int max) {
        if (given == null || given.toString().isBlank()) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(given.toString().trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw InvalidRequestException.of(field, given, min + ".." + max);
    }

    static boolean flag(String field, Object given) {
        if (given == null || given instanceof Boolean) {
            return Boolean.TRUE.equals(given);
        }
        return switch (given.toString().trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false", "" -> false;
            default -> throw InvalidRequestException.of(field, given, "true or false");
        };
    }

    static Anchor anchor(String field, Object given, Anchor dflt) {
        return DerivedSizeKeys.choice(field, given, Anchor.values(), Anchor::id, dflt);
    }
}
