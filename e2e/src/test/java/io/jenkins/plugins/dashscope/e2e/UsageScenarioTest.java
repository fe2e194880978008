package io.jenkins.plugins.dashscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two teams' jobs in two folders with monthly quotas, in the real Jenkins: one folder's quota from its own property,
 * the other's from Configuration as Code. The third build past a quota is refused before anything is sent; the usage
 * page under Manage Jenkins shows both folders with their quotas and charts (seen in Chromium); its CSV adds up to
 * what each build said it paid for.
 */
@Order(12)
@ExtendWith(RealJenkins.Extension.class)
class UsageScenarioTest {

    private static final Pattern PAID = Pattern.compile("Usage: (\\d+) image\\(s\\) generated");

    @Test
    void twoFoldersWithQuotasTheUsagePageAndItsCsv(RealJenkins r) throws Exception {
        r.applyCasc(
                "casc-docs-quota",
                Map.of("folderQuotas", List.of(Map.of("folder", "docs", "monthlyImages", 20, "monthlyCost", "5 CNY"))));
        JenkinsClient.expect(200, r.admin.postXml("createItem?name=marketing", """
                <com.cloudbees.hudson.plugins.folder.Folder plugin="cloudbees-folder">
                  <properties>
                    <io.jenkins.plugins.dashscope.usage.FolderQuotaProperty>
                      <monthlyImages>5</monthlyImages>
                    </io.jenkins.plugins.dashscope.usage.FolderQuotaProperty>
                  </properties>
                </com.cloudbees.hudson.plugins.folder.Folder>
                """), "create marketing");
        JenkinsClient.expect(
                200,
                r.admin.postXml(
                        "createItem?name=docs",
                        "<com.cloudbees.hudson.plugins.folder.Folder plugin=\"cloudbees-folder\"/>"),
                "create docs");
        pipeline(
                r, "marketing", "poster", "generateImage(prompt: 'a launch poster', n: 2, credentialsId: 'dashscope')");
        pipeline(r, "docs", "guide", """
                writeFile file: 'images.yaml', text: '''
                matrix: {locale: [en, zh-CN, ja]}
                assets: [{name: figure, prompt: "a diagram, ${locale}"}]
                '''
                generateImages(spec: 'images.yaml', credentialsId: 'dashscope')
                """);

        Map<String, Integer> paidByBuild = new TreeMap<>();
        for (int i = 0; i < 2; i++) {
            RealJenkins.Finished poster = r.finish(r.admin.build("marketing/job/poster"));
            assertThat(poster.result()).as(poster.log()).isEqualTo("SUCCESS");
            paidByBuild.put("marketing/poster#" + poster.build().number(), paid(poster.log()));
        }
        RealJenkins.Finished guide = r.finish(r.admin.build("docs/job/guide"));
        assertThat(guide.result()).as(guide.log()).isEqualTo("SUCCESS");
        paidByBuild.put("docs/guide#" + guide.build().number(), paid(guide.log()));
        int submits = r.simulator.count("SUBMIT");

        RealJenkins.Finished refused = r.finish(r.admin.build("marketing/job/poster"));

        assertThat(refused.result()).isEqualTo("FAILURE");
        assertThat(refused.log())
                .contains("generateImage: quota: the monthly quota of folder 'marketing' is 5 image(s) a month; 4 "
                        + "image(s) used in " + YearMonth.now() + ", 2 image(s) asked. Nothing was sent.");
        assertThat(r.simulator.count("SUBMIT"))
                .as("nothing sent past the quota")
                .isEqualTo(submits);
        assertThat(paidByBuild).containsEntry("marketing/poster#1", 2).containsEntry("docs/guide#1", 3);

        // the CSV export's rows of these jobs add up to what each build said it paid for
        HttpResponse<String> csv = r.admin.get("manage/dashscope-usage/csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        Map<String, Integer> fromCsv = new TreeMap<>();
        for (String line : csv.body().split("\r\n")) {
            String[] cells = line.split(",");
            if (cells.length > 5 && (cells[2].startsWith("marketing/") || cells[2].startsWith("docs/"))) {
                fromCsv.merge(cells[2] + "#" + cells[3], Integer.parseInt(cells[5]), Integer::sum);
            }
        }
        assertThat(fromCsv).isEqualTo(paidByBuild);

        JsonNode api = r.admin.json("manage/dashscope-usage/api/json?depth=2");
        assertThat(api.path("quotas").findValuesAsText("scope")).contains("folder 'docs'");
        assertThat(r.anonymous.get("manage/dashscope-usage/").statusCode()).isIn(403, 404);

        assumeTrue(Chromium.executable() != null, "no Chromium (Debian package chromium)");
        Path out = Screenshots.folder();
        try (Chromium browser = browser(r)) {
            browser.open(r.admin.root().resolve("manage/dashscope-usage/"), 1280);
            browser.waitFor(
                    "document.querySelectorAll('svg.dashscope-usage-chart rect').length > 2", Duration.ofSeconds(20));
            String text = browser.eval("document.querySelector('#main-panel').innerText")
                    .asText();
            assertThat(text)
                    .contains(
                            "folder 'marketing'",
                            "5 image(s) a month",
                            "folder 'docs'",
                            "20 image(s) and 5 CNY a month")
                    .contains("marketing/poster", "docs/guide");
            assertThat(browser.eval("document.querySelectorAll('svg.dashscope-usage-chart').length")
                            .asInt())
                    .isEqualTo(2);
            Screenshots.save(out, "usage-page.png", browser.screenshot("#main-panel"));

            browser.open(r.admin.root().resolve("job/marketing/job/poster/dashscope-usage/"), 1280);
            browser.waitFor(
                    "document.querySelectorAll('svg.dashscope-usage-chart').length === 3", Duration.ofSeconds(20));
            assertThat(browser.eval("document.querySelector('#main-panel').innerText")
                            .asText())
                    .contains("Images left", "Latest builds", "#2", "#1");
            Screenshots.save(out, "usage-job-page.png", browser.screenshot(".dashscope-usage"));
        }
    }

    private static void pipeline(RealJenkins r, String folder, String name, String body) throws Exception {
        r.admin.createPipeline(folder, name, "node {\n" + body + "\n}");
    }

    private static int paid(String log) {
        Matcher m = PAID.matcher(log);
        int total = 0;
        while (m.find()) {
            total += Integer.parseInt(m.group(1));
        }
        return total;
    }

    private static Chromium browser(RealJenkins r) throws Exception {
        String auth = "Basic "
                + Base64.getEncoder()
                        .encodeToString((RealJenkins.ADMIN + ":" + r.adminPassword).getBytes(StandardCharsets.UTF_8));
        return new Chromium(Chromium.executable(), r.work.resolve("chromium-usage"), auth);
    }
}
