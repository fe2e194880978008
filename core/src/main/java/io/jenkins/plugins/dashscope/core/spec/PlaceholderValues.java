package io.jenkins.plugins.dashscope.core.spec;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Values a Pipeline or command line passes for {@code ${name}} in a spec and in overlay texts ({@code version: 2.5}):
 * named plainly, one line each, bounded, so that nothing passed can grow a spec or an image without limit.
 */
public final class PlaceholderValues {

    public static final int MAX_VALUES = 64;
    public static final int MAX_CHARS = 500;
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

    private PlaceholderValues() {}

    /** @throws InvalidRequestException naming {@code field} or {@code field.name} */
    public static LinkedHashMap<String, String> of(String field, Map<String, ?> given) {
        if (given.size() > MAX_VALUES) {
            throw new InvalidRequestException(field, "has more than " + MAX_VALUES + " values");
        }
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        given.forEach((name, value) -> {
            if (!NAME.matcher(name).matches()) {
                throw InvalidRequestException.of(field, name, "a name of letters, digits, '.', '_' or '-'");
            }
            String v = value == null ? "" : value.toString();
            if (v.length() > MAX_CHARS || v.chars().anyMatch(Character::isISOControl)) {
                throw InvalidRequestException.of(
                        field + "." + name, v, "one line of at most " + MAX_CHARS + " characters");
            }
            out.put(name, v);
        });
        return out;
    }
}
