package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormulaCommandsTest {
    @TempDir
    Path dir;

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void checkAcceptsValidFormulasAndReportsInvalidOnes() throws IOException {
        Path valid = write("ok.formula", "$TargetDedicatedNodes = max(0, $PendingTasks.GetSample(1));");
        Path invalid = write("bad.formula", "$TargetDedicatedNodes = max(0, $PendingTask.GetSample(1));\n$x = 5 + ;");
        assertThat(run("formula", "check", valid.toString()).exitCode()).isZero();
        CliRun outcome = run("formula", "check", valid.toString(), invalid.toString());
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out()).contains("ok.formula: valid").contains("bad.formula: invalid (1 error)");
        assertThat(outcome.err()).contains(invalid + ":2:10: error[F001]: mismatched input ';'. Expecting: <expression>")
                .contains("  $x = 5 + ;\n           ^\n")
                .doesNotContain("Exception");
    }

    @Test
    void checkPrintsJson() throws IOException {
        Path file = write("w.formula", "$TargetDedicatedNodes = 2.5");
        CliRun outcome = run("formula", "check", "--json", file.toString());
        assertThat(outcome.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(outcome.out());
        assertThat(json.get("valid").asBoolean()).isTrue();
        JsonNode diagnostic = json.get("files").get(0).get("diagnostics").get(0);
        assertThat(diagnostic.get("code").asText()).isEqualTo("W002");
        assertThat(diagnostic.get("severity").asText()).isEqualTo("warning");
        assertThat(diagnostic.get("summary").asText()).isNotBlank();
        assertThat(diagnostic.get("range").get("filename").asText()).isEqualTo(file.toString());
        assertThat(diagnostic.get("range").get("start").get("line").asInt()).isEqualTo(1);
        assertThat(diagnostic.get("range").get("start").get("column").asInt()).isEqualTo(25);
        assertThat(diagnostic.has("address")).as("a diagnostic in a file names no resource").isFalse();
    }

    @Test
    void aDeviceOrAPipeIsRefusedAtOnceInsteadOfReadForEver() {
        CliRun zero = run("formula", "check", "/dev/zero");
        assertThat(zero.exitCode()).isEqualTo(1);
        assertThat(zero.err()).isEqualTo("error: /dev/zero: is not a regular file (a device, a pipe or a socket); "
                + "batchform reads only files\n");
        CliRun random = run("formula", "eval", "/dev/urandom");
        assertThat(random.exitCode()).isEqualTo(1);
        assertThat(random.err()).startsWith("error: /dev/urandom: is not a regular file");
    }

    @Test
    void aMissingFileIsAClearErrorWithoutAStackTrace() {
        CliRun outcome = run("formula", "check", dir.resolve("nope.formula").toString());
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains("nope.formula: no such file").doesNotContain("at io.");
    }

    @Test
    void evalPrintsResultsAndExitsZero() throws IOException {
        Path formula = write("f.formula", "$TargetDedicatedNodes = max(1, $ActiveTasks.GetSample(1)); x = 0.5");
        Path context = write("c.yaml", "time: 2025-04-24T11:34:37.971Z\nmetrics:\n  $ActiveTasks: [3, 4]\n");
        CliRun outcome = run("formula", "eval", formula.toString(), "--context", context.toString());
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).isEqualTo("timestamp: 2025-04-24T11:34:37.971Z\n"
                + "results: $TargetDedicatedNodes=4;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue;x=0.5\n");
    }

    @Test
    void evalExitsTwoWithTheServiceErrorWhenEvaluationFails() throws IOException {
        Path formula = write("f.formula", "a = 1;\n$TargetDedicatedNodes = avg($PendingTasks.GetSample(TimeInterval_Minute * 10))");
        Path context = write("c.yaml", "time: 2025-04-24T11:34:37.971Z\npool: {targetDedicatedNodes: 3}\n");
        CliRun outcome = run("formula", "eval", formula.toString(), "--context", context.toString(), "--json");
        assertThat(outcome.exitCode()).isEqualTo(2);
        JsonNode json = new ObjectMapper().readTree(outcome.out());
        assertThat(json.get("timestamp").asText()).isEqualTo("2025-04-24T11:34:37.971Z");
        assertThat(json.get("results").asText())
                .isEqualTo("$TargetDedicatedNodes=3;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue");
        assertThat(json.get("error").get("code").asText()).isEqualTo("InsufficientSampleData");
        assertThat(json.get("error").get("values").get(0).get("name").asText()).isEqualTo("Message");
        assertThat(json.get("error").get("values").get(0).get("value").asText())
                .isEqualTo("Line 2, Col 52: Insufficient data from data set: $PendingTasks wanted 70%, received 0%");
        assertThat(outcome.err()).contains("warning[W001]");
    }

    @Test
    void evalExitsOneForAnInvalidFormulaOrContext() throws IOException {
        Path bad = write("bad.formula", "$TargetDedicatedNodes = mex(1)");
        assertThat(run("formula", "eval", bad.toString()).exitCode()).isEqualTo(1);
        Path good = write("good.formula", "$TargetDedicatedNodes = 1");
        Path context = write("c.yaml", "pool:\n  targetDedicatedNodez: 1\n");
        CliRun outcome = run("formula", "eval", good.toString(), "--context", context.toString());
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains(context + ":2:3: error[C002]: unknown key 'targetDedicatedNodez'");
    }

    @Test
    void theExamplesRunAsTheReadmeShows() {
        Path examples = Path.of("..", "examples", "formulas");
        for (String name : new String[] {"pending-tasks", "cpu-percent", "working-hours", "preempted-nodes"}) {
            CliRun outcome = run("formula", "eval", examples.resolve(name + ".formula").toString(),
                    "--context", examples.resolve(name + ".context.yaml").toString());
            assertThat(outcome.exitCode()).as(name + ": " + outcome.err()).isZero();
            assertThat(outcome.err()).as(name).isEmpty();
        }
        assertThat(run("formula", "eval", examples.resolve("pending-tasks.formula").toString(), "--context",
                examples.resolve("pending-tasks.context.yaml").toString()).out())
                .contains("results: $TargetDedicatedNodes=20;$TargetLowPriorityNodes=0;$NodeDeallocationOption=taskcompletion;"
                        + "$samples=96.6667;$targetVMs=25;$tasks=50;cappedPoolSize=20");
    }

    @Test
    void usageMistakesExitOneWithTheUsage() {
        CliRun missing = run("formula", "check");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("Missing required parameter: 'FILE'").contains("Usage: batchform formula check");
        assertThat(run("formula", "eval", "a.formula", "--bogus").exitCode()).isEqualTo(1);
        assertThat(run("nonsense").exitCode()).isEqualTo(1);
    }
}
