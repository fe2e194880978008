package io.jenkins.plugins.dashscope.core.review;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.util.Locale;

/** What a reviewer decided of one image. */
public enum Verdict {
    APPROVED,
    REJECTED;

    /**
     * {@code approve}, {@code approved}, {@code reject} or {@code rejected}, in any case.
     *
     * @throws InvalidRequestException naming {@code field}
     */
    public static Verdict parse(String field, String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "approve", "approved" -> {
                return APPROVED;
            }
            case "reject", "rejected" -> {
                return REJECTED;
            }
            default -> throw InvalidRequestException.of(field, text, "approve or reject");
        }
    }
}
