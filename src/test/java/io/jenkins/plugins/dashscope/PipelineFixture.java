package io.jenkins.plugins.dashscope;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Run;
import hudson.util.Secret;
import io.jenkins.plugins.dashscope.config.DashScopeConfiguration;
import io.jenkins.plugins.dashscope.core.simulator.DashScopeSimulator;
import io.jenkins.plugins.dashscope.core.simulator.SimulatorSettings;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jvnet.hudson.test.JenkinsRule;

/** A simulator on loopback and a Jenkins pointed at it, with the key saved as a Secret text credential. */
public final class PipelineFixture {

    public static final String KEY = "sk-jenkins-test-0123456789-DO-NOT-LEAK";
    public static final String CREDENTIALS_ID = "dashscope";

    private PipelineFixture() {}

    public static DashScopeSimulator simulator(UnaryOperator<SimulatorSettings> settings) {
        return DashScopeSimulator.start(
                settings.apply(SimulatorSettings.defaults(KEY).withServiceTime(i -> Duration.ofMillis(200))));
    }

    /**
     * Waits until no step of the build may still be paying for something a restart would lose (its
     * {@code blocksRestart()}): every task it submits is saved. A condition, not a time: the machine may be slow.
     */
    public static void awaitEveryTaskSaved(org.jenkinsci.plugins.workflow.job.WorkflowRun b) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (b.getExecution() == null || b.getExecution().blocksRestart()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("the build's steps still block a restart after 60 s");
            }
            Thread.sleep(50);
        }
    }

    /** program.dat of a running build once it holds {@code text} (it is written in the background), as Latin-1. */
    public static String savedProgram(org.jenkinsci.plugins.workflow.job.WorkflowRun b, String text) throws Exception {
        java.nio.file.Path dat = b.getRootDir().toPath().resolve("program.dat");
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            String saved = java.nio.file.Files.exists(dat)
                    ? java.nio.file.Files.readString(dat, java.nio.charset.StandardCharsets.ISO_8859_1)
                    : "";
            if (saved.contains(text)) {
                return saved;
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("program.dat does not hold " + text + " after 60 s");
            }
            Thread.sleep(50);
        }
    }

    public static void configure(JenkinsRule j, DashScopeSimulator simulator) throws Exception {
        CredentialsProvider.lookupStores(j.jenkins)
                .iterator()
                .next()
                .addCredentials(
                        Domain.global(),
                        new StringCredentialsImpl(
                                CredentialsScope.GLOBAL, CREDENTIALS_ID, "DashScope", Secret.fromString(KEY)));
        DashScopeConfiguration.get().setEndpoint(simulator.baseUrl().toString());
    }

    /** The key appears in no log, no build.xml and no artifact. */
    public static void assertKeyAbsent(JenkinsRule j, Run<?, ?> b) throws Exception {
        j.assertLogNotContains(KEY, b);
        try (Stream<Path> files = Files.walk(b.getRootDir().toPath())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
                        .as(f.toString())
                        .doesNotContain(KEY);
            }
        }
        assertThat(new File(b.getRootDir(), "build.xml")).exists();
        for (Run<?, ?>.Artifact a : b.getArtifacts()) {
            assertThat(new String(Files.readAllBytes(a.getFile().toPath()), StandardCharsets.ISO_8859_1))
                    .doesNotContain(KEY);
        }
        assertThat(List.of(b.getLog())).noneMatch(l -> l.contains(KEY));
    }

    /** The warnings on the build's flow nodes by the step that left each: what makes a stage unstable. */
    public static java.util.Map<String, org.jenkinsci.plugins.workflow.actions.WarningAction> warnings(
            org.jenkinsci.plugins.workflow.job.WorkflowRun b) {
        java.util.Map<String, org.jenkinsci.plugins.workflow.actions.WarningAction> found =
                new java.util.LinkedHashMap<>();
        for (org.jenkinsci.plugins.workflow.graph.FlowNode n :
                new org.jenkinsci.plugins.workflow.graphanalysis.DepthFirstScanner().allNodes(b.getExecution())) {
            org.jenkinsci.plugins.workflow.actions.WarningAction w =
                    n.getPersistentAction(org.jenkinsci.plugins.workflow.actions.WarningAction.class);
            if (w != null) {
                found.put(n.getDisplayFunctionName(), w);
            }
        }
        return found;
    }

    /**
     * The names a help page's return-value sentence lists: each {@code <code>} of the first sentence after its
     * {@code <p>}, in order.
     */
    public static List<String> codeNames(Class<?> owner, String helpFile) throws java.io.IOException {
        String text;
        try (java.io.InputStream in = owner.getResourceAsStream(owner.getSimpleName() + "/" + helpFile)) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String paragraph = text.substring(text.indexOf("<p>"));
        java.util.regex.Matcher end =
                java.util.regex.Pattern.compile("</code>[.。]").matcher(paragraph);
        String sentence = end.find() ? paragraph.substring(0, end.end()) : paragraph;
        java.util.regex.Matcher code =
                java.util.regex.Pattern.compile("<code>([^<]+)</code>").matcher(sentence);
        List<String> names = new java.util.ArrayList<>();
        while (code.find()) {
            names.add(code.group(1));
        }
        return names;
    }
}
