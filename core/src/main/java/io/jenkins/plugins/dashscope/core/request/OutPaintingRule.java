package io.jenkins.plugins.dashscope.core.request;

import io.jenkins.plugins.dashscope.core.catalog.ModelSpec;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.util.List;
import java.util.stream.Stream;

/**
 * Extending an image (image-out-painting): a rotation of 0..359 degrees, then the first given of an aspect ratio,
 * scales of 1.0..3.0, or offsets in pixels. A request with none of them would pay for the image unchanged, so it
 * is refused.
 */
final class OutPaintingRule {

    static final List<String> RATIOS = List.of("1:1", "3:4", "4:3", "9:16", "16:9");
    private static final List<RequestOption> OFFSETS = List.of(
            RequestOption.TOP_OFFSET,
            RequestOption.BOTTOM_OFFSET,
            RequestOption.LEFT_OFFSET,
            RequestOption.RIGHT_OFFSET);

    private OutPaintingRule() {}

    static void check(GenerationRequest r, ModelSpec spec) {
        boolean any = Stream.concat(
                        Stream.of(
                                RequestOption.ANGLE,
                                RequestOption.OUTPUT_RATIO,
                                RequestOption.WIDTH_SCALE,
                                RequestOption.HEIGHT_SCALE),
                        OFFSETS.stream())
                .anyMatch(o -> r.valueOf(o) != null);
        if (r.angle() != null && (r.angle() < 0 || r.angle() > 359)) {
            throw InvalidRequestException.of(RequestOption.ANGLE.field(), r.angle(), "0..359 degrees");
        }
        if (r.outputRatio() != null && !RATIOS.contains(r.outputRatio())) {
            throw InvalidRequestException.of(
                    RequestOption.OUTPUT_RATIO.field(), r.outputRatio(), String.join(", ", RATIOS));
        }
        scale(RequestOption.WIDTH_SCALE, r.widthScale());
        scale(RequestOption.HEIGHT_SCALE, r.heightScale());
        for (RequestOption o : OFFSETS) {
            Long v = (Long) r.valueOf(o);
            if (v != null && (v < 0 || v > Integer.MAX_VALUE)) {
                throw InvalidRequestException.of(o.field(), v, "0 or more pixels");
            }
        }
        if (spec.known() && spec.supports(io.jenkins.plugins.dashscope.core.catalog.ModelOption.OUT_PAINTING) && !any) {
            throw new InvalidRequestException(
                    RequestOption.OUTPUT_RATIO.field(),
                    "is missing: " + spec.name()
                            + " needs how to extend the image: outputRatio, widthScale/heightScale, the offsets (topOffset, bottomOffset,"
                            + " leftOffset, rightOffset) or angle");
        }
    }

    private static void scale(RequestOption option, Double v) {
        if (v != null && (v.isNaN() || v < 1.0 || v > 3.0)) {
            throw InvalidRequestException.of(option.field(), v, "1.0..3.0");
        }
    }
}
