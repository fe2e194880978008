package io.jenkins.plugins.dashscope.core.catalog;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** What output sizes a model accepts. */
public sealed interface SizeRule {

    /** Empty when the size is allowed, else why not. */
    Optional<String> violation(ImageSize size);

    /** What is allowed, for error messages. */
    String describe();

    /** Sizes named by resolution tier ({@code 1K}, {@code 2K}...) the model takes besides {@code W*H}. */
    default java.util.List<String> tiers() {
        return java.util.List.of();
    }

    /** The tiers the model takes only without input images (text to image). */
    default java.util.List<String> textOnlyTiers() {
        return java.util.List.of();
    }

    /**
     * Resolution tiers besides sizes in pixels (wan2.7: {@code 1K}, {@code 2K}, {@code 4K}); the server picks the
     * pixels, following the last input image's aspect ratio when editing.
     *
     * @param textOnlyTiers those of {@code tiers} taken only without input images
     */
    record Tiered(java.util.List<String> tiers, java.util.List<String> textOnlyTiers, SizeRule pixels)
            implements SizeRule {
        public Tiered {
            tiers = java.util.List.copyOf(tiers);
            textOnlyTiers = java.util.List.copyOf(textOnlyTiers);
        }

        @Override
        public Optional<String> violation(ImageSize size) {
            return pixels.violation(size);
        }

        @Override
        public String describe() {
            return String.join(", ", tiers) + " or " + pixels.describe();
        }

        /** The approximate square of a tier, for a simulated image: {@code 2K} is 2048*2048. */
        public static ImageSize square(String tier) {
            int k = Integer.parseInt(tier.substring(0, tier.length() - 1));
            return new ImageSize(1024 * k, 1024 * k);
        }
    }

    /** Only these sizes. */
    record Fixed(List<ImageSize> sizes) implements SizeRule {
        public Fixed {
            sizes = List.copyOf(sizes);
        }

        public static Fixed of(String... sizes) {
            return new Fixed(java.util.Arrays.stream(sizes)
                    .map(s -> ImageSize.parse(s).orElseThrow())
                    .toList());
        }

        @Override
        public Optional<String> violation(ImageSize size) {
            return sizes.contains(size) ? Optional.empty() : Optional.of("not one of the fixed sizes");
        }

        @Override
        public String describe() {
            return "one of " + sizes.stream().map(ImageSize::toString).collect(Collectors.joining(", "));
        }
    }

    /** Each side within [minSide, maxSide] and the area at most maxPixels. */
    record SideRange(int minSide, int maxSide, long maxPixels) implements SizeRule {
        @Override
        public Optional<String> violation(ImageSize s) {
            if (s.width() < minSide || s.width() > maxSide || s.height() < minSide || s.height() > maxSide) {
                return Optional.of("a side is outside " + minSide + ".." + maxSide);
            }
            if (s.pixels() > maxPixels) {
                return Optional.of("more than " + maxPixels + " pixels");
            }
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "width and height each " + minSide + ".." + maxSide + " with at most " + maxPixels + " pixels";
        }
    }

    /** Total pixels within [minPixels, maxPixels] and width/height ratio within [1/maxRatio, maxRatio]. */
    record PixelRange(long minPixels, long maxPixels, double maxRatio) implements SizeRule {
        @Override
        public Optional<String> violation(ImageSize s) {
            if (s.pixels() < minPixels || s.pixels() > maxPixels) {
                return Optional.of(s.pixels() + " pixels is outside " + minPixels + ".." + maxPixels);
            }
            double ratio = (double) s.width() / s.height();
            if (ratio > maxRatio || ratio < 1 / maxRatio) {
                return Optional.of("aspect ratio outside 1:" + fmt(maxRatio) + ".." + fmt(maxRatio) + ":1");
            }
            return Optional.empty();
        }

        @Override
        public String describe() {
            String pixels = "total pixels " + minPixels + ".." + maxPixels;
            return Double.isInfinite(maxRatio)
                    ? pixels
                    : pixels + " and aspect ratio 1:" + fmt(maxRatio) + ".." + fmt(maxRatio) + ":1";
        }

        private static String fmt(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }
    }

    /** Anything; for models the catalog does not know. */
    record Any() implements SizeRule {
        @Override
        public Optional<String> violation(ImageSize size) {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "any W*H";
        }
    }
}
