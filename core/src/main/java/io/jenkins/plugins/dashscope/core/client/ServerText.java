package io.jenkins.plugins.dashscope.core.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;

/**
 * Text a server sent, made safe to print and store: the API key of the call is masked (a server may echo
 * the Authorization header), control characters (ANSI escapes, CR/LF that would forge log lines) become
 * spaces, and each text is capped. Applied to every API answer before anything reads it.
 */
public final class ServerText {

    /** Longer than any documented value (signed result URLs are well under 2 KB). */
    static final int MAX_CHARS = 4096;

    private ServerText() {}

    /** One text; {@code key} may be null for calls that carry none. */
    public static String clean(String text, ApiKey key) {
        if (text == null) {
            return null;
        }
        String t = key == null ? text : key.redact(text);
        StringBuilder b = new StringBuilder(Math.min(t.length(), MAX_CHARS + 1));
        for (int i = 0; i < t.length() && b.length() < MAX_CHARS; i++) {
            char c = t.charAt(i);
            b.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
        }
        if (t.length() > MAX_CHARS) {
            b.append('…');
        }
        return b.toString();
    }

    /** Every text value (and field name) of a parsed answer, in place; returns it. */
    static JsonNode clean(JsonNode node, ApiKey key) {
        if (node instanceof ObjectNode o) {
            for (Map.Entry<String, JsonNode> f : List.copyOf(o.properties())) {
                String name = clean(f.getKey(), key);
                JsonNode value = clean(f.getValue(), key);
                if (!name.equals(f.getKey())) {
                    o.remove(f.getKey());
                }
                o.set(name, value);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, clean(a.get(i), key));
            }
        } else if (node != null && node.isTextual()) {
            String cleaned = clean(node.textValue(), key);
            return cleaned.equals(node.textValue()) ? node : TextNode.valueOf(cleaned);
        }
        return node;
    }
}
