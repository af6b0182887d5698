package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code outputs:} in the spec and {@code batchform output}: planned, recorded by apply from the resources' attributes
 * (through the real SDK against the embedded emulator), read back, masked when sensitive, and checked at their
 * positions.
 */
class OutputsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OUTPUTS = """

            outputs:
              batchEndpoint:
                value: ${batchAccount.main.accountEndpoint}
                description: Where job-submission scripts send their jobs
              renderPool:
                value: ${pool.render.id}
              renderNodes:
                value: ${pool.render.fixedScale.targetDedicatedNodes}
              summary:
                value: "${pool.render.vmSize} in ${batchAccount.main.name} (${var.env}), $${literal}"
              storage:
                value: ${storageAccount.data.id}
                sensitive: true
            """;

    @TempDir
    Path tmp;

    private Workdir withOutputs() {
        Workdir dir = Workdir.quickstart(tmp);
        return dir.write(dir.specText() + OUTPUTS);
    }

    @Test
    void applyRecordsTheOutputsAndOutputReadsThem() throws Exception {
        Workdir dir = withOutputs();
        String group = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-batchform-dev/providers/";
        CliRun plan = dir.run("plan");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("Plan: 7 to add, 0 to change, 0 to destroy.\n\nChanges to Outputs:\n"
                + "  + batchEndpoint = (known after apply)\n"
                + "  + renderNodes   = 2\n"
                + "  + renderPool    = \"" + group + "Microsoft.Batch/batchAccounts/bfquickstartdev/pools/render\"\n"
                + "  + storage       = (sensitive value)\n"
                + "  + summary       = \"Standard_D2s_v3 in bfquickstartdev (dev), ${literal}\"\n");
        assertThat(dir.run("output").err()).contains("Warning: no outputs found.");
        JsonNode planned = JSON.readTree(dir.run("plan", "--json").out());
        assertThat(planned.path("output_changes").path("renderNodes").path("actions").get(0).asText())
                .isEqualTo("create");
        assertThat(planned.path("output_changes").path("renderNodes").path("after").asInt()).isEqualTo(2);
        assertThat(planned.path("output_changes").path("batchEndpoint").path("after_unknown").asBoolean()).isTrue();
        assertThat(planned.path("output_changes").path("storage").path("after").isNull()).as("sensitive").isTrue();
        assertThat(planned.path("output_changes").path("storage").path("after_sensitive").asBoolean()).isTrue();
        assertThat(planned.path("planned_values").path("outputs").path("renderNodes").path("value").asInt()).isEqualTo(2);
        assertThat(planned.path("planned_values").path("outputs").path("batchEndpoint").has("value")).isFalse();

        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        CliRun all = dir.run("output");
        assertThat(all.exitCode()).isZero();
        assertThat(all.out()).startsWith("batchEndpoint = \"").contains("\nrenderNodes = 2\n",
                "\nrenderPool = \"" + group + "Microsoft.Batch/batchAccounts/bfquickstartdev/pools/render\"\n",
                "\nstorage = <sensitive>\n", "\nsummary = \"Standard_D2s_v3 in bfquickstartdev (dev), ${literal}\"\n")
                .doesNotContain("storageAccounts/");
        CliRun endpoint = dir.run("output", "batchEndpoint", "--raw");
        assertThat(endpoint.out()).isNotBlank().doesNotContain("\"", "\n");
        assertThat(endpoint.out()).isEqualTo(JSON.readTree(dir.run("state", "pull").out()).path("resources")
                .findParents("address").stream().filter(r -> r.path("address").asText().equals("batchAccount.main"))
                .findFirst().orElseThrow().path("attributes").path("accountEndpoint").asText());
        assertThat(dir.run("output", "renderNodes", "-raw").out()).isEqualTo("2");
        assertThat(dir.run("output", "storage").out()).isEqualTo("<sensitive>\n");
        assertThat(dir.run("output", "storage").err()).contains("--raw prints it");
        assertThat(dir.run("output", "storage", "--raw").out())
                .isEqualTo(group + "Microsoft.Storage/storageAccounts/bfquickstartdev");
        JsonNode json = JSON.readTree(dir.run("output", "--json").out());
        assertThat(json.path("renderNodes").path("value").asInt()).isEqualTo(2);
        assertThat(json.path("renderNodes").path("type").asText()).isEqualTo("number");
        assertThat(json.path("storage").path("sensitive").asBoolean()).isTrue();
        assertThat(json.path("storage").path("value").isNull()).isTrue();
        assertThat(dir.run("output", "renderPool", "--json").out()).startsWith("\"/subscriptions/");
        CliRun missing = dir.run("output", "renderPol");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("no output 'renderPol' in the state (did you mean 'renderPool'?)");
        assertThat(dir.run("output", "--raw").exitCode()).isEqualTo(1);

        CliRun again = dir.run("plan", "--detailed-exitcode");
        assertThat(again.exitCode()).as("outputs recorded: nothing to do\n" + again.out()).isZero();
        CliRun bigger = dir.run("plan", "--var", "renderNodes=3");
        assertThat(bigger.out()).contains("Changes to Outputs:\n  ~ renderNodes = 2 -> 3\n");

        dir.edit("""
                  summary:
                    value: "${pool.render.vmSize} in ${batchAccount.main.name} (${var.env}), $${literal}"
                """, "");
        CliRun removed = dir.run("plan", "--detailed-exitcode");
        assertThat(removed.exitCode()).isEqualTo(2);
        assertThat(removed.out()).contains("Changes to Outputs:\n  - summary = \"Standard_D2s_v3 in bfquickstartdev "
                + "(dev), ${literal}\" -> null\n\nApplying this plan records the new output values in the state; "
                + "nothing in the cloud changes.\n");
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        assertThat(dir.run("output").out()).doesNotContain("summary");
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();

        CliRun destroy = dir.run("destroy", "--auto-approve");
        assertThat(destroy.exitCode()).as(destroy.err()).isZero();
        assertThat(dir.run("output").err()).contains("no outputs found");
    }

    @Test
    void unknownReferencesAreErrorsAtTheirPositionWithSuggestions() {
        Workdir dir = Workdir.quickstart(tmp);
        int line = (int) dir.specText().lines().count() + 4;
        dir.write(dir.specText() + """

                outputs:
                  a:
                    value: ${pool.rendr.id}
                  b:
                    value: "id ${pools.render.id}"
                  c:
                    value: ${pool.render}
                  d:
                    value: ${var.nope}
                """);
        CliRun validate = CliRun.of("validate", "-f", dir.spec.toString());
        assertThat(validate.exitCode()).isEqualTo(1);
        assertThat(validate.err())
                .contains(dir.spec + ":" + line + ":12: error: the spec declares no pool.rendr (did you mean "
                        + "'pool.render'?)")
                .contains(dir.spec + ":" + (line + 2) + ":16: error: unknown reference ${pools.render.id}: use "
                        + "${var.NAME}, ${env.NAME} or ${workspace}, or a resource's attribute as "
                        + "${ADDRESS.ATTRIBUTE} (did you mean 'pool'?)")
                .contains(dir.spec + ":" + (line + 4) + ":12: error: an output refers to a resource's attribute as "
                        + "${ADDRESS.ATTRIBUTE}, e.g. ${pool.render.id}; 'pool.render' is not one")
                .contains(dir.spec + ":" + (line + 6) + ":12: error: variable 'nope' is not declared");

        Workdir attribute = new Workdir(tmp.resolve("b").toFile().mkdirs() ? tmp.resolve("b") : tmp.resolve("b"));
        attribute.write(Workdir.read(Workdir.QUICKSTART) + "\noutputs:\n  size:\n    value: ${pool.render.vmSise}\n");
        CliRun plan = attribute.run("plan");
        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(plan.out()).contains(":12: error: output 'size': a pool has no attribute 'vmSise' (did you mean "
                + "'vmSize'?)");
    }
}
