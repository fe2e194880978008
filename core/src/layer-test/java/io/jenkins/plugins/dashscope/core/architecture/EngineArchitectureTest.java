package io.jenkins.plugins.dashscope.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.ProxyCredentials;
import io.jenkins.plugins.dashscope.core.generation.GenerationEngine;
import java.io.Serializable;
import org.junit.jupiter.api.Test;

/** Rules on the engine's bytecode (the product's classes only, not the tests or the test simulator). */
class EngineArchitectureTest {

    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.jenkins.plugins.dashscope.core");

    @Test
    void thePackagesOfTheEngineHaveNoCycles() {
        slices().matching("io.jenkins.plugins.dashscope.core.(*)..")
                .should()
                .beFreeOfCycles()
                .check(PRODUCT);
    }

    /**
     * One orchestration: in the command line, only its batch host starts a generation, so a single request and a
     * spec are both planned and run by {@code BatchRun}. (That the product never uses the test simulator, the
     * compiler already checks: the simulator is a test source.)
     */
    @Test
    void theCommandLineGeneratesOnlyThroughTheBatch() {
        DescribedPredicate<JavaMethodCall> generate = DescribedPredicate.describe(
                "GenerationEngine.generate",
                c -> c.getTargetOwner().isEquivalentTo(GenerationEngine.class)
                        && c.getName().equals("generate"));
        classes()
                .that()
                .haveSimpleName("CliHost")
                .should()
                .callMethodWhere(generate) // the rule below is not true of nothing
                .check(PRODUCT);
        noClasses()
                .that()
                .resideInAPackage("io.jenkins.plugins.dashscope.core.cli")
                .and()
                .doNotHaveSimpleName("CliHost")
                .should()
                .callMethodWhere(generate)
                .check(PRODUCT);
    }

    @Test
    void theProductSetsNoJvmWideProperty() {
        noClasses()
                .should()
                .callMethod(System.class, "setProperty", String.class, String.class)
                .check(PRODUCT);
    }

    @Test
    void nothingSecretIsSerializable() {
        noClasses()
                .that()
                .areAssignableTo(ApiKey.class)
                .or()
                .areAssignableTo(ProxyCredentials.class)
                .should()
                .beAssignableTo(Serializable.class)
                .check(PRODUCT);
        classes()
                .that()
                .areAssignableTo(Serializable.class)
                .should(new FieldsOfTypes(ApiKey.class, ProxyCredentials.class))
                .check(PRODUCT);
    }
}
