package io.jenkins.plugins.dashscope.core.request;

import io.jenkins.plugins.dashscope.core.catalog.ApiFamily;
import io.jenkins.plugins.dashscope.core.catalog.ImageSize;
import io.jenkins.plugins.dashscope.core.catalog.ModelCatalog;
import io.jenkins.plugins.dashscope.core.catalog.ModelOption;
import io.jenkins.plugins.dashscope.core.catalog.ModelSpec;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a request against the model's rules before anything is sent. Every rejection is an
 * {@link InvalidRequestException} naming the field, the value and what is allowed.
 */
public final class RequestValidator {

    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern PARAMETER_KEY = Pattern.compile("(input\\.)?[A-Za-z][A-Za-z0-9_]{0,63}");
    private final ModelCatalog catalog;

    public RequestValidator(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @param baseDir where relative image paths resolve (the workspace); null for the working directory
     */
    public ValidatedRequest validate(GenerationRequest r, Path baseDir) {
        return validate(r, LocalFiles.anywhere(baseDir));
    }

    /**
     * @param files where local image paths resolve, and which ones are allowed
     */
    public ValidatedRequest validate(GenerationRequest r, LocalFiles files) {
        String model = r.model() == null || r.model().isBlank()
                ? GenerationRequest.DEFAULT_MODEL
                : r.model().trim();
        if (!MODEL_NAME.matcher(model).matches()) {
            throw InvalidRequestException.of(
                    RequestOption.MODEL.field(), model, "a model name of letters, digits, '.', '_' and '-'");
        }
        ApiFamily named = null;
        if (r.api() != null && !r.api().isBlank()) {
            named = ApiFamily.byId(r.api())
                    .orElseThrow(() ->
                            InvalidRequestException.of(RequestOption.API.field(), r.api(), ApiFamily.allowedIds()));
        }
        ModelSpec spec = resolve(model, named);
        ApiFamily family = named == null ? spec.family() : named;
        for (RequestOption option : RequestOption.values()) { // one pass: an option the model lacks is refused first
            supported(spec, option, r.valueOf(option));
        }

        String tier = checkTier(r, spec);
        ImageSize size = tier == null ? checkSize(r, spec) : null;
        checkCount(r, spec);
        checkSeed(r, spec);
        String style = checkStyle(r, spec);
        Map<ImageRole, ImageSource> images = ImageChecks.check(r, spec, files);
        checkPrompt(r, spec, images);
        ImageChecks.checkFunction(r, spec, images);
        ImageChecks.checkSketchWeight(r, spec, images);
        OutPaintingRule.check(r, spec);
        RequestBuilder normalised = TranslationRule.check(r, spec).toBuilder().model(model);
        if (r.refMode() != null) {
            normalised.refMode(r.refMode().toLowerCase(Locale.ROOT));
        }
        GenerationRequest checked = normalised.build();
        CompositionRule.check(r, spec);
        checkExtraParameters(r);
        return new ValidatedRequest(checked, spec, family, size, tier, style, images);
    }

    private ModelSpec resolve(String model, ApiFamily named) {
        var known = catalog.find(model);
        if (known.isEmpty()) {
            if (named == null) {
                throw new InvalidRequestException(
                        RequestOption.MODEL.field(),
                        "'" + model + "' is not in the catalog (known: "
                                + String.join(
                                        ", ",
                                        catalog.all().stream()
                                                .map(ModelSpec::name)
                                                .toList())
                                + "); to use it anyway, name its API family with api (one of " + ApiFamily.allowedIds()
                                + ")");
            }
            return ModelSpec.unknown(model, named);
        }
        ModelSpec spec = known.get();
        if (named != null && !spec.servedOn(named)) {
            StringBuilder allowed = new StringBuilder(spec.family().id());
            spec.otherFamilies().forEach(f -> allowed.append(", ").append(f.id()));
            throw InvalidRequestException.of(
                    RequestOption.API.field(), named.id(), allowed + " for model " + spec.name());
        }
        return spec;
    }

    private static void checkPrompt(GenerationRequest r, ModelSpec spec, Map<ImageRole, ImageSource> images) {
        boolean given = r.prompt() != null && !r.prompt().isBlank();
        switch (spec.wire().prompt()) {
            case NONE -> {
                if (given) {
                    throw new InvalidRequestException(
                            RequestOption.PROMPT.field(), "is not used by " + spec.name() + "; leave it out");
                }
            }
            case UNLESS_REF_IMAGE -> {
                if (!given && !images.containsKey(ImageRole.REF)) {
                    throw new InvalidRequestException(
                            RequestOption.PROMPT.field(),
                            "is empty; " + spec.name() + " needs a prompt, a refImage, or both");
                }
            }
            case OPTIONAL -> {
                // the server judges
            }
            case REQUIRED -> {
                if (!given) {
                    throw new InvalidRequestException(
                            RequestOption.PROMPT.field(), "is empty; describe the image to generate");
                }
            }
        }
        if (!given) {
            return;
        }
        checkLength(RequestOption.PROMPT.field(), r.prompt(), spec.maxPromptChars(), spec);
        if (r.negativePrompt() != null) {
            checkLength(RequestOption.NEGATIVE_PROMPT.field(), r.negativePrompt(), spec.maxNegativePromptChars(), spec);
        }
    }

    private static void checkLength(String field, String text, int max, ModelSpec spec) {
        int chars = text.codePointCount(0, text.length());
        if (max > 0 && chars > max) {
            throw new InvalidRequestException(
                    field, "has " + chars + " characters; " + spec.name() + " allows at most " + max);
        }
    }

    private static ImageSize checkSize(GenerationRequest r, ModelSpec spec) {
        if (r.size() == null || r.size().isBlank()) {
            return null;
        }
        ImageSize size = ImageSize.parse(r.size())
                .orElseThrow(() -> InvalidRequestException.of(
                        RequestOption.SIZE.field(), r.size(), "W*H or WxH in pixels, e.g. 1024*1024"));
        spec.sizeRule().violation(size).ifPresent(why -> {
            throw new InvalidRequestException(
                    RequestOption.SIZE.field(),
                    "'" + r.size() + "' is not allowed for " + spec.name() + " (" + why + "); allowed: "
                            + spec.sizeRule().describe());
        });
        return size;
    }

    /** A size named by resolution tier ({@code 2K}), written as the model's table writes it; null for any other size. */
    private static String checkTier(GenerationRequest r, ModelSpec spec) {
        if (r.size() == null || !r.size().trim().matches("(?i)\\d+k")) {
            return null;
        }
        String tier = r.size().trim().toUpperCase(Locale.ROOT);
        if (!spec.known()) {
            return tier; // the server judges a model the catalog lacks
        }
        if (!spec.sizeRule().tiers().contains(tier)) {
            throw new InvalidRequestException(
                    RequestOption.SIZE.field(),
                    "'" + r.size() + "' is not allowed for " + spec.name() + "; allowed: "
                            + spec.sizeRule().describe());
        }
        if (spec.sizeRule().textOnlyTiers().contains(tier) && r.images() != null) {
            throw new InvalidRequestException(
                    RequestOption.SIZE.field(),
                    tier + " is for text to image only; with input images "
                            + spec.name() + " takes "
                            + String.join(
                                    ", ",
                                    spec.sizeRule().tiers().stream()
                                            .filter(t -> !spec.sizeRule()
                                                    .textOnlyTiers()
                                                    .contains(t))
                                            .toList()));
        }
        return tier;
    }

    private static void checkCount(GenerationRequest r, ModelSpec spec) {
        boolean canSequence = spec.supports(ModelOption.SEQUENTIAL);
        boolean sequential = canSequence && Boolean.TRUE.equals(r.enableSequential());
        int max = sequential ? ModelSpec.MAX_SEQUENTIAL_IMAGES : spec.maxImages();
        if (r.n() != null && (r.n() < 1 || r.n() > max)) {
            String more = canSequence && !sequential
                    ? " (1.." + ModelSpec.MAX_SEQUENTIAL_IMAGES + " with enableSequential)"
                    : "";
            throw InvalidRequestException.of(
                    RequestOption.N.field(), r.n(), "1.." + max + " for " + spec.name() + more);
        }
    }

    private static void checkSeed(GenerationRequest r, ModelSpec spec) {
        if (r.seed() == null) {
            return;
        }
        if (r.seed() < spec.seedMin() || r.seed() > spec.seedMax()) {
            throw InvalidRequestException.of(
                    RequestOption.SEED.field(),
                    r.seed(),
                    spec.seedMin() + ".." + spec.seedMax() + " for " + spec.name());
        }
    }

    private static String checkStyle(GenerationRequest r, ModelSpec spec) {
        if (r.style() == null || r.style().isBlank()) {
            return null;
        }
        String s = r.style().trim().toLowerCase(Locale.ROOT);
        String normalised = s.startsWith("<") && s.endsWith(">") ? s : "<" + s + ">";
        if (spec.known() && !spec.styles().contains(normalised)) {
            throw InvalidRequestException.of(
                    RequestOption.STYLE.field(), r.style(), String.join(", ", spec.styles()) + " for " + spec.name());
        }
        return normalised;
    }

    private static void checkExtraParameters(GenerationRequest r) {
        for (var e : r.extraParameters().entrySet()) {
            String key = e.getKey();
            if (key == null || !PARAMETER_KEY.matcher(key).matches()) {
                throw InvalidRequestException.of(
                        RequestOption.PARAMETERS.field(),
                        key,
                        "keys of letters, digits and '_' (prefix input. for input fields)");
            }
            RequestOption typed = RequestOption.byWireName(key).orElse(null);
            if (typed != null) {
                throw new InvalidRequestException(
                        RequestOption.PARAMETERS.field(),
                        "'" + key + "' is set by the " + typed.field() + " option; use that instead");
            }
        }
    }

    private static void supported(ModelSpec spec, RequestOption option, Object value) {
        if (value != null && option.guard().filter(g -> !spec.supports(g)).isPresent()) {
            throw new InvalidRequestException(option.field(), "is not supported by " + spec.name());
        }
    }
}
