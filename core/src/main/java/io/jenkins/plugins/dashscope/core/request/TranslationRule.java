package io.jenkins.plugins.dashscope.core.request;

import io.jenkins.plugins.dashscope.core.catalog.ModelOption;
import io.jenkins.plugins.dashscope.core.catalog.ModelSpec;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Translating the text inside an image (qwen-mt-image): a target language, a source language or {@code auto},
 * with Chinese or English on one side (the service does not translate, say, Japanese to Korean). Languages are
 * given by code or English name and sent by code.
 */
final class TranslationRule {

    /** The service's languages, by code (vendor page qwen-mt-image-api). */
    static final Map<String, String> LANGUAGES = languages();

    private static final String AUTO = "auto";

    private TranslationRule() {}

    /** @return the request with both languages as the codes to send ({@code auto} for a source not given) */
    static GenerationRequest check(GenerationRequest r, ModelSpec spec) {
        if (!spec.supports(ModelOption.TRANSLATION)) {
            return r;
        }
        if (r.targetLang() == null) {
            if (spec.required().contains(ModelOption.TRANSLATION)) {
                throw new InvalidRequestException(
                        RequestOption.TARGET_LANG.field(),
                        "is required by " + spec.name() + "; one of " + String.join(", ", LANGUAGES.keySet()));
            }
            return r;
        }
        String target = code(RequestOption.TARGET_LANG, r.targetLang(), false);
        String source = r.sourceLang() == null ? AUTO : code(RequestOption.SOURCE_LANG, r.sourceLang(), true);
        if (source.equals(target)) {
            throw new InvalidRequestException(
                    RequestOption.TARGET_LANG.field(), "is the source language '" + source + "'");
        }
        if (!AUTO.equals(source) && !isChineseOrEnglish(source) && !isChineseOrEnglish(target)) {
            throw new InvalidRequestException(
                    RequestOption.TARGET_LANG.field(),
                    "'" + target + "' from '" + source + "': " + spec.name()
                            + " translates only from or into Chinese (zh) or English (en)");
        }
        return r.toBuilder()
                .set(RequestOption.SOURCE_LANG, source)
                .set(RequestOption.TARGET_LANG, target)
                .build();
    }

    private static boolean isChineseOrEnglish(String code) {
        return code.equals("zh") || code.equals("en");
    }

    private static String code(RequestOption option, String given, boolean autoAllowed) {
        String g = given.trim().toLowerCase(Locale.ROOT);
        if (autoAllowed && g.equals(AUTO)) {
            return AUTO;
        }
        for (Map.Entry<String, String> e : LANGUAGES.entrySet()) {
            if (e.getKey().equals(g) || e.getValue().equalsIgnoreCase(g)) {
                return e.getKey();
            }
        }
        throw InvalidRequestException.of(
                option.field(),
                given,
                (autoAllowed ? "auto, " : "") + String.join(", ", LANGUAGES.keySet())
                        + " (or the language's English name)");
    }

    private static Map<String, String> languages() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("zh", "Chinese");
        m.put("en", "English");
        m.put("ko", "Korean");
        m.put("ja", "Japanese");
        m.put("ru", "Russian");
        m.put("es", "Spanish");
        m.put("fr", "French");
        m.put("pt", "Portuguese");
        m.put("it", "Italian");
        m.put("de", "German");
        m.put("vi", "Vietnamese");
        m.put("ms", "Malay");
        m.put("th", "Thai");
        m.put("id", "Indonesian");
        m.put("ar", "Arabic");
        return java.util.Collections.unmodifiableMap(m);
    }
}
