package io.jenkins.plugins.dashscope.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.hudson.plugins.folder.Folder;
import hudson.model.Result;
import io.jenkins.plugins.dashscope.PipelineFixture;
import io.jenkins.plugins.dashscope.build.GeneratedImagesAction;
import io.jenkins.plugins.dashscope.config.DashScopeConfiguration;
import io.jenkins.plugins.dashscope.config.FolderQuota;
import io.jenkins.plugins.dashscope.core.ledger.LedgerSnapshot;
import io.jenkins.plugins.dashscope.core.ledger.UsageRow;
import io.jenkins.plugins.dashscope.core.simulator.DashScopeSimulator;
import io.jenkins.plugins.dashscope.core.simulator.RequestKind;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Monthly quotas held before sending, across builds, folders and jobs, against the simulator. */
@WithJenkins
class QuotaTest {

    private DashScopeSimulator simulator;
    private JenkinsRule j;

    @BeforeEach
    void start(JenkinsRule j) throws Exception {
        this.j = j;
        simulator = PipelineFixture.simulator(s -> s);
        PipelineFixture.configure(j, simulator);
    }

    @AfterEach
    void stopSimulator() {
        simulator.close();
    }

    private static WorkflowJob pipeline(hudson.model.ItemGroup<?> parent, String name, String body) throws Exception {
        WorkflowJob p = parent instanceof Folder f
                ? f.createProject(WorkflowJob.class, name)
                : ((jenkins.model.Jenkins) parent).createProject(WorkflowJob.class, name);
        p.setDefinition(new CpsFlowDefinition("node {\n" + body + "\n}", true));
        return p;
    }

    private static String generate(int n, String prompt) {
        return "generateImage(prompt: '" + prompt + "', n: " + n + ", credentialsId: 'dashscope')";
    }

    private static int charged(String jobPrefix) {
        LedgerSnapshot s = UsageStore.get().ledger().snapshot();
        return s.rows().stream()
                .filter(r -> r.month().equals(s.month()) && r.payer().job().startsWith(jobPrefix))
                .mapToInt(UsageRow::charged)
                .sum();
    }

    @Test
    void twoBuildsRacingForTheLastImagesOfAFolderQuotaOneWinsAndNothingOverIsSent() throws Exception {
        Folder team = j.jenkins.createProject(Folder.class, "team-a");
        FolderQuotaProperty quota = new FolderQuotaProperty();
        quota.setMonthlyImages(3);
        team.addProperty(quota);
        WorkflowJob poster = pipeline(team, "poster", generate(2, "a poster"));
        WorkflowJob card = pipeline(team, "card", generate(2, "a card"));

        var one = poster.scheduleBuild2(0);
        var two = card.scheduleBuild2(0);
        List<WorkflowRun> runs = List.of(one.get(120, TimeUnit.SECONDS), two.get(120, TimeUnit.SECONDS));

        assertThat(runs).extracting(WorkflowRun::getResult).containsExactlyInAnyOrder(Result.SUCCESS, Result.FAILURE);
        WorkflowRun refused = runs.stream()
                .filter(r -> r.getResult() == Result.FAILURE)
                .findFirst()
                .orElseThrow();
        j.assertLogContains(
                "generateImage: quota: the monthly quota of folder 'team-a' is 3 image(s) a month; 2 image(s) used in "
                        + YearMonth.now() + ", 2 image(s) asked. Nothing was sent.",
                refused);
        assertThat(simulator.count(RequestKind.SUBMIT))
                .as("only the winner was sent")
                .isEqualTo(1);
        assertThat(charged("team-a/")).isEqualTo(2);
    }

    @Test
    void aSubFolderIsCoveredByItsParentsQuotaAndTheTightestOfAllRefuses() throws Exception {
        DashScopeConfiguration.get().setFolderQuotas(List.of(folderQuota("team-b", 5)));
        Folder teamB = j.jenkins.createProject(Folder.class, "team-b");
        Folder site = teamB.createProject(Folder.class, "site");
        FolderQuotaProperty tight = new FolderQuotaProperty();
        tight.setMonthlyImages(3);
        site.addProperty(tight);
        WorkflowJob banner = pipeline(site, "banner", generate(4, "a banner"));
        WorkflowJob badge = pipeline(site, "badge", generate(2, "a badge"));
        WorkflowJob card = pipeline(teamB, "card", generate(4, "a card"));
        WorkflowJob logo = pipeline(teamB, "logo", generate(1, "a logo"));
        JobQuotaProperty jobQuota = new JobQuotaProperty();
        jobQuota.setMonthlyImages(0);
        logo.addProperty(jobQuota);

        j.assertLogContains(
                "quota: the monthly quota of folder 'team-b/site' is 3 image(s) a month; 0 image(s) used",
                j.buildAndAssertStatus(Result.FAILURE, banner));
        j.buildAndAssertSuccess(card);
        j.assertLogContains(
                "quota: the monthly quota of folder 'team-b' is 5 image(s) a month; 4 image(s) used",
                j.buildAndAssertStatus(Result.FAILURE, badge));
        j.assertLogContains(
                "quota: the monthly quota of job 'team-b/logo' is 0 image(s) a month",
                j.buildAndAssertStatus(Result.FAILURE, logo));
        assertThat(simulator.count(RequestKind.SUBMIT)).isEqualTo(1);
    }

    @Test
    void theLedgerRecordsWhatEachBuildPaidReusedAndLostAndADryRunNothing() throws Exception {
        DashScopeConfiguration.get().setPrices("wanx-v1 0.16 CNY");
        DashScopeConfiguration.get().setMonthlyImages(100);
        WorkflowJob p = pipeline(j.jenkins, "release", """
                generateImage(prompt: 'a banner', n: 2, seed: 1, reuse: true, credentialsId: 'dashscope')
                generateImage(prompt: 'a preview', dryRun: true, outputDir: 'preview', credentialsId: 'dashscope')
                """);
        WorkflowJob failing = pipeline(j.jenkins, "refused", generate(3, "simulate:moderation"));

        WorkflowRun first = j.buildAndAssertSuccess(p);
        j.buildAndAssertSuccess(p); // reuses the banner
        j.buildAndAssertStatus(Result.FAILURE, failing);

        LedgerSnapshot s = UsageStore.get().ledger().snapshot();
        assertThat(s.rows())
                .extracting(r -> r.payer().job() + "#" + r.payer().build() + " " + r.paid() + " paid " + r.held()
                        + " held " + r.reused() + " reused " + r.cost() + " " + r.currency())
                .containsExactlyInAnyOrder(
                        "release#1 2 paid 0 held 0 reused 0.32 CNY",
                        "release#2 0 paid 0 held 2 reused 0 null",
                        "refused#1 0 paid 0 held 0 reused 0 CNY");
        assertThat(s.openHolds()).isZero();
        assertThat(first.getAction(GeneratedImagesAction.class)
                        .getUsage()
                        .getTotal()
                        .getGenerated())
                .as("the ledger agrees with the build's own usage")
                .isEqualTo(2);
        assertThat(charged("")).isEqualTo(2);
    }

    @Test
    void theQuotaPropertiesSurviveTheirConfigurationPagesAndAnUncheckedBoxRemovesThem() throws Exception {
        Folder team = j.jenkins.createProject(Folder.class, "team-c");
        FolderQuotaProperty folderQuota = new FolderQuotaProperty();
        folderQuota.setMonthlyImages(7);
        folderQuota.setMonthlyCost("12.5 CNY");
        team.addProperty(folderQuota);
        WorkflowJob job = pipeline(team, "poster", generate(1, "a poster"));
        JobQuotaProperty jobQuota = new JobQuotaProperty();
        jobQuota.setMonthlyImages(3);
        job.addProperty(jobQuota);

        j.configRoundtrip(team);
        j.configRoundtrip(job);

        FolderQuotaProperty f = team.getProperties().get(FolderQuotaProperty.class);
        assertThat(f.getMonthlyImages()).isEqualTo(7);
        assertThat(f.getMonthlyCost()).isEqualTo("12.5 CNY");
        assertThat(job.getProperty(JobQuotaProperty.class).getMonthlyImages()).isEqualTo(3);
        assertThat(Quotas.over(job))
                .extracting(q -> q.scope().describe() + ": " + q.describe())
                .containsExactly(
                        "folder 'team-c': 7 image(s) and 12.5 CNY a month", "job 'team-c/poster': 3 image(s) a month");

        job.removeProperty(JobQuotaProperty.class);
        j.configRoundtrip(job);
        assertThat(job.getProperty(JobQuotaProperty.class)).isNull();
    }

    @Test
    void aLedgerThatCannotBeWrittenIsToldInTheLogAndOnThePageAndTheBuildGoesOn() throws Exception {
        java.nio.file.Files.writeString(j.jenkins.getRootDir().toPath().resolve(UsageStore.FOLDER), "not a folder");
        DashScopeConfiguration.get().setMonthlyImages(1);
        WorkflowJob p = pipeline(j.jenkins, "poster", generate(1, "a poster"));

        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains(
                "warning: the usage ledger cannot be written; the generation goes on, and this month's quotas hold "
                        + "until a restart",
                b);
        j.assertLogNotContains(UsageStore.FOLDER, b); // where it is and why: for administrators only
        j.assertLogContains(
                "quota: the monthly quota of the controller is 1 image(s) a month; 1 image(s) used",
                j.buildAndAssertStatus(Result.FAILURE, p));
        assertThat(j.createWebClient()
                        .goTo("manage/" + UsageManagementLink.URL_NAME + "/")
                        .asNormalizedText())
                .contains("The usage ledger has a problem: cannot write the usage ledger in");
    }

    private static FolderQuota folderQuota(String folder, int images) {
        FolderQuota q = new FolderQuota(folder);
        q.setMonthlyImages(images);
        return q;
    }
}
