package io.jenkins.plugins.dashscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a hostile or careless Pipeline author tried against the controller (the hardening issue's findings). */
@Order(5)
@ExtendWith(RealJenkins.Extension.class)
class HardeningScenariosTest {

    /** Finding 1: no image path of a Pipeline reads a file of the controller, whatever its form. */
    @ParameterizedTest
    @CsvSource({"1, file:%s", "2, %s", "3, ../../../../../../../..%s"})
    void aPipelineCannotSendAFileOfTheController(int form, String path, RealJenkins r) throws Exception {
        Path secret = r.work.resolve("controller-only.png");
        ImageIO.write(new BufferedImage(512, 512, BufferedImage.TYPE_INT_RGB), "png", secret.toFile());
        int before = r.simulator.apiRequests();

        RealJenkins.Finished b = r.runPipeline("controller-file-" + form, """
                node { generateImage(prompt: 'p', refImage: '%s', credentialsId: 'dashscope') }
                """.formatted(path.formatted(secret)));

        assertThat(b.result()).isEqualTo("FAILURE");
        assertThat(b.log()).contains("refImage").doesNotContain("Uploaded");
        assertThat(r.simulator.apiRequests()).isEqualTo(before); // no upload policy, upload or submit
    }

    /**
     * Finding 4: an input that is a device, a FIFO or a giant is refused on the agent, before anything is
     * copied (a link to /dev/zero already fails the rule that paths stay inside the workspace).
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "zero.png | is not allowed; allowed: a file path relative to the workspace that stays inside it",
                "fifo.png | is not a regular file",
                "sparse.png | has 107374182400 bytes"
            })
    void aDeviceOrAGiantInputIsRefusedOnTheAgent(String input, String why, RealJenkins r) throws Exception {
        int before = r.simulator.apiRequests();
        long started = System.nanoTime();

        RealJenkins.Finished b = r.runPipeline("agent-input-" + input.replace(".png", ""), """
                node {
                  try {
                    sh 'ln -sf /dev/zero zero.png && rm -f fifo.png && mkfifo fifo.png && truncate -s 100G sparse.png'
                    generateImage(prompt: 'p', refImage: '%s', credentialsId: 'dashscope')
                  } finally {
                    sh 'rm -f zero.png fifo.png sparse.png'
                  }
                }
                """.formatted(input));

        assertThat(b.result()).isEqualTo("FAILURE");
        assertThat(b.log()).contains("refImage: '" + input + "' " + why.strip());
        assertThat(r.simulator.apiRequests()).isEqualTo(before);
        assertThat(System.nanoTime() - started).isLessThan(60_000_000_000L);
    }

    /** Finding 5: a hundred endpoints cost the controller no threads of their own. */
    @Test
    void aHundredEndpointsDoNotExhaustControllerThreads(RealJenkins r) throws Exception {
        int before = controllerThreads(r);

        RealJenkins.Finished b = r.runPipeline(
                "hundred-endpoints", """
                node {
                  int failed = 0
                  for (int i = 0; i < 100; i++) {
                    try {
                      generateImage(prompt: 'p', endpoint: "http://127.0.0.1:%d/e${i}/api/v1", credentialsId: 'dashscope',
                                    outputDir: "out-${i}")
                    } catch (err) {
                      failed++
                    }
                  }
                  echo "FAILED ${failed}"
                }
                """.formatted(r.simulator.api().getPort()));

        assertThat(b.log()).contains("FAILED 100"); // each one answered 404 by a path the simulator does not serve
        assertThat(controllerThreads(r) - before).isLessThan(20);
    }

    private static int controllerThreads(RealJenkins r) throws Exception {
        var answer =
                r.admin.post("scriptText", JenkinsClient.form("script", "println(Thread.getAllStackTraces().size())"));
        return Integer.parseInt(answer.body().trim());
    }

    /** Finding 7: an output folder that cannot be written is found before the task is paid for. */
    @Test
    void anUnwritableOutputFolderFailsBeforeSubmitting(RealJenkins r) throws Exception {
        int submits = r.simulator.count("SUBMIT");

        RealJenkins.Finished b = r.runPipeline("output-is-a-file", """
                node {
                  writeFile file: 'taken', text: 'a file where the folder should be'
                  generateImage(prompt: 'p', outputDir: 'taken', credentialsId: 'dashscope')
                }
                """);

        assertThat(b.result()).isEqualTo("FAILURE");
        assertThat(b.log()).contains("outputDir: cannot write to 'taken'", "nothing was submitted");
        assertThat(r.simulator.count("SUBMIT")).isEqualTo(submits);
    }

    /**
     * Finding 3 (runs after Configuration as Code set the default credential and a 1800 s maximum): the
     * default key goes only to the configured endpoint; an endpoint must be https (http on loopback only)
     * below /api/v1; a step's timeout is capped.
     */
    @Test
    @Order(10)
    void theDefaultKeyStaysWithTheConfiguredEndpoint(RealJenkins r) throws Exception {
        String elsewhere =
                "http://localhost:" + r.simulator.api().getPort() + "/api/v1"; // the same server, another name
        int before = r.simulator.apiRequests();

        RealJenkins.Finished defaultKey = r.runPipeline(
                "default-key-elsewhere", "node { generateImage(prompt: 'p', endpoint: '" + elsewhere + "') }");
        RealJenkins.Finished plainHttp = r.runPipeline(
                "plain-http-endpoint",
                "node { generateImage(prompt: 'p', endpoint: 'http://example.com/api/v1', credentialsId: 'dashscope') }");
        RealJenkins.Finished notApi = r.runPipeline(
                "not-an-api-endpoint",
                "node { generateImage(prompt: 'p', endpoint: 'https://intranet.example.com/admin', credentialsId: 'dashscope') }");

        assertThat(defaultKey.result()).isEqualTo("FAILURE");
        assertThat(defaultKey.log())
                .contains("credentialsId: the default credential is sent only to the endpoint configured");
        assertThat(plainHttp.result()).isEqualTo("FAILURE");
        assertThat(plainHttp.log()).contains("endpoint: 'http://example.com/api/v1' is not allowed");
        assertThat(notApi.result()).isEqualTo("FAILURE");
        assertThat(notApi.log()).contains("ending in /api/v1");
        assertThat(r.simulator.apiRequests()).isEqualTo(before);

        int submits = r.simulator.count("SUBMIT");
        RealJenkins.Finished ownKey = r.runPipeline(
                "own-key-elsewhere",
                "node { generateImage(prompt: 'p', endpoint: '" + elsewhere + "', credentialsId: 'dashscope') }");
        RealJenkins.Finished capped =
                r.runPipeline("timeout-capped", "node { generateImage(prompt: 'p', dryRun: true, timeout: 100000) }");

        // with its own credential the step reaches the endpoint it names (whose results, served under another
        // origin, 127.0.0.1, are then refused by the download rule: finding 14)
        assertThat(ownKey.log()).contains("Submitted task", "refused to fetch http://127.0.0.1:");
        assertThat(r.simulator.count("SUBMIT")).isEqualTo(submits + 1);
        assertThat(capped.log())
                .contains("timeout 100000 s is above the administrator's maximum; waiting at most 1800 s");
    }
}
