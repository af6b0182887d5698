package io.batchform.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the arrows between modules and layers true (style guide, "Shape"). */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // Under `mvn verify` the planner's and the provider's test classes arrive as -tests.jar files.
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.batchform");
    }

    @Test
    void azureSdkTypesNeverLeaveTheAzureProvider() {
        noClasses().that().resideOutsideOfPackage("io.batchform.azure..")
                .should().dependOnClassesThat().resideInAnyPackage("com.azure..")
                .check(main);
    }

    @Test
    void antlrParseTreesStayInTheSyntaxPackage() {
        noClasses().that().resideOutsideOfPackage("io.batchform.autoscale.syntax..")
                .should().dependOnClassesThat().resideInAnyPackage("org.antlr..")
                .check(main);
    }

    @Test
    void theFormulaLanguageDependsOnNothingElseOfOurs() {
        noClasses().that().resideInAPackage("io.batchform.autoscale..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.batchform.cli..", "io.batchform.spec..", "io.batchform.plan..", "io.batchform.provider..",
                        "io.batchform.state..", "io.batchform.apply..", "io.batchform.graph..", "io.batchform.render..",
                        "io.batchform.address..", "io.batchform.azure..", "io.batchform.emulator..")
                .check(main);
    }

    @Test
    void nothingDependsOnTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("io.batchform.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.batchform.cli..")
                .check(main);
    }

    @Test
    void thePlannerDoesNotKnowItsProviders() {
        noClasses().that().resideInAnyPackage("io.batchform.spec..", "io.batchform.plan..", "io.batchform.provider..",
                        "io.batchform.state..", "io.batchform.apply..", "io.batchform.graph..", "io.batchform.render..",
                        "io.batchform.address..")
                .should().dependOnClassesThat().resideInAnyPackage("io.batchform.azure..", "io.batchform.emulator..")
                .check(main);
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("io.batchform.(**)").should().beFreeOfCycles().check(main);
    }

    @Test
    void theFoundationDependsOnNothingOfOurs() {
        classes().that().resideInAPackage("io.batchform.source..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.batchform.source..", "java..")
                .check(main);
    }
}
