package io.jenkins.plugins.dashscope.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ModelLimitsTest {

    @Test
    void everyModelOfTheCatalogHasItsLimits() {
        for (ModelSpec spec : ModelCatalog.builtIn().all()) {
            assertThat(ModelLimits.builtIn(spec.name(), "cn-beijing"))
                    .as(spec.name())
                    .isPresent();
        }
    }

    @Test
    void theTableHoldsThePlatformsNumbers() {
        assertThat(ModelLimits.builtIn("wan2.6-image", "cn-beijing")).contains(ModelLimits.perSecond(5, 5));
        assertThat(ModelLimits.builtIn("wan2.2-t2i-flash", "cn-beijing")).contains(ModelLimits.perSecond(2, 2));
        assertThat(ModelLimits.builtIn("qwen-image-edit-max", "cn-beijing")).contains(ModelLimits.perMinute(2, 1));
        assertThat(ModelLimits.builtIn("qwen-mt-image", "cn-beijing")).contains(ModelLimits.perSecond(1, 2));
        assertThat(ModelLimits.builtIn("wan2.6-t2i", "cn-beijing")).contains(ModelLimits.perSecond(1, 5));
        assertThat(ModelLimits.builtIn("wan2.6-t2i", "ap-southeast-1")).contains(ModelLimits.perSecond(5, 5));
        assertThat(ModelLimits.builtIn("wan2.6-t2i", null)).contains(ModelLimits.perSecond(1, 5));
        assertThat(ModelLimits.builtIn("no-such-model", "cn-beijing")).isEmpty();
        assertThat(ModelLimits.perMinute(2, 1).describe()).isEqualTo("2/min, 1 at once");
        assertThat(ModelLimits.lower(ModelLimits.perMinute(100, 3), ModelLimits.perSecond(1, 5)))
                .isEqualTo(new ModelLimits(1, Duration.ofSeconds(1), 3));
    }

    @Test
    void aShareTakesItsPartOfEachLimitRoundedDown() {
        assertThat(ModelLimits.perSecond(5, 5).share(100)).isEqualTo(ModelLimits.perSecond(5, 5));
        assertThat(ModelLimits.perSecond(5, 5).share(50)).isEqualTo(ModelLimits.perSecond(2, 2));
        assertThat(ModelLimits.perSecond(2, 1).share(50)).isEqualTo(ModelLimits.perSecond(1, 1));
        // below one submit a second: one per a longer window, never more than the share
        assertThat(ModelLimits.perSecond(2, 2).share(25)).isEqualTo(new ModelLimits(1, Duration.ofSeconds(2), 1));
        assertThat(ModelLimits.perMinute(2, 1).share(30)).isEqualTo(new ModelLimits(1, Duration.ofMillis(100_000), 1));
        assertThat(ModelLimits.perSecond(1, 2).share(33).window()).isEqualTo(Duration.ofNanos(3_030_303_031L));
        // two halves never add up to more than the whole
        for (ModelLimits whole : java.util.List.of(
                ModelLimits.perSecond(5, 5), ModelLimits.perSecond(1, 2), ModelLimits.perMinute(2, 1))) {
            ModelLimits half = whole.share(50);
            double wholeRate = whole.submits() / (double) whole.window().toNanos();
            double halfRate = half.submits() / (double) half.window().toNanos();
            assertThat(2 * halfRate).as(whole.describe()).isLessThanOrEqualTo(wholeRate);
        }
    }
}
