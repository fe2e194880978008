package io.jenkins.plugins.dashscope.core.request;

import io.jenkins.plugins.dashscope.core.catalog.ModelSpec;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a request composes beyond its prompt (wan2.7): a set of related images, reasoning before drawing (text to
 * image only), a colour palette of 3..10 colours whose shares make 100%, and boxes marking the areas of each
 * input image to edit.
 */
final class CompositionRule {

    private static final Pattern HEX = Pattern.compile("#[0-9A-Fa-f]{6}");
    private static final Pattern RATIO = Pattern.compile("(\\d{1,3}(\\.\\d{1,2})?)%");
    private static final BigDecimal HUNDRED = new BigDecimal(100);

    private CompositionRule() {}

    static void check(GenerationRequest r, ModelSpec spec) {
        if (Boolean.TRUE.equals(r.thinkingMode()) && r.images() != null) {
            throw new InvalidRequestException(
                    RequestOption.THINKING_MODE.field(),
                    "is for text to image only; leave it out" + " when giving images");
        }
        if (r.colorPalette() != null) {
            palette(r.colorPalette());
        }
        if (r.bboxList() != null) {
            boxes(r.bboxList(), r.images() == null ? 0 : r.images().size());
        }
    }

    private static void palette(List<Map<String, String>> colours) {
        String field = RequestOption.COLOR_PALETTE.field();
        if (colours.size() < 3 || colours.size() > 10) {
            throw new InvalidRequestException(field, "has " + colours.size() + " colours; give 3..10");
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (Map<String, String> c : colours) {
            if (!HEX.matcher(c.get("hex")).matches()) {
                throw InvalidRequestException.of(field, c.get("hex"), "a colour written #RRGGBB");
            }
            var m = RATIO.matcher(c.get("ratio"));
            if (!m.matches()) {
                throw InvalidRequestException.of(
                        field, c.get("ratio"), "a share written NN.NN% (at most two decimals)");
            }
            sum = sum.add(new BigDecimal(m.group(1)));
        }
        if (sum.compareTo(HUNDRED) != 0) {
            throw new InvalidRequestException(
                    field, "shares add up to " + sum.stripTrailingZeros().toPlainString() + "%; they must make 100%");
        }
    }

    private static void boxes(List<List<List<Integer>>> perImage, int images) {
        String field = RequestOption.BBOX_LIST.field();
        if (perImage.size() != images) {
            throw new InvalidRequestException(
                    field,
                    "has boxes for " + perImage.size() + " image(s) but " + images
                            + " input image(s) are given; give one entry per image, empty for an image without boxes");
        }
        for (int i = 0; i < perImage.size(); i++) {
            for (List<Integer> box : perImage.get(i)) {
                if (box.size() != 4
                        || box.stream().anyMatch(c -> c < 0)
                        || box.get(0) >= box.get(2)
                        || box.get(1) >= box.get(3)) {
                    throw InvalidRequestException.of(
                            field + "[" + (i + 1) + "]", box, "x1,y1,x2,y2 in pixels with x1 < x2 and y1 < y2");
                }
            }
        }
    }
}
