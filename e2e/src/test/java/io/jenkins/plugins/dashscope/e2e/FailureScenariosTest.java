package io.jenkins.plugins.dashscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each way a generation can fail ends the build with a message naming the cause; what is wrong before
 * anything is sent (credential, input) sends nothing.
 */
@Order(2)
@ExtendWith(RealJenkins.Extension.class)
class FailureScenariosTest {

    private static RealJenkins.Finished generate(RealJenkins r, String job, String arguments) throws Exception {
        return r.runPipeline(job, "node { generateImage(" + arguments + ") }");
    }

    @Test
    void aFailedTaskFailsTheBuildWithItsCode(RealJenkins r) throws Exception {
        RealJenkins.Finished b =
                generate(r, "task-failed", "prompt: 'a poster simulate:fail', credentialsId: 'dashscope'");

        assertThat(b.result()).isEqualTo("FAILURE");
        assertThat(b.log())
                .contains("generateImage: TASK_FAILED InternalError.Algo")
                .doesNotContain("\tat io.jenkins");
        assertThat(b.artifacts()).isEmpty();
    }

    @Test
    void aModerationRefusalFailsTheBuildNamingIt(RealJenkins r) throws Exception {
        RealJenkins.Finished b = generate(r, "moderation", "prompt: 'simulate:moderation', credentialsId: 'dashscope'");

        assertThat(b.result()).isEqualTo("FAILURE");
        assertThat(b.log()).contains("generateImage: MODERATION DataInspectionFailed");
    }

    @Test
    void aWrongKeyFailsTheBuildAsAnAuthenticationError(RealJenkins r) throws Exception {
        RealJenkins.Finished b = generate(r, "wrong-key", "prompt: 'a poster', credentialsId: 'dashscope-wrong'");

        assertThat(b.result()).isEqualTo("FAILURE");
        assertThat(b.log()).contains("generateImage: AUTHENTICATION InvalidApiKey");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing-credential | credentialsId: 'missing'           | credentialsId: no Secret text credential with id 'missing'
            wrong-type         | credentialsId: 'not-a-secret-text' | credentialsId: 'not-a-secret-text' is a Username with password credential
            invalid-input      | n: 9, credentialsId: 'dashscope'   | generateImage: n: '9' is not allowed; allowed: 1..4 for wanx-v1
            """)
    void whatIsWrongBeforeSendingFailsTheBuildNamingTheFieldAndSendsNothing(
            String job, String arguments, String message, RealJenkins r) throws Exception {
        int before = r.simulator.apiRequests();

        RealJenkins.Finished b = generate(r, job, "prompt: 'a poster', " + arguments);

        assertThat(b.result()).isEqualTo("FAILURE");
        assertThat(b.log()).contains(message).doesNotContain("\tat io.jenkins");
        assertThat(r.simulator.apiRequests()).isEqualTo(before);
    }
}
