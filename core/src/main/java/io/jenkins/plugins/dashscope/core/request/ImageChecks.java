package io.jenkins.plugins.dashscope.core.request;

import io.jenkins.plugins.dashscope.core.catalog.ModelSpec;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The image inputs of a request as {@link RequestValidator} checks them, each error naming its field. */
final class ImageChecks {

    private static final Set<String> REF_MODES = Set.of("repaint", "refonly");

    private ImageChecks() {}

    /** Every image input, parsed, with what each needs beside it; local files exist and are readable. */
    static Map<ImageRole, ImageSource> check(GenerationRequest r, ModelSpec spec, LocalFiles files) {
        Map<ImageRole, ImageSource> images = collect(r, spec, files);
        checkCompanions(r, images);
        for (ImageSource s : images.values()) {
            if (s instanceof ImageSource.Local local) {
                String field = fieldOf(images, s);
                if (!Files.isRegularFile(local.path())) {
                    throw new InvalidRequestException(
                            field, "file '" + local.path() + "' does not exist or is not a file");
                }
                if (!Files.isReadable(local.path())) {
                    throw new InvalidRequestException(field, "file '" + local.path() + "' is not readable");
                }
            }
        }
        return images;
    }

    /** The inputs given, each by its role; those the model requires must be. */
    private static Map<ImageRole, ImageSource> collect(GenerationRequest r, ModelSpec spec, LocalFiles files) {
        Map<ImageRole, ImageSource> images = new EnumMap<>(ImageRole.class);
        if (r.images() != null && r.images().size() > spec.maxInputImages()) {
            throw new InvalidRequestException(
                    RequestOption.IMAGES.field(),
                    "at most " + spec.maxInputImages() + " for " + spec.name() + ", "
                            + r.images().size() + " given");
        }
        for (ImageRole role : ImageRole.values()) {
            String text = role.valueIn(r);
            if (text != null && !text.isBlank()) {
                images.put(role, ImageSource.parse(role.field(), text, files));
            } else if (role.option().guard().filter(spec.required()::contains).isPresent()
                    && (!role.isListed() || role == ImageRole.INPUT_1)) {
                throw new InvalidRequestException(
                        role.isListed() ? RequestOption.IMAGES.field() : role.field(), "is required by " + spec.name());
            }
        }
        return images;
    }

    /** The options that only mean something beside an image: a mask's base, the reference's strength and mode. */
    private static void checkCompanions(GenerationRequest r, Map<ImageRole, ImageSource> images) {
        if (images.containsKey(ImageRole.MASK) && !images.containsKey(ImageRole.BASE)) {
            throw new InvalidRequestException(
                    RequestOption.MASK_IMAGE.field(), "needs baseImage: a mask marks the area of a base image");
        }
        if (r.refStrength() != null) {
            if (!images.containsKey(ImageRole.REF)) {
                throw new InvalidRequestException(RequestOption.REF_STRENGTH.field(), "needs refImage");
            }
            if (r.refStrength().isNaN() || r.refStrength() < 0 || r.refStrength() > 1) {
                throw InvalidRequestException.of(RequestOption.REF_STRENGTH.field(), r.refStrength(), "0.0..1.0");
            }
        }
        if (r.refMode() != null && !r.refMode().isBlank()) {
            if (!images.containsKey(ImageRole.REF)) {
                throw new InvalidRequestException(RequestOption.REF_MODE.field(), "needs refImage");
            }
            if (!REF_MODES.contains(r.refMode().trim().toLowerCase(Locale.ROOT))) {
                throw InvalidRequestException.of(RequestOption.REF_MODE.field(), r.refMode(), "repaint, refonly");
            }
        }
        if (r.maskColor() != null && !r.maskColor().isEmpty()) {
            if (!images.containsKey(ImageRole.MASK)) {
                throw new InvalidRequestException(RequestOption.MASK_COLOR.field(), "needs maskImage");
            }
            for (List<Integer> rgb : r.maskColor()) {
                if (rgb.size() != 3 || rgb.stream().anyMatch(c -> c == null || c < 0 || c > 255)) {
                    throw InvalidRequestException.of(
                            RequestOption.MASK_COLOR.field(),
                            rgb,
                            "RGB triples of 0..255, e.g. [[0,0,0],[134,134,134]]");
                }
            }
        }
    }

    private static String fieldOf(Map<ImageRole, ImageSource> images, ImageSource s) {
        return images.entrySet().stream()
                .filter(e -> e.getValue() == s)
                .findFirst()
                .orElseThrow()
                .getKey()
                .field();
    }

    static void checkFunction(GenerationRequest r, ModelSpec spec, Map<ImageRole, ImageSource> images) {
        String f = r.function() == null || r.function().isBlank()
                ? null
                : r.function().trim();
        if (f == null) {
            if (spec.required().contains(RequestOption.FUNCTION.guard().orElseThrow())) {
                throw new InvalidRequestException(
                        RequestOption.FUNCTION.field(),
                        "is required by " + spec.name() + "; allowed: "
                                + String.join(", ", new java.util.TreeSet<>(spec.functions())));
            }
            return;
        }
        if (!spec.known()) {
            return;
        }
        if (!spec.functions().contains(f)) {
            throw InvalidRequestException.of(
                    RequestOption.FUNCTION.field(), f, String.join(", ", new java.util.TreeSet<>(spec.functions())));
        }
        boolean needsMask = spec.maskFunctions().contains(f);
        if (needsMask && !images.containsKey(ImageRole.MASK)) {
            throw new InvalidRequestException(RequestOption.MASK_IMAGE.field(), "is required by function " + f);
        }
        if (!needsMask && images.containsKey(ImageRole.MASK)) {
            throw new InvalidRequestException(
                    RequestOption.MASK_IMAGE.field(),
                    "is only used by function " + String.join(", ", spec.maskFunctions()) + ", not " + f);
        }
    }

    static void checkSketchWeight(GenerationRequest r, ModelSpec spec, Map<ImageRole, ImageSource> images) {
        if (r.sketchWeight() == null) {
            return;
        }
        if (!images.containsKey(ImageRole.SKETCH)) {
            throw new InvalidRequestException(RequestOption.SKETCH_WEIGHT.field(), "needs sketchImage");
        }
        if (r.sketchWeight() < 0 || r.sketchWeight() > 10) {
            throw InvalidRequestException.of(RequestOption.SKETCH_WEIGHT.field(), r.sketchWeight(), "0..10");
        }
    }
}
