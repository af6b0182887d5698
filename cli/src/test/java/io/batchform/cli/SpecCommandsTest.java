package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code batchform validate} and {@code batchform schema} through the command line. What {@code validate} prints for
 * the examples is kept in golden case folders under {@code src/test/resources/golden/validate}, each a command beside
 * its outputs and exit code; rewrite them with
 * {@code mvn -pl cli -am test -Dtest=SpecCommandsTest -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.update=true}
 * and review the diff like code.
 */
class SpecCommandsTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Path GOLDEN = Path.of("src/test/resources/golden/validate");

    @TempDir
    Path dir;

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void validateAcceptsTheQuickstart() {
        CliRun outcome = run("validate", "-f", REPOSITORY.resolve("examples/quickstart/batchform.yaml").toString());
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).isEqualTo("The spec is valid.\n");
        assertThat(outcome.err()).isEmpty();
    }

    @Test
    void validateReportsEveryProblemOnStandardErrorAndExitsOne() {
        Path invalid = REPOSITORY.resolve("examples/invalid");
        CliRun outcome = run("validate", "-f", invalid.toString());
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out()).isEmpty();
        assertThat(outcome.err())
                .contains(invalid.resolve("batchform.yaml") + ":18:5: error: unknown key 'skuu' in storageAccounts.data "
                        + "(did you mean 'sku'?)\n      skuu: Standard_LRS\n      ^\n")
                .contains(invalid.resolve("batchform.yaml") + ":57:56: error[F001]: mismatched input ';'. Expecting: "
                        + "<expression>\n          $TargetDedicatedNodes = min(10, avg(pending)) +;\n"
                        + "                                                         ^\n")
                .endsWith("The spec is invalid: 8 errors, 1 warning.\n")
                .doesNotContain("Exception");
    }

    @Test
    void validateTakesVariablesAndWarnsWithoutFailing() throws IOException {
        Path spec = Files.writeString(dir.resolve("batchform.yaml"), """
                variables: {env: }
                resourceGroup: rg-${var.env}
                location: westeurope
                batchAccounts:
                  main: {name: acct}
                pools:
                  p:
                    account: main
                    vmSize: Standard_D2s_v3
                    image: {publisher: canonical, offer: ubuntu, sku: "22_04"}
                    nodeAgentSkuId: batch.node.ubuntu 22.04
                    fixedScale: {targetDedicatedNodes: 0, targetLowPriorityNodes: 1}
                """);
        CliRun missing = run("validate", "-f", spec.toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains(spec + ":2:19: error: variable 'env' has no value: set it with --var env=VALUE");
        CliRun valid = run("validate", "-f", spec.toString(), "--var", "env=prod");
        assertThat(valid.exitCode()).isZero();
        assertThat(valid.out()).isEqualTo("The spec is valid (1 warning).\n");
        assertThat(valid.err()).contains("warning: low-priority nodes were retired on 2025-09-30");
    }

    @Test
    void noDiagnosticPrintsASecretWrittenInTheSpec() throws IOException {
        // The warning about a password written in clear used to quote the line, password and all.
        Path spec = Files.writeString(dir.resolve("batchform.yaml"), """
                resourceGroup: rg
                location: westeurope
                batchAccounts:
                  main: {name: acct}
                pools:
                  p:
                    account: main
                    vmSize: Standard_D2s_v3
                    image: {publisher: canonical, offer: ubuntu, sku: "22_04"}
                    nodeAgentSkuId: batch.node.ubuntu 22.04
                    fixedScale: {targetDedicatedNodes: 0}
                    userAccounts: [{name: ops, password: Hunter2-in-clear}]
                    startTask:
                      commandLine: /bin/true
                      resourceFiles: [{httpUrl: "https://a.blob.core.windows.net/c/f?sv=1&sp=r&sig=TOKENsig", filePath: f}]
                      environment: {TOKEN: {secret: tok-in-clear}}
                      maxTaskRetryCount: 1000
                """);
        CliRun outcome = run("validate", "-f", spec.toString());
        assertThat(outcome.err()).contains("password is written in the spec in clear", "password: ****************")
                .doesNotContain("Hunter2", "TOKENsig", "tok-in-clear");
        assertThat(outcome.out()).doesNotContain("Hunter2", "TOKENsig", "tok-in-clear");
    }

    @Test
    void validateWithoutAFileExplainsWhatItLookedFor() {
        CliRun outcome = run("validate");
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).startsWith("batchform.yaml: error: no batchform.yaml in the current directory");
    }

    @Test
    void schemaPrintsTheCommittedSchemaFile() throws IOException {
        CliRun outcome = run("schema");
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).isEqualTo(Files.readString(REPOSITORY.resolve("batchform.schema.json")));
    }

    static Stream<String> goldenCases() throws IOException {
        try (Stream<Path> children = Files.list(GOLDEN)) {
            return children.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    /** Each case folder holds a {@code command} and what it prints and returns (README.md there). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCases")
    void validateOutputOfTheExamplesMatchesTheGoldenFiles(String name) throws IOException {
        Path golden = GOLDEN.resolve(name);
        // Relative paths in the command keep the output the same on every machine (tests run in cli/).
        CliRun outcome = run(Files.readString(golden.resolve("command")).strip().split(" "));
        Golden.assertMatches(golden.resolve("stdout.txt"), outcome.out());
        Golden.assertMatches(golden.resolve("stderr.txt"), outcome.err());
        Golden.assertMatches(golden.resolve("exit-code"), outcome.exitCode() + "\n");
    }

    @Test
    void theGoldenCasesAreThere() throws IOException {
        assertThat(goldenCases()).contains("invalid", "quickstart");
    }
}
