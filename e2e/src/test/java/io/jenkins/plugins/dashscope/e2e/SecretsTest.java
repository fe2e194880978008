package io.jenkins.plugins.dashscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Last, after every scenario has written what it writes: no secret of the suite (the API keys, the wrong
 * key, the other credential's password, the administrator's password) appears in any file of
 * {@code JENKINS_HOME} (configuration, credentials, build logs, {@code build.xml}, archived artifacts, the
 * workspaces) or in the Jenkins log. A waiting build's {@code program.dat} is checked by the restart scenario.
 */
@Order(8)
@ExtendWith(RealJenkins.Extension.class)
class SecretsTest {

    @Test
    void noSecretAppearsInJenkinsHomeOrTheJenkinsLog(RealJenkins r) throws Exception {
        List<Path> files = new ArrayList<>(r.jenkins.logs());
        try (Stream<Path> home = Files.walk(r.jenkins.home())) {
            home.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(r.jenkins.home().resolve("plugins")))
                    .forEach(files::add);
        }
        List<String> secrets = List.of(r.key, r.queueKey, r.wrongKey, r.otherSecret, r.adminPassword);
        List<String> leaks = new ArrayList<>();
        long bytes = 0;
        for (Path f : files) {
            // every file Jenkins wrote is small; a huge one could only be a scenario's sparse test input
            assertThat(Files.size(f)).as(f.toString()).isLessThan(256L * 1024 * 1024);
            byte[] content = Files.readAllBytes(f);
            bytes += content.length;
            String text = new String(content, StandardCharsets.ISO_8859_1); // byte for byte, binary files too
            for (String s : secrets) {
                if (text.contains(s)) {
                    leaks.add(f + " contains a secret starting " + s.substring(0, 8));
                }
            }
        }
        r.note("secret scan: %d files, %.1f MB of JENKINS_HOME and Jenkins logs", files.size(), bytes / 1e6);

        assertThat(files).hasSizeGreaterThan(100); // the scan saw the builds, not an empty home
        assertThat(files)
                .anyMatch(p -> p.toString().endsWith("/archive/generated-images/manifest.json"))
                .anyMatch(p -> p.getFileName().toString().equals("credentials.xml"))
                .anyMatch(p -> p.getFileName().toString().equals("build.xml"));
        assertThat(leaks).isEmpty();
    }

    /**
     * After every scenario: the Jenkins log has no SEVERE entry from the plugin's HTTP clients. Closing an
     * idle client at once made HttpCore log a SEVERE {@code ClosedSelectorException} after every delivery.
     */
    @Test
    void theJenkinsLogHasNoSevereEntryFromTheHttpClients(RealJenkins r) throws Exception {
        List<String> severe = new ArrayList<>();
        for (Path log : r.jenkins.logs()) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).contains("\tSEVERE\t")
                        && (lines.get(i).contains("o.a.h.c.")
                                || lines.get(i + 1).contains("ClosedSelectorException")
                                || lines.get(i).contains("dashscope"))) {
                    severe.add(log.getFileName() + ": " + lines.get(i) + " / " + lines.get(i + 1));
                }
            }
        }
        assertThat(severe).isEmpty();
    }
}
