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

    /** A built-in spec by name: what is not said is the usual (no other family, no styles, no inputs, ...). */
    public static Builder builder(String name, ApiFamily family) {
        return new Builder(name, family);
    }

    /** Builds a {@link ModelSpec} by name; sizes, counts, prompt lengths, seeds and options must be said. */
    public static final class Builder {
        private final String name;
        private final ApiFamily family;
        private Set<ApiFamily> otherFamilies = Set.of();
        private SizeRule sizeRule;
        private ImageSize defaultSize;
        private int maxImages = -1;
        private int maxPromptChars = -1;
        private int maxNegativePromptChars = -1;
        private long seedMin;
        private long seedMax = -1;
        private List<String> styles = List.of();
        private Set<ModelOption> options;
        private Set<ModelOption> required = Set.of();
        private Set<String> functions = Set.of();
        private Set<String> maskFunctions = Set.of();
        private int maxInputImages;
        private boolean known = true;
        private ModelWire wire = ModelWire.STANDARD;

        private Builder(String name, ApiFamily family) {
            this.name = name;
            this.family = family;
        }

        /** Further families the model is served on. */
        public Builder alsoOn(Set<ApiFamily> families) {
            this.otherFamilies = families;
            return this;
        }

        /** @param defaultSize what the server uses when no size is sent; null if not documented */
        public Builder sizes(SizeRule rule, ImageSize defaultSize) {
            this.sizeRule = rule;
            this.defaultSize = defaultSize;
            return this;
        }

        public Builder maxImages(int n) {
            this.maxImages = n;
            return this;
        }

        /** The longest prompt and negative prompt in code points; 0 when no limit is known. */
        public Builder promptChars(int prompt, int negative) {
            this.maxPromptChars = prompt;
            this.maxNegativePromptChars = negative;
            return this;
        }

        public Builder seeds(long min, long max) {
            this.seedMin = min;
            this.seedMax = max;
            return this;
        }

        public Builder styles(List<String> values) {
            this.styles = values;
            return this;
        }

        public Builder options(Set<ModelOption> supported) {
            this.options = supported;
            return this;
        }

        public Builder required(Set<ModelOption> values) {
            this.required = values;
            return this;
        }

        /** @param needMask those of the functions that need a mask image */
        public Builder functions(Set<String> accepted, Set<String> needMask) {
            this.functions = accepted;
            this.maskFunctions = needMask;
            return this;
        }

        public Builder maxInputImages(int n) {
            this.maxInputImages = n;
            return this;
        }

        /** Not from the catalog: the server judges what the spec does not know. */
        public Builder unknown() {
            this.known = false;
            return this;
        }

        public Builder wire(ModelWire value) {
            this.wire = value;
            return this;
        }

        /** @throws IllegalStateException when a value that must be said was not */
        public ModelSpec build() {
            if (sizeRule == null || options == null || maxImages < 0 || maxPromptChars < 0 || seedMax < 0) {
                throw new IllegalStateException(
                        name + ": sizes, maxImages, promptChars, seeds and options are required");
            }
            return new ModelSpec(
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
                    wire);
        }
    }

    /** A spec for a model the catalog lacks: the caller named the family, the server judges the rest. */
    public static ModelSpec unknown(String name, ApiFamily family) {
        return builder(name, family)
                .sizes(new SizeRule.Any(), null)
                .maxImages(16)
                .promptChars(0, 0)
                .seeds(0, Long.MAX_VALUE)
                .options(EnumSet.allOf(ModelOption.class))
                .maxInputImages(MAX_INPUT_IMAGES)
                .unknown()
                .wire(ModelWire.of(family))
                .build();
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
