package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code batchform validate} and {@code batchform schema} through the command line. */
class SpecCommandsTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    record Outcome(int exitCode, String out, String err) {
    }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void validateAcceptsTheQuickstart() {
        Outcome outcome = run("validate", "-f", REPOSITORY.resolve("examples/quickstart/batchform.yaml").toString());
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).isEqualTo("The spec is valid.\n");
        assertThat(outcome.err()).isEmpty();
    }

    @Test
    void validateReportsEveryProblemOnStandardErrorAndExitsOne() {
        Path invalid = REPOSITORY.resolve("examples/invalid");
        Outcome outcome = run("validate", "-f", invalid.toString());
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
        Outcome missing = run("validate", "-f", spec.toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains(spec + ":2:19: error: variable 'env' has no value: set it with --var env=VALUE");
        Outcome valid = run("validate", "-f", spec.toString(), "--var", "env=prod");
        assertThat(valid.exitCode()).isZero();
        assertThat(valid.out()).isEqualTo("The spec is valid (1 warning).\n");
        assertThat(valid.err()).contains("warning: low-priority nodes were retired on 2025-09-30");
    }

    @Test
    void validateWithoutAFileExplainsWhatItLookedFor() {
        Outcome outcome = run("validate");
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).startsWith("batchform.yaml: error: no batchform.yaml in the current directory");
    }

    @Test
    void schemaPrintsTheCommittedSchemaFile() throws IOException {
        Outcome outcome = run("schema");
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).isEqualTo(Files.readString(REPOSITORY.resolve("batchform.schema.json")));
    }
}
