package io.jenkins.plugins.dashscope.core.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTextTest {

    @Test
    void maskColoursAreTriplesSeparatedBySemicolons() {
        assertThat(RequestText.maskColors("255,255,255; 0,0,0"))
                .containsExactly(List.of(255, 255, 255), List.of(0, 0, 0));
        assertThat(RequestText.maskColors(" ")).isNull();
        assertThatThrownBy(() -> RequestText.maskColors("white"))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("maskColor"));
    }

    @Test
    void parameterValuesAreJsonWhenTheyParse() {
        assertThat(RequestText.parameterValue("30")).isEqualTo(30);
        assertThat(RequestText.parameterValue("false")).isEqualTo(false);
        assertThat(RequestText.parameterValue("[1,2]")).isEqualTo(List.of(1, 2));
        assertThat(RequestText.parameterValue("plain text")).isEqualTo("plain text");
    }

    @Test
    void aJsonObjectFieldBecomesParametersInOrder() {
        assertThat(RequestText.parametersJson("{\"b\": 1, \"a\": {\"x\": true}}"))
                .containsExactly(Map.entry("b", 1), Map.entry("a", Map.of("x", true)));
        assertThat(RequestText.parametersJson("")).isEmpty();
        assertThatThrownBy(() -> RequestText.parametersJson("[1]"))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("parameters"));
    }

    @Test
    void aScriptMapIsCopiedAsPlainValuesAndOddValuesAreRefused() {
        Map<Object, Object> given = new LinkedHashMap<>();
        given.put("text", new StringBuilder("from a GString"));
        given.put("steps", 30);
        given.put("list", List.of("a", 2));
        assertThat(RequestText.parameters(given))
                .containsExactly(
                        Map.entry("text", "from a GString"),
                        Map.entry("steps", 30),
                        Map.entry("list", List.of("a", 2)));

        assertThatThrownBy(() -> RequestText.parameters(Map.of("when", new java.util.Date())))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo("parameters");
                    assertThat(e.getMessage()).contains("when");
                });
    }

    @Test
    void aValueIsJsonOnlyWhenAllOfItIsJson() {
        assertThat(RequestText.parameterValue("1024*1024")).isEqualTo("1024*1024");
        assertThat(RequestText.parameterValue("12 monkeys")).isEqualTo("12 monkeys");
        assertThat(RequestText.parameterValue("42")).isEqualTo(42);
        assertThat(RequestText.parameterValue("[1, 2]")).isEqualTo(List.of(1, 2));
    }

    @Test
    void formLinesBecomeParametersAndParametersBecomeTheSameLines() {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("prompt_extend", false);
        given.put("size", "1024*1024");
        given.put("steps", 30);
        given.put("label", "42"); // text that reads as a number stays text
        given.put("input.ref", Map.of("x", List.of(1, 2)));

        String lines = RequestText.toLines(given);

        assertThat(lines)
                .isEqualTo("prompt_extend=false\nsize=1024*1024\nsteps=30\nlabel=\"42\"\ninput.ref={\"x\":[1,2]}\n");
        assertThat(RequestText.parameterLines(lines)).containsExactlyEntriesOf(given);
        assertThat(RequestText.parameterLines("\n  seed = 7 \n\n")).containsExactly(Map.entry("seed", 7));
        assertThatThrownBy(() -> RequestText.parameterLines("seed=7\nwatermark"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo("parameters");
                    assertThat(e.getMessage()).contains("line 2");
                });
    }
}
