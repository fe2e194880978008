package io.jenkins.plugins.dashscope.core.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestFormTest {

    @Test
    void aRequestReadsBackAsItWasGiven() throws Exception {
        GenerationRequest r = GenerationRequest.builder()
                .model("wan2.6-image")
                .prompt("A lighthouse\nat dusk")
                .size("1280*1280")
                .n(2)
                .seed(4_000_000_000L)
                .images(List.of("inputs/a.png", "https://example.com/b.png"))
                .promptExtend(false)
                .parameter("thinking", Map.of("depth", 2))
                .build();

        assertThat(RequestForm.read(RequestForm.write(r))).isEqualTo(r);
    }

    @Test
    void aFormThatThisClassDidNotWriteIsRefused() {
        assertThatThrownBy(() -> RequestForm.read("{\"prompt\":\"x\",\"apiKey\":\"sk-1\"}"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("apiKey");
        assertThatThrownBy(() -> RequestForm.read("{\"n\":\"many\"}")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> RequestForm.read("{\"prompt\":\"" + "x".repeat(RequestForm.MAX_CHARS) + "\"}"))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> RequestForm.read(null)).isInstanceOf(IOException.class);
    }
}
