package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchform.emulator.ArmEmulator;
import io.batchform.emulator.FaultConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two regions against the emulator: warm standby, switchover with the primary down, drill, switching back. */
class FailoverEndToEndTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "failover", "batchform.yaml");

    @TempDir
    Path tmp;

    private ArmEmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private Workdir applied(ArmEmulator.Builder builder) {
        emulator = builder.inMemory().build().start();
        Workdir dir = new Workdir(tmp).write(Workdir.read(EXAMPLE)).always("--endpoint", emulator.endpoint().toString(),
                "--ca-cert", emulator.caCertificatePath().toString());
        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        return dir;
    }

    private JsonNode state(Workdir dir) throws Exception {
        return new ObjectMapper().readTree(dir.state.resolve("state.json").toFile());
    }

    @Test
    void applyKeepsTheStandbyRegionWarmAndInShape() throws Exception {
        Workdir dir = applied(ArmEmulator.builder());
        assertThat(state(dir).path("activeRegion").asText()).isEqualTo("westeurope");
        assertThat(dir.run("state", "list").out().lines()).hasSize(14).contains("pool.render-northeurope",
                "batchAccount.main-northeurope", "resourceGroup.main-northeurope");
        String standby = dir.run("state", "show", "pool.render-northeurope").out();
        assertThat(standby).contains("fixedScale.targetDedicatedNodes = 1", "bfdrbatchne", "rg-batchform-dr-ne");
        assertThat(dir.run("state", "show", "pool.batch-northeurope").out())
                .as("cold: no nodes, no formula").contains("fixedScale.targetDedicatedNodes = 0").doesNotContain("formula");
        assertThat(dir.run("state", "show", "pool.batch").out()).contains("autoScale.formula");

        dir.edit("warmNodes: 1", "warmNodes: 2");
        CliRun plan = dir.run("plan");
        assertThat(plan.out()).contains("Active region: westeurope (standby: northeurope, warm by default)",
                "~ pool.render-northeurope {", "~ fixedScale.targetDedicatedNodes = 1 -> 2",
                "Plan: 0 to add, 1 to change, 0 to destroy.");
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
    }

    @Test
    void aSwitchoverWorksWithThePrimaryDownAndItIsCleanedUpWhenItAnswers() throws Exception {
        Workdir dir = applied(ArmEmulator.builder());
        emulator.faults(FaultConfig.NONE.withDownRegions(Set.of("westeurope")));
        CliRun plan = dir.run("failover", "plan", "--to", "northeurope");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).contains("Switchover from westeurope to northeurope",
                "westeurope does not answer: its resources are left as they are",
                "~ fixedScale.targetDedicatedNodes = 1 -> 4", "Time to capacity in northeurope once applied:",
                "pool.render-northeurope: 1 -> 4 dedicated nodes: about 5 min").doesNotContain("~ pool.render {");

        CliRun apply = dir.run("failover", "apply", "--to", "northeurope", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).contains("Active region is now northeurope. To clean up when it answers: westeurope.");
        JsonNode state = state(dir);
        assertThat(state.path("activeRegion").asText()).isEqualTo("northeurope");
        assertThat(state.path("unreachableRegions").get(0).asText()).isEqualTo("westeurope");
        assertThat(state.path("resources").size()).as("nothing in state is lost").isEqualTo(14);
        assertThat(dir.run("state", "show", "pool.render-northeurope").out())
                .contains("fixedScale.targetDedicatedNodes = 4");

        emulator.faults(FaultConfig.NONE); // westeurope is back
        CliRun cleanup = dir.run("plan");
        assertThat(cleanup.out()).contains("Active region: northeurope", "Not reached at the last switchover: westeurope",
                "~ pool.render {", "~ fixedScale.targetDedicatedNodes = 4 -> 1");
        CliRun applyCleanup = dir.run("apply", "--auto-approve");
        assertThat(applyCleanup.exitCode()).as(applyCleanup.out() + applyCleanup.err()).isZero();
        assertThat(applyCleanup.out()).contains("Regions cleaned up after the last switchover: westeurope");
        assertThat(state(dir).has("unreachableRegions")).isFalse();
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();

        CliRun back = dir.run("failover", "apply", "--to", "westeurope", "--auto-approve");
        assertThat(back.exitCode()).as(back.out() + back.err()).isZero();
        assertThat(state(dir).path("activeRegion").asText()).isEqualTo("westeurope");
        assertThat(dir.run("state", "show", "pool.render").out()).contains("fixedScale.targetDedicatedNodes = 4");
        assertThat(dir.run("state", "show", "pool.render-northeurope").out()).contains("fixedScale.targetDedicatedNodes = 1");
    }

    @Test
    void aDrillSwitchesAndSwitchesBackTimingEachStepAndWritesARunbook() throws Exception {
        Workdir dir = applied(ArmEmulator.builder());
        Path runbook = tmp.resolve("drill.md");
        CliRun drill = dir.run("failover", "apply", "--to", "northeurope", "--drill", "--auto-approve", "--runbook",
                runbook.toString());
        assertThat(drill.exitCode()).as(drill.out() + drill.err()).isZero();
        assertThat(drill.out()).contains("Switchover from westeurope to northeurope",
                "Switchover from northeurope to westeurope", "Drill complete:")
                .containsPattern("westeurope -> northeurope: done in \\d+s")
                .containsPattern("northeurope -> westeurope: done in \\d+s");
        assertThat(state(dir).path("activeRegion").asText()).isEqualTo("westeurope");
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
        String markdown = Files.readString(runbook);
        assertThat(markdown).startsWith("# Switchover runbook: westeurope to northeurope")
                .contains("`pool.render-northeurope`: update", "Quotas in northeurope: enough.",
                        "batchform failover apply --to westeurope");
    }

    @Test
    void aQuotaShortfallInTheTargetRegionIsRefusedBeforeAnyChange() throws Exception {
        // In northeurope the autoscaled pool runs on Standard_D16s_v3: 8 x 16 + 4 x 2 = 136 cores against 100.
        emulator = ArmEmulator.builder().inMemory().coreQuotas(100, 0, 100).build().start();
        Workdir dir = new Workdir(tmp).write(Workdir.read(EXAMPLE).replace("          subnets:\n            pools: 10.41.1.0/24",
                "          subnets:\n            pools: 10.41.1.0/24\n      pools:\n        batch: {vmSize: Standard_D16s_v3}"))
                .always("--endpoint", emulator.endpoint().toString(), "--ca-cert", emulator.caCertificatePath().toString());
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        String before = Files.readString(dir.state.resolve("state.json"));
        CliRun apply = dir.run("failover", "apply", "--to", "northeurope", "--auto-approve");
        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.err()).contains("needs 136 dedicated cores in northeurope, and its quota is 100: raise it by 36",
                "northeurope cannot take the load: its quotas are short");
        assertThat(apply.out()).doesNotContain("Modifying...");
        assertThat(Files.readString(dir.state.resolve("state.json"))).isEqualTo(before);
        assertThat(dir.run("failover", "plan", "--to", "sahara").err())
                .contains("--to sahara: not a failover region of the spec [westeurope, northeurope]");
    }
}
