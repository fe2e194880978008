package io.jenkins.plugins.dashscope.core.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageSummaryTest {

    private static Manifest manifest(String model, int images, int failures, Integer paid, String reusedFrom) {
        List<Manifest.ImageRecord> saved = new java.util.ArrayList<>();
        for (int i = 1; i <= images; i++) {
            saved.add(new Manifest.ImageRecord(i, "image-" + i + ".png", "0".repeat(64), 10, 1, 1, "image/png", null));
        }
        List<Manifest.FailureRecord> failed = new java.util.ArrayList<>();
        for (int i = 0; i < failures; i++) {
            failed.add(new Manifest.FailureRecord(images + i + 1, "X", "y"));
        }
        return Manifest.builder()
                .task(model, "text2image", "t", "r")
                .status("SUCCEEDED")
                .request(null, "a".repeat(64))
                .images(saved, failed)
                .usage(new Manifest.Usage(paid, paid, reusedFrom == null ? 0 : images))
                .reusedFrom(reusedFrom)
                .build();
    }

    @Test
    void countsGeneratedReusedAndFailedImagesPerModelAndPricesOnlyThoseGenerated() {
        UsageSummary s = UsageSummary.of(List.of(
                manifest("wan2.6-t2i", 2, 0, 2, null),
                manifest("wan2.6-t2i", 2, 0, 2, "#4"),
                manifest("qwen-image", 1, 1, 2, null),
                manifest("wanx-v1", 1, 0, null, null)));
        PriceTable prices = PriceTable.parse("prices", """
                # per image
                wan2.6-t2i 0.20 CNY
                qwen-image 0.25 CNY
                """);

        assertThat(s.perModel())
                .containsEntry("wan2.6-t2i", new UsageSummary.ModelUsage(2, 2, 0, 0))
                .containsEntry("qwen-image", new UsageSummary.ModelUsage(2, 0, 0, 1))
                .containsEntry("wanx-v1", new UsageSummary.ModelUsage(1, 0, 0, 0));
        assertThat(s.generated()).isEqualTo(5);
        assertThat(s.reused()).isEqualTo(2);
        assertThat(s.failed()).isEqualTo(1);
        UsageSummary.Estimate e = s.estimate(prices);
        assertThat(e.totals()).containsOnlyKeys("CNY");
        assertThat(e.totals().get("CNY")).isEqualByComparingTo("0.90");
        assertThat(e.unpriced()).containsExactly("wanx-v1");
        assertThat(s.describe(prices))
                .startsWith("5 image(s) generated, 2 reused, 1 failed (qwen-image: 2 generated")
                .endsWith("; estimate 0.90 CNY (no price for wanx-v1)");
        assertThat(s.describe(PriceTable.none())).doesNotContain("estimate");
    }

    @Test
    void aPlanIsPricedBeforeAnythingIsSent() {
        UsageSummary planned = UsageSummary.planned(Map.of("wan2.6-t2i", 4, "qwen-image", 2));
        PriceTable prices = PriceTable.parse("prices", "wan2.6-t2i 0.2 CNY\nqwen-image 0.04 USD");

        assertThat(planned.estimate(prices).describe()).isEqualTo("0.8 CNY + 0.08 USD");
    }

    @Test
    void aBadPriceLineIsRefusedNamingTheFieldAndLine() {
        assertThatThrownBy(() -> PriceTable.parse("prices", "wan2.6-t2i 0.20 CNY\nwan2.6-t2i twenty CNY"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("prices")
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> PriceTable.parse("prices", "wan2.6-t2i 0.20 CNY\nwan2.6-t2i 0.30 CNY"))
                .hasMessageContaining("priced twice");
        assertThatThrownBy(() -> PriceTable.parse("prices", "wan2.6-t2i 0.20 yuan"))
                .hasMessageContaining("line 1");
        assertThat(PriceTable.parse("prices", "  \n# none\n").isEmpty()).isTrue();
    }

    @Test
    void recordsArePricedAtTheirOwnPricesNotTodays() {
        PriceTable.Price then = new PriceTable.Price(new java.math.BigDecimal("0.20"), "CNY");
        PriceTable.Price later = new PriceTable.Price(new java.math.BigDecimal("0.25"), "CNY");
        List<UsageSummary.Line> lines = List.of(
                new UsageSummary.Line("wan2.6-t2i", 2, 0, 0, 0, then),
                new UsageSummary.Line("wan2.6-t2i", 2, 2, 0, 1, later),
                new UsageSummary.Line("wanx-v1", 1, 0, 0, 0, null),
                new UsageSummary.Line("wanx-v1", 0, 3, 0, 0, null));

        UsageSummary.Estimate e = UsageSummary.estimateAtTheirPrices(lines);

        assertThat(e.totals().get("CNY")).isEqualByComparingTo("0.90");
        assertThat(e.unpriced()).containsExactly("wanx-v1");
        assertThat(UsageSummary.ofLines(lines).perModel())
                .containsEntry("wan2.6-t2i", new UsageSummary.ModelUsage(4, 2, 0, 1))
                .containsEntry("wanx-v1", new UsageSummary.ModelUsage(1, 3, 0, 0));
    }

    @Test
    void aDryRunsImagesAreSimulatedNotPaidAndEveryShownImageIsCountedOnce() {
        UsageSummary s = UsageSummary.of(List.of(manifest("wanx-v1", 4, 1, 5, null)), true);

        assertThat(s.perModel()).containsEntry("wanx-v1", new UsageSummary.ModelUsage(0, 0, 4, 1));
        assertThat(s.describe(PriceTable.parse("prices", "wanx-v1 0.14 CNY")))
                .isEqualTo("0 image(s) generated, 0 reused, 4 simulated, 1 failed"
                        + " (wanx-v1: 0 generated, 0 reused, 4 simulated, 1 failed); estimate 0.00 CNY");
    }

    @Test
    void aSetThatPaysForNothingIsEstimatedAtZeroInTheTablesCurrency() {
        UsageSummary allReused = UsageSummary.of(List.of(manifest("qwen-image", 2, 0, 2, "#3")));
        PriceTable prices = PriceTable.parse("prices", "wan2.6-t2i 0.20 CNY");

        assertThat(allReused.estimate(prices).describe()).isEqualTo("0 CNY");
        assertThat(allReused.describe(prices))
                .isEqualTo("0 image(s) generated, 2 reused, 0 failed (qwen-image: 0 generated, 2 reused, 0 failed);"
                        + " estimate 0 CNY");
    }
}
