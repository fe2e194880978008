package io.jenkins.plugins.dashscope.core.catalog;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one model accepts. Built-in specs come from the vendor documents; a spec for a model the
 * catalog does not know is permissive and relies on the server to judge.
 *
 * @param name          model name sent as {@code model}
 * @param family        the API family used unless the caller names another allowed one
 * @param otherFamilies further families the model is served on (e.g. wan2.6-t2i sync)
 * @param sizeRule      sizes accepted when {@link ModelOption#SIZE} is supported
 * @param defaultSize   the size the server uses when none is sent, for the manifest; may be null
 * @param maxImages     largest {@code n}
 * @param maxPromptChars longest prompt in characters (code points); 0 means no limit known
 * @param seedMin       smallest seed
 * @param seedMax       largest seed
 * @param styles        accepted styles, with angle brackets
 * @param options       supported options
 * @param required      options that must be given
 * @param functions     accepted {@code function} values
 * @param maskFunctions functions that need a mask image
 * @param maxInputImages most images {@code images} may give (0: the model takes none)
 * @param known         whether the spec comes from the catalog
 * @param wire          where the model's request and answer depart from its family's
 */
public record ModelSpec(
        String name,
        ApiFamily family,
        Set<ApiFamily> otherFamilies,
        SizeRule sizeRule,
        ImageSize defaultSize,
        int maxImages,
        int maxPromptChars,
        int maxNegativePromptChars,
        long seedMin,
        long seedMax,
        List<String> styles,
        Set<ModelOption> options,
        Set<ModelOption> required,
        Set<String> functions,
        Set<String> maskFunctions,
        int maxInputImages,
        boolean known,
        ModelWire wire) {

    /** The most input images any model takes (wan2.7-image: 9). */
    public static final int MAX_INPUT_IMAGES = 9;

    /** The most images a request for a set of related images may ask for (wan2.7 with enable_sequential). */
    public static final int MAX_SEQUENTIAL_IMAGES = 12;

    public ModelSpec {
        otherFamilies = Set.copyOf(otherFamilies);
        styles = List.copyOf(styles);
        options = Set.copyOf(options);
        required = Set.copyOf(required);
        functions = Set.copyOf(new LinkedHashSet<>(functions));
        maskFunctions = Set.copyOf(maskFunctions);
        wire = wire == null ? ModelWire.STANDARD : wire;
    }

    /** A spec in its family's shape. */
    public ModelSpec(
            String name,
            ApiFamily family,
            Set<ApiFamily> otherFamilies,
            SizeRule sizeRule,
            ImageSize defaultSize,
            int maxImages,
            int maxPromptChars,
            int maxNegativePromptChars,
            long seedMin,
            long seedMax,
            List<String> styles,
            Set<ModelOption> options,
            Set<ModelOption> required,
            Set<String> functions,
            Set<String> maskFunctions,
            int maxInputImages,
            boolean known) {
        this(
                name,
                family,
                otherFamilies,
                sizeRule,
                defaultSize,
                maxImages,
                maxPromptChars,
                maxNegativePromptChars,
                seedMin,
                seedMax,
                styles,
                options,
                required,
                functions,
                maskFunctions,
                maxInputImages,
                known,
                ModelWire.STANDARD);
    }

    /** A spec for a model the catalog lacks: the caller named the family, the server judges the rest. */
    public static ModelSpec unknown(String name, ApiFamily family) {
        return new ModelSpec(
                name,
                family,
                Set.of(),
                new SizeRule.Any(),
                null,
                16,
                0,
                0,
                0,
                Long.MAX_VALUE,
                List.of(),
                EnumSet.allOf(ModelOption.class),
                Set.of(),
                Set.of(),
                Set.of(),
                MAX_INPUT_IMAGES,
                false,
                ModelWire.of(family));
    }

    public boolean supports(ModelOption option) {
        return options.contains(option);
    }

    /** Where the answer of this model on a family puts its images. */
    public ApiFamily.Output output(ApiFamily f) {
        return wire.output() != null && f == family ? wire.output() : f.output();
    }

    public boolean servedOn(ApiFamily f) {
        return family == f || otherFamilies.contains(f);
    }
}
