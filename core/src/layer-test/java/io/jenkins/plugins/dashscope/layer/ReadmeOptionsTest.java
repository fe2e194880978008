package io.jenkins.plugins.dashscope.layer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dashscope.core.request.RequestOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's option tables list every option of the table, under its step name and its CLI flag. */
class ReadmeOptionsTest {

    private static final Path README = Path.of(System.getProperty("basedir", "."))
            .toAbsolutePath()
            .resolve("../README.md")
            .normalize();

    private static String section(String text, String heading) {
        int start = text.indexOf("\n" + heading + "\n");
        assertThat(start).as(heading).isNotNegative();
        int end = text.indexOf("\n## ", start + 1);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    @Test
    void everyRequestOptionIsInTheStepTableAndTheCommandLineTable() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String step = section(readme, "## Step options");
        String cli = section(readme, "## Command line");
        for (RequestOption option : RequestOption.values()) {
            assertThat(step)
                    .as("README step options: " + option.field())
                    .containsPattern("\\n\\|[^\\n]*`" + option.field() + "`");
            assertThat(cli)
                    .as("README command line: " + option.cliFlag())
                    .containsPattern("\\n\\|[^\\n]*`" + option.cliFlag() + "[ `=\\[]");
        }
    }
}
