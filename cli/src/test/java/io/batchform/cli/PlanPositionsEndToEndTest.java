package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan's errors and warnings about a resource the spec declares point at it in the spec, as validate's do
 * ({@code FILE:LINE:COL: error: ADDRESS: CODE: message}, the line and a caret), the same on plan, apply and destroy;
 * in JSON with Terraform's {@code range}. Against the embedded emulator through the real SDK.
 */
class PlanPositionsEndToEndTest {
    @TempDir
    Path tmp;

    /** The quickstart with pool.render protected: {@code protect: true} on line 47, under {@code render:} (46). */
    private Workdir protectedQuickstart() {
        Workdir dir = Workdir.quickstart(tmp).edit("  render:\n", "  render:\n    protect: true\n");
        assertThat(dir.specText().lines().skip(46).findFirst()).contains("    protect: true");
        return dir;
    }

    /** The diagnostic block of {@code output} that starts with {@code header}: the header, the line and the caret. */
    private static String block(String output, String header) {
        int at = output.indexOf(header);
        assertThat(at).as("'" + header + "' in:\n" + output).isNotNegative();
        int end = at;
        for (int i = 0; i < 3; i++) {
            end = output.indexOf('\n', end) + 1;
        }
        return output.substring(at, end);
    }

    @Test
    void protectedPointsAtTheProtectKeyOnPlanDestroyAndApplyAlike() {
        Workdir dir = protectedQuickstart();
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        String where = dir.spec + ":47:5: error: pool.render: Protected: ";

        CliRun plan = dir.run("plan", "--destroy");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(1);
        String expected = where + "destroy would delete this resource, but the spec protects it; remove protect: true "
                + "to allow it, or leave it out with --target\n"
                + "      protect: true\n"
                + "      ^\n";
        assertThat(block(plan.out(), where)).isEqualTo(expected);
        assertThat(plan.out()).doesNotContain("Error: pool.render");

        CliRun destroy = dir.run("destroy", "--auto-approve");
        assertThat(destroy.exitCode()).isEqualTo(1);
        assertThat(block(destroy.out(), where)).as("destroy says it as plan --destroy does").isEqualTo(expected);
        assertThat(destroy.out()).doesNotContain("Destroying...");

        dir.edit("vmSize: Standard_D2s_v3", "vmSize: Standard_D4s_v3");
        CliRun replace = dir.run("plan");
        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(replace.exitCode()).isEqualTo(1);
        assertThat(apply.exitCode()).isEqualTo(1);
        String replaced = block(replace.out(), where);
        assertThat(replaced).startsWith(where + "the plan would replace this resource (vmSize cannot change in "
                + "place), but it is protected;").endsWith("\n      protect: true\n      ^\n");
        assertThat(block(apply.out(), where)).as("apply says it as plan does").isEqualTo(replaced);
        assertThat(apply.out()).doesNotContain("Creating...", "Destroying...");

        // A spec that no longer declares it: the pool is only in the state, so nothing in the spec to point at.
        String text = dir.specText();
        dir.write(text.substring(0, text.indexOf("  render:\n")) + text.substring(text.indexOf("  batch:\n")));
        CliRun dropped = dir.run("plan");
        assertThat(dropped.exitCode()).isEqualTo(1);
        assertThat(dropped.out()).contains("Error: pool.render: Protected: this plan would delete this resource, which "
                + "the spec no longer declares; it protected when it was last applied").doesNotContain(":47:5:");
    }

    @Test
    void theJsonPlanGivesTheDiagnosticTerraformsRange() throws Exception {
        Workdir dir = protectedQuickstart();
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        CliRun plan = dir.run("plan", "--destroy", "--json");
        assertThat(plan.exitCode()).as(plan.err()).isEqualTo(1);
        JsonNode diagnostic = new ObjectMapper().readTree(plan.out()).path("diagnostics").path(0);
        assertThat(diagnostic.path("address").asText()).isEqualTo("pool.render");
        assertThat(diagnostic.path("code").asText()).isEqualTo("Protected");
        JsonNode range = diagnostic.path("range");
        assertThat(range.path("filename").asText()).isEqualTo(dir.spec.toString());
        String text = dir.specText();
        int lineStart = text.lines().limit(46).mapToInt(l -> l.getBytes(StandardCharsets.UTF_8).length + 1).sum();
        assertThat(range.path("start").path("line").asInt()).isEqualTo(47);
        assertThat(range.path("start").path("column").asInt()).isEqualTo(5);
        assertThat(range.path("start").path("byte").asInt()).isEqualTo(lineStart + 4);
        assertThat(range.path("end").path("line").asInt()).isEqualTo(47);
        assertThat(range.path("end").path("column").asInt()).as("a key's place: where it starts").isEqualTo(5);
        assertThat(range.path("end").path("byte").asInt()).isEqualTo(lineStart + 4);
        assertThat(new String(text.getBytes(StandardCharsets.UTF_8), lineStart + 4, 7, StandardCharsets.UTF_8))
                .isEqualTo("protect");
    }

    @Test
    void aPoolThatAlreadyExistsPointsAtItsKey() {
        Workdir dir = Workdir.quickstart(tmp);
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        assertThat(dir.run("state", "rm", "pool.render").exitCode()).isZero();

        CliRun plan = dir.run("plan");
        assertThat(plan.exitCode()).isEqualTo(1);
        String where = dir.spec + ":46:3: error: pool.render: AlreadyExists: ";
        String block = block(plan.out(), where);
        assertThat(block).startsWith(where + "/subscriptions/").contains(" already exists, and the state does not "
                + "record it: batchform import pool.render ").endsWith("\n    render:\n    ^\n");
        assertThat(plan.out()).doesNotContain("Error: pool.render");
    }
}
