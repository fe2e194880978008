package io.jenkins.plugins.dashscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The second hardening round in the real Jenkins: hostile specs, output folders and step arguments, each refused
 * with one clean line before anything is sent, and the controller still answering afterwards.
 */
@Order(5)
@ExtendWith(RealJenkins.Extension.class)
class SecondHardeningScenariosTest {

    /** A spec written by the Pipeline, then generateImages on it; returns the finished build. */
    private static RealJenkins.Finished spec(RealJenkins r, String job, String yaml) throws Exception {
        return r.runPipeline(job, """
                node {
                  writeFile file: 'images.yaml', text: '''%s'''
                  generateImages(spec: 'images.yaml', credentialsId: 'dashscope')
                }
                """.formatted(yaml));
    }

    private static void assertRefusedCleanly(RealJenkins.Finished b, String... expected) {
        assertThat(b.result()).isEqualTo("FAILURE");
        assertThat(b.log()).contains(expected).doesNotContain("\tat ").doesNotContain("Exception");
    }

    /**
     * Findings 1 and 9: 40 matrix keys (a billion combinations and more), 10^7 combinations, and a YAML alias are
     * refused from the file alone; before, the first ran the controller out of heap and the last paid for the
     * alias's name as a prompt.
     */
    @Test
    void hostileSpecsAreRefusedFromTheFileAloneAndTheControllerStaysUp(RealJenkins r) throws Exception {
        int before = r.simulator.apiRequests();
        StringBuilder forty = new StringBuilder("assets: [{name: a, prompt: p}]\nmatrix:\n");
        for (int i = 0; i < 40; i++) {
            forty.append("  k").append(i).append(": [x, y]\n");
        }
        StringBuilder tenMillion = new StringBuilder("assets: [{name: a, prompt: p}]\nmatrix:\n");
        for (int i = 0; i < 7; i++) {
            tenMillion.append("  k").append(i).append(": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\n");
        }

        assertRefusedCleanly(
                spec(r, "spec-forty-keys", forty.toString()),
                "ERROR: generateImages: spec: images.yaml: the matrix has 40 keys; at most 8");
        assertRefusedCleanly(
                spec(r, "spec-ten-million", tenMillion.toString()),
                "1 asset(s) x 10 k0 x 10 k1 x 10 k2 is already more than 200 variants");
        assertRefusedCleanly(
                spec(r, "spec-alias", "assets:\n  - {name: a, prompt: &p a poster}\n  - {name: b, prompt: *p}\n"),
                "images.yaml at line 3: YAML aliases (*name) are not supported");
        assertThat(r.simulator.apiRequests()).isEqualTo(before);
        assertThat(r.runPipeline("still-up", "echo 'ALIVE'").log()).contains("ALIVE");
    }

    /** Finding 3: two variants that would share a folder are refused naming both, before either is paid for. */
    @Test
    void variantsThatWouldShareAFolderAreRefusedNamingBoth(RealJenkins r) throws Exception {
        int before = r.simulator.apiRequests();

        RealJenkins.Finished b = spec(
                r, "spec-colliding-names", "assets: [{name: a, prompt: p}]\nmatrix: {k1: [x, x-y], k2: [y-z, z]}\n");

        assertRefusedCleanly(
                b, "'a' with {k1=x, k2=y-z} and 'a' with {k1=x-y, k2=z} are both named 'a-x-y-z' (letter case aside)");
        assertThat(r.simulator.apiRequests()).isEqualTo(before);
    }

    /** Finding 6: a set is not unlimited by default (a 600-image set ran and paid for every image). */
    @Test
    void aSetOverTheDefaultLimitIsRefusedBeforeAnythingIsSent(RealJenkins r) throws Exception {
        int before = r.simulator.apiRequests();

        RealJenkins.Finished b = spec(
                r,
                "spec-over-default",
                "assets: [{name: a, prompt: p}]\nmatrix: {k: ["
                        + java.util.stream.IntStream.range(0, 60)
                                .mapToObj(i -> "v" + i)
                                .collect(java.util.stream.Collectors.joining(", "))
                        + "]}\n");

        assertRefusedCleanly(
                b,
                // the default for a set, or here the administrator's 50 that Configuration as Code set earlier
                "maxImages: images.yaml asks for 60 images in 60 variants; the limit is 50 (");
        assertThat(r.simulator.apiRequests()).isEqualTo(before);
    }

    /**
     * Findings 10 and 13: a spec path that is not a workspace file (a stack trace with a NullPointerException,
     * or with a NUL one that Jenkins could not even save) and a bad outputs entry (an 81-line stack trace) are
     * one ERROR line naming the field.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "spec-root | generateImages(spec: '/', credentialsId: 'dashscope')"
                        + " | generateImages: spec: '/' is not allowed; allowed: a YAML or JSON file inside the workspace",
                "spec-nul | generateImages(spec: 'a\\u0000.yaml', credentialsId: 'dashscope')"
                        + " | generateImages: spec: 'a\\u0000.yaml' is not allowed",
                "bad-outputs | generateImage(prompt: 'p', credentialsId: 'dashscope', outputs: [[size: '1200x630',"
                        + " fit: 'stretch']]) | ERROR: generateImage: outputs[1].fit: 'stretch' is not allowed"
            })
    void badStepArgumentsAreOneCleanLine(String job, String step, String expected, RealJenkins r) throws Exception {
        int before = r.simulator.apiRequests();

        RealJenkins.Finished b = r.runPipeline(job, "node { " + step + " }");

        assertRefusedCleanly(b, expected);
        assertThat(r.simulator.apiRequests()).isEqualTo(before);
    }

    /**
     * Finding 8: an output folder through a symbolic link out of the workspace was followed when writing; it is
     * refused on the agent before anything is submitted, and nothing lands where the link points.
     */
    @Test
    void anOutputFolderThroughALinkOutOfTheWorkspaceIsRefused(RealJenkins r) throws Exception {
        int submits = r.simulator.count("SUBMIT");

        RealJenkins.Finished b = r.runPipeline("output-through-link", """
                node {
                  sh 'rm -rf ../outside-8 linked && mkdir -p ../outside-8 && ln -s "$PWD/../outside-8" linked'
                  try {
                    generateImage(prompt: 'p', outputDir: 'linked/images', credentialsId: 'dashscope')
                  } finally {
                    echo "OUTSIDE HOLDS ${sh(returnStdout: true, script: 'ls -A ../outside-8 | wc -l').trim()} ENTRIES"
                  }
                }
                """);

        assertRefusedCleanly(b, "outputDir: 'linked/images' is not allowed; allowed: a folder inside the workspace");
        assertThat(b.log()).contains("OUTSIDE HOLDS 0 ENTRIES");
        assertThat(r.simulator.count("SUBMIT")).isEqualTo(submits);
    }

    /**
     * Finding 4: once the task had succeeded, neither the step's timeout nor an abort reached the downloads; a
     * stalled result host held the build for the download cap and its retries. The deadline now ends the
     * delivery, the stall is not retried, and the failure gives the result URLs (the images are paid for).
     */
    @Test
    void theStepsTimeoutEndsAStalledDelivery(RealJenkins r) throws Exception {
        int downloads = r.simulator.count("DOWNLOAD");
        r.simulator.fault("DOWNLOAD", "HANG", 1); // it hangs 30 s

        RealJenkins.Finished b = r.runPipeline(
                "delivery-deadline", "node { generateImage(prompt: 'p', credentialsId: 'dashscope', timeout: 8) }");

        assertThat(b.result()).isEqualTo("FAILURE");
        assertThat(b.log()).contains("deadline", "the images stay downloadable for 24 hours");
        assertThat(r.simulator.count("DOWNLOAD") - downloads).isEqualTo(1);
    }

    /** Finding 4: aborting the build while the images download stops the downloads; the build ends ABORTED. */
    @Test
    void abortingTheBuildStopsADeliveryUnderWay(RealJenkins r) throws Exception {
        int downloads = r.simulator.count("DOWNLOAD");
        r.simulator.fault("DOWNLOAD", "HANG", 1);
        r.admin.createPipeline(
                "delivery-abort", "node { generateImage(prompt: 'p', credentialsId: 'dashscope', timeout: 600) }");
        JenkinsClient.Build build = r.admin.build("delivery-abort");
        long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (r.simulator.count("DOWNLOAD") == downloads && System.nanoTime() < until) {
            Thread.sleep(100);
        }

        r.admin.post(build.path() + "stop", java.util.Map.of());

        // before the hang of 30 s ends: the download was stopped, not waited for
        var json = r.admin.await(build, Duration.ofSeconds(25));
        assertThat(json.path("result").asText()).isEqualTo("ABORTED");
        assertThat(r.simulator.count("DOWNLOAD") - downloads).isEqualTo(1);
    }

    /**
     * Finding 12: a submit whose answer was lost after the platform created the task was reported as a failure (the
     * task ran and was billed). The task list now shows it, and the build waits for it and archives its image.
     */
    @Test
    void aTaskCreatedBehindALostAnswerIsAdoptedAndArchived(RealJenkins r) throws Exception {
        int submits = r.simulator.count("SUBMIT");
        r.simulator.fault("SUBMIT", "DROP_AFTER_PROCESSING", 1);

        RealJenkins.Finished b = r.runPipeline(
                "lost-answer", "node { generateImage(prompt: 'p', credentialsId: 'dashscope', outputDir: 'lost') }");

        assertThat(b.result()).isEqualTo("SUCCESS");
        assertThat(b.log()).contains("The answer to the submit was lost", "nothing sent again", "Saved image 1");
        assertThat(r.simulator.count("SUBMIT") - submits).isEqualTo(1);
    }

    /** Finding 12: a 500 with an error envelope was sent again blindly; now only once the task list shows no task. */
    @Test
    void aServerErrorIsSentAgainOnlyOnceTheTaskListShowsNoTask(RealJenkins r) throws Exception {
        int submits = r.simulator.count("SUBMIT");
        int lists = r.simulator.count("LIST");
        r.simulator.fault("SUBMIT", "SERVER_ERROR", 1);

        RealJenkins.Finished b = r.runPipeline(
                "server-error", "node { generateImage(prompt: 'p', credentialsId: 'dashscope', outputDir: 'again') }");

        assertThat(b.result()).isEqualTo("SUCCESS");
        assertThat(b.log()).contains("the task list shows no task created by it", "Retrying submit");
        assertThat(r.simulator.count("SUBMIT") - submits).isEqualTo(2);
        assertThat(r.simulator.count("LIST") - lists).isEqualTo(2);
    }
}
