package io.jenkins.plugins.dashscope.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.hudson.plugins.folder.Folder;
import hudson.model.Item;
import io.jenkins.plugins.dashscope.PipelineFixture;
import io.jenkins.plugins.dashscope.config.DashScopeConfiguration;
import io.jenkins.plugins.dashscope.core.ledger.UsageCsv;
import io.jenkins.plugins.dashscope.core.simulator.DashScopeSimulator;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The usage page under Manage Jenkins, a folder's and a job's, their exports, and who may see them. */
@WithJenkins
class UsagePagesTest {

    private DashScopeSimulator simulator;
    private JenkinsRule j;
    private WorkflowJob poster;

    @BeforeEach
    void start(JenkinsRule j) throws Exception {
        this.j = j;
        simulator = PipelineFixture.simulator(s -> s);
        PipelineFixture.configure(j, simulator);
        DashScopeConfiguration.get().setPrices("wanx-v1 0.16 CNY");
        DashScopeConfiguration.get().setMonthlyImages(40);
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin")
                .grant(Jenkins.READ, Item.READ)
                .everywhere()
                .to("reader")
                .grant(Jenkins.READ)
                .everywhere()
                .to("stranger"));
        Folder team = j.jenkins.createProject(Folder.class, "team-a");
        FolderQuotaProperty quota = new FolderQuotaProperty();
        quota.setMonthlyImages(10);
        team.addProperty(quota);
        poster = team.createProject(WorkflowJob.class, "poster");
        poster.setDefinition(new CpsFlowDefinition(
                "node { generateImage(prompt: 'a poster', n: 2, credentialsId: 'dashscope') }", true));
        j.buildAndAssertSuccess(poster);
        j.buildAndAssertSuccess(poster);
    }

    @AfterEach
    void stopSimulator() {
        simulator.close();
    }

    @Test
    void administratorsSeeEveryJobPerMonthWithTheQuotasAChartAndExports() throws Exception {
        JenkinsRule.WebClient admin = j.createWebClient().login("admin");

        HtmlPage page = admin.goTo("manage/" + UsageManagementLink.URL_NAME + "/");

        String text = page.asNormalizedText();
        assertThat(text)
                .contains("This month (" + YearMonth.now() + "): 4 paid, 0 reused, 0 failed; estimate 0.64 CNY")
                .contains("the controller", "40 image(s) a month")
                .contains("team-a/poster");
        assertThat(page.querySelectorAll("svg.dashscope-usage-chart")).hasSize(2); // images and cost
        assertThat(page.getWebResponse().getContentAsString()).doesNotContain("<script>alert");

        Page csv = admin.goTo("manage/" + UsageManagementLink.URL_NAME + "/csv", "text/csv");
        List<String> lines =
                Arrays.asList(csv.getWebResponse().getContentAsString().split("\r\n"));
        assertThat(lines.get(0)).isEqualTo(UsageCsv.HEADER);
        assertThat(lines.subList(1, lines.size()))
                .containsExactly(
                        YearMonth.now() + ",team-a,team-a/poster,1,wanx-v1,2,0,0,0,0,0.32,CNY",
                        YearMonth.now() + ",team-a,team-a/poster,2,wanx-v1,2,0,0,0,0,0.32,CNY");

        JSONObject json = JSONObject.fromObject(
                admin.goTo("manage/" + UsageManagementLink.URL_NAME + "/api/json?depth=2", "application/json")
                        .getWebResponse()
                        .getContentAsString());
        assertThat(json.getJSONObject("thisMonth").getInt("paid")).isEqualTo(4);
        assertThat(json.getJSONArray("quotas").getJSONObject(0).getInt("remainingImages"))
                .isEqualTo(36);
    }

    @Test
    void aReaderOfTheJobSeesItsUsageButNotTheControllers() throws Exception {
        JenkinsRule.WebClient reader = j.createWebClient().login("reader");

        HtmlPage job = reader.goTo("job/team-a/job/poster/");
        assertThat(job.asNormalizedText())
                .contains("DashScope image usage", "This month (" + YearMonth.now() + "): 4 paid");
        HtmlPage usage = reader.goTo("job/team-a/job/poster/" + UsageManagementLink.URL_NAME + "/");
        assertThat(usage.asNormalizedText())
                .contains("folder 'team-a'", "10 image(s) a month", "Latest builds", "#2", "#1");
        assertThat(usage.querySelectorAll("svg.dashscope-usage-chart")).hasSize(3); // with images per build
        HtmlPage folder = reader.goTo("job/team-a/" + UsageManagementLink.URL_NAME + "/");
        assertThat(folder.asNormalizedText()).contains("team-a/poster", "6");

        reader.assertFails("manage/" + UsageManagementLink.URL_NAME + "/", 403);
        reader.assertFails("manage/" + UsageManagementLink.URL_NAME + "/csv", 403);
        JenkinsRule.WebClient stranger = j.createWebClient().login("stranger");
        stranger.assertFails("job/team-a/job/poster/" + UsageManagementLink.URL_NAME + "/", 404);
    }
}
