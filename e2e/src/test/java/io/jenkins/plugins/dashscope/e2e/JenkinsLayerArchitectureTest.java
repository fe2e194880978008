package io.jenkins.plugins.dashscope.e2e;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Jenkins layer's rules, as plugin-util-api states them, checked on the bytecode that {@code kit/build-hpi}
 * compiled into the plugin ({@code target/kit/classes}).
 */
class JenkinsLayerArchitectureTest {

    private static final String LAYER = "io.jenkins.plugins.dashscope";
    private static final String CORE = LAYER + ".core..";
    /** The rooms of the Jenkins layer, each a package by responsibility. */
    private static final String[] ROOMS = {
        LAYER + ".agent..",
        LAYER + ".build..",
        LAYER + ".config..",
        LAYER + ".freestyle..",
        LAYER + ".review..",
        LAYER + ".step..",
        LAYER + ".usage..",
        LAYER + ".workspace.."
    };
    /** The root package: the Java messages, and the names and forms that older versions stored. */
    private static final Set<String> ROOT = Set.of(
            "Messages",
            "OlderNames",
            "GenerateImageExecution",
            "GenerateImagesExecution",
            "GenerationStepExecution",
            "StepPlan");

    private static final JavaClasses PLUGIN = load();

    private static JavaClasses load() {
        Path classes = Path.of(System.getProperty("plugin.classes", "../target/kit/classes"));
        assertThat(classes.resolve("io/jenkins/plugins/dashscope/step/GenerateImageStep.class"))
                .as("the plugin's classes; run kit/build-hpi first")
                .satisfies(p -> assertThat(Files.exists(p)).isTrue());
        return new ClassFileImporter().importPath(classes);
    }

    @Test
    void everyFormMethodIsPostAndChecksAPermission() {
        methods()
                .that()
                .areDeclaredInClassesThat()
                .resideInAPackage(LAYER + "..")
                .and()
                .areDeclaredInClassesThat()
                .resideOutsideOfPackage(CORE)
                .and()
                .haveNameMatching("do(Fill|Check|Test)[A-Z].*")
                .should()
                .beAnnotatedWith("org.kohsuke.stapler.verb.POST")
                .andShould(checkAPermission())
                .check(PLUGIN);
    }

    @Test
    void theSecretIsReadOnlyByTheCredentialsHelper() {
        noClasses()
                .that()
                .resideInAPackage(LAYER + "..")
                .and()
                .resideOutsideOfPackage(CORE)
                .and()
                .doNotHaveSimpleName("ApiKeys")
                .should()
                .callMethod("hudson.util.Secret", "getPlainText")
                .check(PLUGIN);
    }

    @Test
    void theStepIsNotSerializable() {
        noClasses()
                .that()
                .resideInAPackage(LAYER + "..")
                .and()
                .resideOutsideOfPackage(CORE)
                .and()
                .areAssignableTo("org.jenkinsci.plugins.workflow.steps.Step")
                .should()
                .beAssignableTo(Serializable.class)
                .check(PLUGIN);
    }

    /**
     * One orchestration: the Jenkins layer reaches the engine's {@code generate} only from the generation of one
     * item, and starts an item only as the core batch's host, so every path (both steps, the builder) is planned
     * and run by the core's {@code BatchRun}. (That the core knows nothing of Jenkins, the compiler already checks:
     * the core is compiled without it.)
     */
    @Test
    void everyGenerationIsPlannedAndRunByTheCoreBatch() {
        noClasses()
                .that()
                .resideInAPackage(LAYER + "..")
                .and()
                .resideOutsideOfPackage(CORE)
                .and()
                .doNotHaveSimpleName("WorkspaceGeneration")
                .should()
                .callMethodWhere(calls(LAYER + ".core.generation.GenerationEngine", "generate"))
                .check(PLUGIN);
        noClasses()
                .that()
                .resideInAPackage(LAYER + "..")
                .and()
                .resideOutsideOfPackage(CORE)
                .and()
                .doNotHaveSimpleName("WorkspaceBatchHost")
                .should()
                .callMethodWhere(calls(LAYER + ".workspace.WorkspaceGeneration", "launch")
                        .or(calls(LAYER + ".workspace.WorkspaceGeneration", "startDryRun"))
                        .or(calls(LAYER + ".workspace.WorkspaceGeneration", "prepare")))
                .check(PLUGIN);
        // and the named ones do call them, so the rules above are not true of nothing
        classes()
                .that()
                .haveFullyQualifiedName(LAYER + ".workspace.WorkspaceGeneration")
                .should()
                .callMethodWhere(calls(LAYER + ".core.generation.GenerationEngine", "generate"))
                .check(PLUGIN);
        classes()
                .that()
                .haveFullyQualifiedName(LAYER + ".workspace.WorkspaceBatchHost")
                .should()
                .callMethodWhere(calls(LAYER + ".workspace.WorkspaceGeneration", "launch"))
                .check(PLUGIN);
    }

    /** The rooms depend on one another in one direction only (the compiler allows any cycle). */
    @Test
    void theRoomsHaveNoCycles() {
        slices().matching(LAYER + ".(*)..").should().beFreeOfCycles().check(PLUGIN);
    }

    /**
     * Every class lives in a room, and the root package keeps only the messages and what older versions stored
     * (whose class names cannot change); a room reaches into the root for its messages only.
     */
    @Test
    void theRootHoldsOnlyMessagesAndOlderStoredForms() {
        classes()
                .that()
                .resideInAPackage(LAYER)
                .should(new ArchCondition<>("be the messages or an older version's stored form") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        String top = c.getName().substring(LAYER.length() + 1).replaceAll("\\$.*", "");
                        if (!ROOT.contains(top)) {
                            events.add(SimpleConditionEvent.violated(c, c.getName() + " belongs in a room"));
                        }
                    }
                })
                .check(PLUGIN);
        noClasses()
                .that()
                .resideInAnyPackage(ROOMS)
                .should()
                .dependOnClassesThat(DescribedPredicate.describe(
                        "are in the root package and not its Messages",
                        (JavaClass t) ->
                                t.getPackageName().equals(LAYER) && !t.getName().startsWith(LAYER + ".Messages")))
                .check(PLUGIN);
    }

    private static DescribedPredicate<JavaMethodCall> calls(String owner, String method) {
        return DescribedPredicate.describe(
                owner + "." + method,
                c -> c.getTargetOwner().getFullName().equals(owner)
                        && c.getName().equals(method));
    }

    /** Calls {@code checkPermission} or {@code hasPermission}, or a method of the plugin that does (Forms' helpers). */
    private static ArchCondition<JavaMethod> checkAPermission() {
        return new ArchCondition<>("check a permission") {
            @Override
            public void check(JavaMethod m, ConditionEvents events) {
                boolean checks = m.getMethodCallsFromSelf().stream()
                        .anyMatch(c -> isCheck(c)
                                || c.getTargetOwner().getPackageName().startsWith(LAYER)
                                        && c.getTarget()
                                                .resolveMember()
                                                .map(t -> t.getMethodCallsFromSelf().stream()
                                                        .anyMatch(JenkinsLayerArchitectureTest::isCheck))
                                                .orElse(false));
                if (!checks) {
                    events.add(SimpleConditionEvent.violated(m, m.getFullName() + " checks no permission"));
                }
            }
        };
    }

    private static boolean isCheck(JavaMethodCall c) {
        return c.getName().equals("checkPermission")
                || c.getName().equals("hasPermission"); // hasPermission: the credentials pattern
    }
}
