package io.jenkins.plugins.dashscope.core.review;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.common.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A saved set of decisions, as a script or a reviewer outside Jenkins writes them:
 *
 * <pre>{"reviewer": "alice", "decisions": [
 *   {"image": "banner-en/image-1.png", "verdict": "approve"},
 *   {"image": "banner-zh-CN/image-1.png", "verdict": "reject", "reason": "the caption is cut"}]}</pre>
 *
 * Image paths are relative to the run's folder (where {@code assets.json} or {@code manifest.json} is). The file is
 * untrusted input: its size, the number of decisions and every text are bounded before anything is done.
 *
 * @param reviewer who decided
 */
public record DecisionFile(String reviewer, List<Entry> decisions) {

    /** The largest decisions file read, and the most decisions in it. */
    public static final int MAX_BYTES = 1024 * 1024;

    public static final int MAX_DECISIONS = 10_000;
    static final int MAX_TEXT = 500;

    /** One decision: an image of the run, approve or reject, and why if given. */
    public record Entry(String image, Verdict verdict, String reason) {}

    public DecisionFile {
        decisions = List.copyOf(decisions);
    }

    /**
     * Reads the file's text.
     *
     * @throws InvalidRequestException naming the field that is wrong ({@code decisions[2].verdict}, ...)
     */
    public static DecisionFile parse(String json) {
        JsonNode root;
        try {
            root = Json.newMapper().readTree(json);
        } catch (IOException e) {
            throw new InvalidRequestException("review file", "is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException("review file", "must be a JSON object with 'reviewer' and 'decisions'");
        }
        String reviewer = text(root, "reviewer", "reviewer", true);
        JsonNode list = root.path("decisions");
        if (!list.isArray() || list.isEmpty() || list.size() > MAX_DECISIONS) {
            throw new InvalidRequestException("decisions", "must be a list of 1 to " + MAX_DECISIONS + " decisions");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode d = list.get(i);
            String at = "decisions[" + i + "]";
            if (!d.isObject()) {
                throw new InvalidRequestException(at, "must be an object with 'image' and 'verdict'");
            }
            entries.add(new Entry(
                    text(d, "image", at + ".image", true),
                    Verdict.parse(at + ".verdict", text(d, "verdict", at + ".verdict", true)),
                    text(d, "reason", at + ".reason", false)));
        }
        return new DecisionFile(reviewer, entries);
    }

    private static String text(JsonNode node, String name, String field, boolean required) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                throw new InvalidRequestException(field, "is missing");
            }
            return null;
        }
        String s = v.isTextual() ? v.asText().strip() : null;
        if (s == null
                || (required && s.isEmpty())
                || s.length() > MAX_TEXT
                || s.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException(field, "must be text of 1 to " + MAX_TEXT + " characters on one line");
        }
        return s.isEmpty() ? null : s;
    }
}
