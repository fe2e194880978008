package io.jenkins.plugins.dashscope.core.common;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code ${name}} in a text, filled from values: a spec's options and an overlay's words alike. */
public final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

    private Placeholders() {}

    /**
     * @param unknown the error for a name {@code values} lacks, given that name
     */
    public static String fill(String text, Map<String, String> values, Function<String, RuntimeException> unknown) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw unknown.apply(m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }
}
