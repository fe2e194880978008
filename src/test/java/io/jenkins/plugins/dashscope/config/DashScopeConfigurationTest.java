package io.jenkins.plugins.dashscope.config;

import static io.jenkins.plugins.casc.misc.Util.getUnclassifiedRoot;
import static io.jenkins.plugins.casc.misc.Util.toStringFromYamlFile;
import static io.jenkins.plugins.casc.misc.Util.toYamlString;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.util.FormValidation;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.casc.model.CNode;
import io.jenkins.plugins.dashscope.PipelineFixture;
import io.jenkins.plugins.dashscope.core.simulator.DashScopeSimulator;
import org.junit.jupiter.api.Test;

@WithJenkinsConfiguredWithCode
class DashScopeConfigurationTest {

    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    void importsFromConfigurationAsCode(JenkinsConfiguredWithCodeRule j) {
        DashScopeConfiguration c = DashScopeConfiguration.get();
        assertThat(c.getCredentialsId()).isEqualTo("dashscope");
        assertThat(c.getRegion()).isEqualTo("ap-southeast-1");
        assertThat(c.getModel()).isEqualTo("wan2.2-t2i-flash");
        assertThat(c.getTimeoutSeconds()).isEqualTo(900);
        assertThat(c.getSubmitsPerSecond()).isEqualTo(1);
        assertThat(c.getMaxTasksInFlight()).isEqualTo(1);
        assertThat(c.getExtraDownloadHosts()).isEqualTo("images.example.com");
        assertThat(c.isReuse()).isTrue();
        assertThat(c.getMaxImagesPerBuild()).isEqualTo(40);
        assertThat(c.getAccountShare()).isEqualTo(60);
        // this controller's 60 % of what the account has: 5/s for the one model, 20 queries a second
        assertThat(c.gatePolicy().limitsFor("wan2.6-t2i", "cn-beijing").submitsPerWindow())
                .isEqualTo(3);
        assertThat(c.gatePolicy().queryLimits().submitsPerWindow()).isEqualTo(12);
        assertThat(c.gatePolicy().limitsFor("wanx-v1", "cn-beijing").maxInFlight())
                .isEqualTo(1); // the global override, never below one
        assertThat(c.getUsageRetentionMonths()).isEqualTo(24);
        assertThat(c.globalQuotas())
                .extracting(q -> q.scope().describe() + ": " + q.describe())
                .containsExactly(
                        "the controller: 2000 image(s) and 400 CNY a month",
                        "folder 'team-a': 300 image(s) a month",
                        "folder 'team-b/site': 50.5 CNY a month");
        assertThat(c.priceTable().priceOf("qwen-image")).hasValueSatisfying(p -> {
            assertThat(p.perImage()).isEqualByComparingTo("0.25");
            assertThat(p.currency()).isEqualTo("CNY");
        });
    }

    @Test
    void theOldOneSizeLimitsSavedAsDefaultsGiveWayToEachModelsOwnButAChoiceIsKept(JenkinsConfiguredWithCodeRule j)
            throws Exception {
        // as the versions before these limits wrote it: under the class's first name, in the file of that name
        String older = "io.jenkins.plugins.dashscope.DashScopeConfiguration";
        java.io.File saved = new java.io.File(j.jenkins.getRootDir(), DashScopeConfiguration.SETTINGS_FILE);
        java.nio.file.Files.writeString(
                saved.toPath(),
                "<?xml version='1.1' encoding='UTF-8'?>\n<"
                        + older + "><timeoutSeconds>600</timeoutSeconds>"
                        + "<submitsPerSecond>2</submitsPerSecond><maxTasksInFlight>1</maxTasksInFlight></"
                        + older + ">");
        DashScopeConfiguration upgraded = new DashScopeConfiguration();
        assertThat(upgraded.getSubmitsPerSecond()).isNull();
        assertThat(upgraded.getMaxTasksInFlight()).isNull();
        assertThat(upgraded.gatePolicy()
                        .limitsFor("wan2.5-t2i-preview", "cn-beijing")
                        .maxInFlight())
                .isEqualTo(6);

        java.nio.file.Files.writeString(
                saved.toPath(),
                java.nio.file.Files.readString(saved.toPath())
                        .replace("<maxTasksInFlight>1</maxTasksInFlight>", "<maxTasksInFlight>3</maxTasksInFlight>"));
        DashScopeConfiguration chosen = new DashScopeConfiguration();
        assertThat(chosen.getSubmitsPerSecond()).isEqualTo(2);
        assertThat(chosen.getMaxTasksInFlight()).isEqualTo(3);
        chosen.setMaxTasksInFlight(4); // saved with the new marker: read back as it is
        assertThat(new DashScopeConfiguration().getSubmitsPerSecond()).isEqualTo(2);
    }

    /** The settings page shows a help page for every setting, those of {@link SpendingSettings} included. */
    @Test
    void everySettingHasItsHelpPage(JenkinsConfiguredWithCodeRule j) throws Exception {
        DashScopeConfiguration c = DashScopeConfiguration.get();
        org.jvnet.hudson.test.JenkinsRule.WebClient web = j.createWebClient();
        for (String field : java.util.List.of(
                "credentialsId",
                "endpoint",
                "timeoutSeconds",
                "submitsPerSecond",
                "maxTasksInFlight",
                "modelLimits",
                "accountShare",
                "reuse",
                "maxImagesPerBuild",
                "prices")) {
            String help = web.goTo("descriptorByName/" + c.getId() + "/help/" + field, null)
                    .getWebResponse()
                    .getContentAsString();
            assertThat(help).as(field).contains("<div");
        }
    }

    @Test
    void aShareOutsideOneToAHundredIsRefusedNamingTheField(JenkinsConfiguredWithCodeRule j) {
        DashScopeConfiguration c = DashScopeConfiguration.get();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.setAccountShare(150))
                .hasMessageContaining("accountShare");
        assertThat(c.doCheckAccountShare("0").kind).isEqualTo(hudson.util.FormValidation.Kind.ERROR);
        assertThat(c.doCheckAccountShare("50").kind).isEqualTo(hudson.util.FormValidation.Kind.OK);
        assertThat(c.doCheckAccountShare("").kind).isEqualTo(hudson.util.FormValidation.Kind.OK);
        assertThat(c.getAccountShare()).isNull();
        c.setAccountShare(100);
        assertThat(c.getAccountShare()).as("all of it is the default").isNull();
        c.setAccountShare(50);
        assertThat(c.gatePolicy().queryLimits().submitsPerWindow()).isEqualTo(10);
    }

    @Test
    void aPriceTableThatCannotBeReadIsRefusedNamingTheLine(JenkinsConfiguredWithCodeRule j) {
        DashScopeConfiguration c = DashScopeConfiguration.get();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.setPrices("wan2.6-t2i 0.20 CNY\nqwen-image cheap"))
                .hasMessageContaining("prices: line 2");
        assertThat(c.doCheckPrices("qwen-image cheap").kind).isEqualTo(hudson.util.FormValidation.Kind.ERROR);
        assertThat(c.doCheckPrices("qwen-image 0.25 CNY").kind).isEqualTo(hudson.util.FormValidation.Kind.OK);
        assertThat(c.getPrices()).isNull();
    }

    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    void exportsToConfigurationAsCode(JenkinsConfiguredWithCodeRule j) throws Exception {
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        CNode exported = getUnclassifiedRoot(context).get("dashscope");

        assertThat(toYamlString(exported)).isEqualTo(toStringFromYamlFile(this, "expected-export.yml"));
    }

    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    void theSystemPageRoundTrips(JenkinsConfiguredWithCodeRule j) throws Exception {
        j.configRoundtrip();

        assertThat(DashScopeConfiguration.get().getModel()).isEqualTo("wan2.2-t2i-flash");
        assertThat(DashScopeConfiguration.get().getExtraDownloadHosts()).isEqualTo("images.example.com");
        assertThat(DashScopeConfiguration.get().getMaxImagesPerBuild()).isEqualTo(40);
        assertThat(DashScopeConfiguration.get().getAccountShare()).isEqualTo(60);
        assertThat(DashScopeConfiguration.get().isReuse()).isTrue();
        assertThat(DashScopeConfiguration.get().getPrices()).isEqualTo("wan2.6-t2i 0.20 CNY\nqwen-image 0.25 CNY");
    }

    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    void testConnectionUsesTheSavedEndpointAndCredential(JenkinsConfiguredWithCodeRule j) throws Exception {
        try (DashScopeSimulator simulator = PipelineFixture.simulator(s -> s)) {
            PipelineFixture.configure(j, simulator);
            DashScopeConfiguration c = DashScopeConfiguration.get();
            c.setRegion(null);
            c.setEndpoint(simulator.baseUrl().toString());

            FormValidation ok = c.doTestConnection();

            assertThat(ok.kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(ok.getMessage()).doesNotContain(PipelineFixture.KEY);
            c.setCredentialsId("missing");
            assertThat(c.doTestConnection().kind).isEqualTo(FormValidation.Kind.ERROR);
        }
    }
}
