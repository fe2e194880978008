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
@Order(2)
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
}
