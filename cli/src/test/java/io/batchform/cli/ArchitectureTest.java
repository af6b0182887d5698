package io.batchform.cli;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.batchform.spec.load.SpecLoader;
import io.batchform.state.StateStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the arrows between modules and layers true (style guide, "Shape"). */
class ArchitectureTest {
    /** The planner's floors below the engine: what they hold must not know the engine, the providers or the CLI. */
    private static final String[] PLANNER_BELOW_ENGINE = {"io.batchform.spec..", "io.batchform.plan..",
            "io.batchform.provider..", "io.batchform.state..", "io.batchform.apply..", "io.batchform.graph..",
            "io.batchform.render..", "io.batchform.address..", "io.batchform.quota..", "io.batchform.catalog..",
            "io.batchform.schedule.."};
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // In a full reactor build the planner's and the providers' test jars are on the classpath too.
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.batchform");
    }

    @Test
    void azureSdkTypesNeverLeaveTheAzureProvider() {
        noClasses().that().resideOutsideOfPackage("io.batchform.azure..")
                .should().dependOnClassesThat().resideInAnyPackage("com.azure..")
                .check(classes);
    }

    @Test
    void antlrParseTreesStayInTheSyntaxPackage() {
        noClasses().that().resideOutsideOfPackage("io.batchform.autoscale.syntax..")
                .should().dependOnClassesThat().resideInAnyPackage("org.antlr..")
                .check(classes);
    }

    @Test
    void theFormulaLanguageDependsOnNothingElseOfOurs() {
        noClasses().that().resideInAPackage("io.batchform.autoscale..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.batchform.cli..", "io.batchform.spec..", "io.batchform.plan..", "io.batchform.provider..",
                        "io.batchform.state..", "io.batchform.apply..", "io.batchform.graph..", "io.batchform.render..",
                        "io.batchform.address..", "io.batchform.quota..", "io.batchform.catalog..",
                        "io.batchform.engine..", "io.batchform.azure..", "io.batchform.emulator..")
                .check(classes);
    }

    @Test
    void nothingDependsOnTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("io.batchform.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.batchform.cli..")
                .check(classes);
    }

    @Test
    void thePlannerDoesNotKnowItsProviders() {
        noClasses().that().resideInAnyPackage(PLANNER_BELOW_ENGINE).or().resideInAPackage("io.batchform.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("io.batchform.azure..", "io.batchform.emulator..")
                .check(classes);
    }

    @Test
    void theEngineIsTheTopFloorOfThePlanner() {
        noClasses().that().resideInAnyPackage(PLANNER_BELOW_ENGINE)
                .should().dependOnClassesThat().resideInAPackage("io.batchform.engine..")
                .check(classes);
    }

    @Test
    void onlyTheEngineAndTheCommandLineLoadSpecs() {
        noClasses().that().resideOutsideOfPackages("io.batchform.engine..", "io.batchform.cli..")
                .should().callMethodWhere(target(owner(assignableTo(SpecLoader.class))).and(target(name("load"))))
                .because("a spec is loaded and converted once per operation, by the engine (validate: by the CLI)")
                .check(classes);
    }

    @Test
    void onlyTheEngineAndTheApplierWriteState() {
        noClasses().that().resideOutsideOfPackages("io.batchform.engine..", "io.batchform.apply..")
                .and().areNotAssignableTo(StateStore.class) // a store that delegates (BoundStateStore) is storage
                .should().callMethodWhere(target(owner(assignableTo(StateStore.class))).and(target(name("write"))))
                .because("every state write is part of an operation's outcome")
                .check(classes);
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("io.batchform.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theFoundationDependsOnNothingOfOurs() {
        classes().that().resideInAPackage("io.batchform.source..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.batchform.source..", "java..")
                .check(classes);
    }

    @Test
    void theCronCompilerIsPure() {
        classes().that().resideInAPackage("io.batchform.schedule..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.batchform.schedule..",
                        "io.batchform.source..", "java..")
                .check(classes);
    }
}
