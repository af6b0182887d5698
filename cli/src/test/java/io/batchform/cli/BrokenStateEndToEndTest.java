package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broken state.json or saved plan ends a command with one line naming the file (and the JSON path) and exit 1:
 * never "state format 0" for an empty file, never an internal error (exit 70).
 */
class BrokenStateEndToEndTest {
    @TempDir
    Path tmp;

    @Test
    void aBrokenStateIsOneLineAndExitOne() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("", ": cannot read: truncated at line 1 (the file is empty)");
        cases.put("{\n  \"version\" : 1,\n  \"resources\" : [ {\n", ": cannot read: truncated at line 3 (the file ends in "
                + "the middle of the document)");
        cases.put("{\"version\": 1, \"resources\": {\"a\": 1}}", ": resources: expected an array, got an object");
        cases.put("{\"version\": 1, \"resources\": [{\"address\": \"pool.a\", \"id\": \"x\", \"attributes\": null}]}",
                ": resources[0].attributes: expected an object, got null");
        cases.put("{\"version\": 4, \"writtenBy\": \"batchform 7.0.0\"}", " was written by batchform 7.0.0 (state "
                + "format 4); this batchform (batchform development) reads format 1: use that batchform or a newer one");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Workdir dir = Workdir.quickstart(Files.createDirectories(tmp.resolve("case" + cases.keySet().stream().toList()
                    .indexOf(c.getKey()))));
            Files.createDirectories(dir.state);
            Files.writeString(dir.state.resolve("state.json"), c.getKey());
            for (String command : new String[] {"plan", "state list"}) {
                CliRun run = dir.run(command.split(" "));
                assertThat(run.exitCode()).as(command + " with " + c.getKey()).isEqualTo(1);
                assertThat(run.err()).as(command).endsWith(dir.state.resolve("state.json") + c.getValue() + "\n")
                        .doesNotContain("internal error", "Exception");
            }
        }
    }

    @Test
    void aBrokenSavedPlanIsOneLineAndExitOne() throws Exception {
        Workdir dir = Workdir.quickstart(tmp);
        Path plan = tmp.resolve("cut.plan");
        Files.writeString(plan, "{\"format\": \"batchform-plan\", \"version\": 1, \"changes\": [");
        CliRun apply = dir.run("apply", plan.toString());
        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.err()).isEqualTo("error: " + plan + ": cannot read: truncated at line 1 (the file ends in the "
                + "middle of the document)\n");
    }
}
