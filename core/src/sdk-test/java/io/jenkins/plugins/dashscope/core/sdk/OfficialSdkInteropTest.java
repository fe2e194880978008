package io.jenkins.plugins.dashscope.core.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.dashscope.aigc.imagesynthesis.ImageSynthesis;
import com.alibaba.dashscope.aigc.imagesynthesis.ImageSynthesisParam;
import com.alibaba.dashscope.aigc.imagesynthesis.ImageSynthesisResult;
import com.alibaba.dashscope.exception.ApiException;
import io.jenkins.plugins.dashscope.core.simulator.DashScopeSimulator;
import io.jenkins.plugins.dashscope.core.simulator.RequestKind;
import io.jenkins.plugins.dashscope.core.simulator.SimulatorSettings;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The official Java SDK (com.alibaba:dashscope-sdk-java) as a client of the simulator's async image
 * APIs: proof that the simulator speaks the wire format real clients expect. Compiled only by
 * core/pom.xml (src/sdk-test), never on the plugin's test classpath.
 */
class OfficialSdkInteropTest {

    private static final String KEY = "sk-sdk-interop-test";
    private final DashScopeSimulator simulator =
            DashScopeSimulator.start(SimulatorSettings.defaults(KEY).withServiceTime(i -> Duration.ofMillis(100)));

    @AfterEach
    void close() {
        simulator.close();
    }

    private ImageSynthesisParam param(String prompt) {
        return ImageSynthesisParam.builder()
                .apiKey(KEY)
                .model("wanx-v1")
                .prompt(prompt)
                .n(2)
                .size("1024*1024")
                .build();
    }

    /** The SDK takes the base URL per instance here; nothing global is touched. */
    private ImageSynthesis sdk() {
        return new ImageSynthesis("text2image", simulator.baseUrl().toString());
    }

    @Test
    void blockingCallSubmitsPollsAndReturnsResultUrls() throws Exception {
        ImageSynthesisResult result = sdk().call(param("an eagle over white clouds"));
        assertThat(result.getOutput().getTaskStatus()).isEqualTo("SUCCEEDED");
        assertThat(result.getOutput().getResults())
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.get("url"))
                        .startsWith(simulator.baseUrl().resolve("/").toString()));
        assertThat(result.getOutput().getTaskMetrics().getSucceeded()).isEqualTo(2);
        assertThat(result.getUsage().getImageCount()).isEqualTo(2);
        assertThat(simulator.count(RequestKind.SUBMIT)).isEqualTo(1);
        assertThat(simulator.count(RequestKind.QUERY)).isPositive();
        assertThat(simulator.recordedRequests())
                .filteredOn(r -> r.kind() == RequestKind.SUBMIT)
                .singleElement()
                .satisfies(r -> assertThat(r.headers()).containsEntry("X-DashScope-Async", "enable"));
    }

    @Test
    void asyncCallFetchAndWait() throws Exception {
        ImageSynthesis sdk = sdk();
        ImageSynthesisResult created = sdk.asyncCall(param("a running cat"));
        assertThat(created.getOutput().getTaskStatus()).isEqualTo("PENDING");
        String taskId = created.getOutput().getTaskId();
        assertThat(sdk.fetch(taskId, KEY).getOutput().getTaskId()).isEqualTo(taskId);
        ImageSynthesisResult done = sdk.wait(taskId, KEY);
        assertThat(done.getOutput().getTaskStatus()).isEqualTo("SUCCEEDED");
        assertThat(done.getOutput().getResults()).extracting(r -> r.get("url")).allMatch(u -> u.contains("Expires="));
    }

    @Test
    void errorsReachTheSdkAsItsOwnApiException() {
        ImageSynthesisParam wrongKey = ImageSynthesisParam.builder()
                .apiKey("sk-wrong")
                .model("wanx-v1")
                .prompt("x")
                .build();
        try {
            sdk().asyncCall(wrongKey);
        } catch (ApiException e) {
            assertThat(e.getStatus().getStatusCode()).isEqualTo(401);
            assertThat(e.getStatus().getCode()).isEqualTo("InvalidApiKey");
            return;
        } catch (Exception e) {
            throw new AssertionError("expected the SDK's ApiException, got " + e, e);
        }
        throw new AssertionError("expected a failure");
    }
}
