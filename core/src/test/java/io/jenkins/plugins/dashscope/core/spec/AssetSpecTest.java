package io.jenkins.plugins.dashscope.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.finishing.Fit;
import io.jenkins.plugins.dashscope.core.testing.Allocations;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssetSpecTest {

    private static String refused(String text) {
        try {
            Variant.all(AssetSpec.parse("images.yaml", text));
        } catch (InvalidRequestException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + text);
    }

    @Test
    void defaultsAssetsAndTheMatrixMakeOneRequestPerVariantWithThePlaceholdersFilled() {
        List<Variant> variants = Variant.all(AssetSpec.parse("images.json", """
                {"defaults": {"model": "wan2.2-t2i-flash", "seed": 7, "negativePrompt": "text in ${locale}",
                              "outputs": [{"size": "1200x630"}]},
                 "matrix": {"locale": ["en", "ja"], "tone": ["light", "dark"]},
                 "assets": [{"name": "banner", "prompt": "${asset} for 2.0, ${tone}, ${locale}", "seed": 9,
                             "parameters": {"note": "${locale}"}},
                            {"name": "card", "prompt": "card", "contactSheet": true, "outputs": []}]}
                """));

        assertThat(variants)
                .extracting(Variant::name)
                .containsExactly(
                        "banner-en-light",
                        "banner-en-dark",
                        "banner-ja-light",
                        "banner-ja-dark",
                        "card-en-light",
                        "card-en-dark",
                        "card-ja-light",
                        "card-ja-dark");
        Variant first = variants.get(2);
        assertThat(first.values()).containsExactly(Map.entry("locale", "ja"), Map.entry("tone", "light"));
        assertThat(first.request().prompt()).isEqualTo("banner for 2.0, light, ja");
        assertThat(first.request().negativePrompt()).isEqualTo("text in ja");
        assertThat(first.request().seed()).isEqualTo(9L); // the asset's own value wins over the default
        assertThat(first.request().model()).isEqualTo("wan2.2-t2i-flash");
        assertThat(first.request().extraParameters()).containsEntry("note", "ja");
        assertThat(first.finishing().outputs())
                .singleElement()
                .satisfies(o -> assertThat(o.fit()).isEqualTo(Fit.COVER));
        assertThat(variants.get(4).finishing().outputs()).isEmpty();
        assertThat(variants.get(4).finishing().contactSheet()).isTrue();
    }

    @Test
    void mistakesAreRefusedNamingTheFileTheVariantAndTheField() {
        assertThat(refused("assets: []")).contains("images.yaml: 'assets' must be a non-empty list");
        assertThat(refused("asets: [{name: a}]")).contains("unknown top-level key 'asets'");
        assertThat(refused("assets: [{prompt: x}]")).contains("assets[1] needs a name");
        assertThat(refused("assets: [{name: a, prompt: x}, {name: a, prompt: y}]"))
                .contains("asset 'a' appears twice");
        assertThat(refused("matrix: {locale: en}\nassets: [{name: a, prompt: x}]"))
                .contains("matrix.locale must be a non-empty list");
        assertThat(refused("matrix: {locale: [en, ../x]}\nassets: [{name: a, prompt: x}]"))
                .contains("images.yaml: a-../x: a variant name");
        assertThat(refused("assets: [{name: a, prompt: x, colour: red}]"))
                .contains("images.yaml: a: unknown option 'colour'; known:")
                .contains("refStrength");
        assertThat(refused("assets: [{name: a, prompt: x, n: two}]"))
                .contains("images.yaml: a: n: 'two' is not allowed");
        assertThat(refused("assets: [{name: a, prompt: x, outputs: [{size: 1x}]}]"))
                .contains("images.yaml: a: outputs[1].size");
        assertThat(refused("assets: [{name: a, prompt: 'x ${nope}'}]"))
                .contains("unknown placeholder ${nope}; known: asset");
        assertThat(refused("assets: [{name: a, prompt: x\n")).contains("images.yaml is not valid YAML or JSON");
        assertThat(refused("- just a list")).contains("must be a map");
    }

    @Test
    void aHostileFileCannotExhaustTheController() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 0; i < 60; i++) {
            bomb.append("b")
                    .append(i)
                    .append(": &b")
                    .append(i)
                    .append(" [*")
                    .append(i == 0 ? "a" : "b" + (i - 1))
                    .append(", *")
                    .append(i == 0 ? "a" : "b" + (i - 1))
                    .append("]\n");
        }
        assertThatThrownBy(() -> AssetSpec.parse("bomb.yaml", bomb + "assets: [{name: a, prompt: x}]"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("bomb.yaml");
        assertThatThrownBy(() -> AssetSpec.parse("big.yaml", "#".repeat(AssetSpec.MAX_BYTES + 1)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("larger than");
        StringBuilder many = new StringBuilder("matrix:\n  a: [");
        for (int i = 0; i < 30; i++) {
            many.append(i == 0 ? "" : ", ").append("v").append(i);
        }
        many.append("]\n  b: [");
        for (int i = 0; i < 30; i++) {
            many.append(i == 0 ? "" : ", ").append("w").append(i);
        }
        many.append("]\nassets: [{name: a, prompt: x}]\n");
        assertThat(refused(many.toString())).contains("1 asset(s) x 30 a x 30 b is already more than 200 variants");
    }

    /**
     * Hardening finding 1: the matrix is bounded from its sizes before any combination is built. Before, 30 keys
     * of two values ran the heap out of memory and 7 keys of ten values (10^7 combinations) allocated gigabytes
     * to refuse them; what the refusal allocates is measured, not how long it takes.
     */
    @Test
    void aHostileMatrixIsRefusedFromItsSizesWithoutExpandingIt() throws Exception {
        StringBuilder thirty = new StringBuilder("assets: [{name: a, prompt: p}]\nmatrix:\n");
        for (int i = 0; i < 30; i++) {
            thirty.append("  k").append(i).append(": [x, y]\n");
        }
        StringBuilder tenMillion = new StringBuilder("assets: [{name: a, prompt: p}]\nmatrix:\n");
        for (int i = 0; i < 7; i++) {
            tenMillion.append("  k").append(i).append(": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\n");
        }

        long allocated = Allocations.of(() -> {
            assertThat(refused(thirty.toString())).contains("the matrix has 30 keys; at most 8");
            assertThat(refused(tenMillion.toString()))
                    .contains("1 asset(s) x 10 k0 x 10 k1 x 10 k2 is already more than 200 variants");
        });

        assertThat(allocated).as("bytes allocated to refuse both").isLessThan(64L * 1024 * 1024);
        assertThat(refused("assets: [{name: a, prompt: p}]\nmatrix: {k: [" + "v,".repeat(201) + "]}"))
                .contains("matrix.k has 201 values; at most 200");
    }

    /** Hardening finding 3: two variants may not share a folder, letter case aside; nor may an axis list a value twice. */
    @Test
    void variantsThatWouldShareAFolderAreRefusedNamingBothCombinations() {
        assertThat(refused("""
                        assets: [{name: a, prompt: p}]
                        matrix: {k1: [x, x-y], k2: [y-z, z]}
                        """))
                .contains("'a' with {k1=x, k2=y-z} and 'a' with {k1=x-y, k2=z} are both named 'a-x-y-z'");
        assertThat(refused("""
                        assets: [{name: Banner, prompt: p}, {name: banner, prompt: q}]
                        """))
                .contains("asset 'Banner' and asset 'banner' are both named 'banner' (letter case aside)");
        assertThat(refused("""
                        assets: [{name: a, prompt: p}]
                        matrix: {locale: [en, ja, EN]}
                        """)).contains("matrix.locale lists 'EN' twice");
    }

    /** Hardening finding 9: an alias was read as its plain name, so {@code *common} was sent, and paid, as "common". */
    @Test
    void yamlAliasesAreRefusedNamingTheLine() {
        assertThat(refused("""
                        defaults: {model: wanx-v1}
                        assets:
                          - name: a
                            prompt: &common a lighthouse
                          - name: b
                            prompt: *common
                        """)).contains("images.yaml at line 6: YAML aliases (*name) are not supported");
        assertThat(refused("""
                        assets:
                          - name: b
                            prompt: *common
                        """)).contains("images.yaml at line 3: YAML aliases (*name) are not supported");
    }
}
