package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code batchform simulate POOL --schedules}: the spec's job schedules on the pool are the workload. */
class SimulateSchedulesTest {
    private static final String SPEC = "src/test/resources/specs/schedules.yaml";

    @Test
    void theNightlyRunsAreTheWorkload() {
        // From Monday 2025-01-06 00:00Z for two days: the nightly schedule runs at 02:00 Paris (01:00Z) on Monday and
        // Tuesday, 40 tasks of 20 minutes each time; the other schedules declare no simulation.
        CliRun run = CliRun.of("simulate", "pool.render", "-f", SPEC, "--schedules", "--duration", "2d");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Simulated 2d from 2025-01-06T00:00:00.000Z on Standard_D2s_v3 (2 vCPUs, 4 "
                + "task slots per node, spread, evaluated every 5m)");
        assertThat(run.out()).containsPattern("tasks submitted +80\n").containsPattern("peak backlog \\(tasks\\) +40\n")
                .contains("  at 1h: peak 40 tasks", "  at 1d1h: peak 40 tasks");
    }

    @Test
    void oneWorkloadAtATime() {
        CliRun both = CliRun.of("simulate", "pool.render", "-f", SPEC, "--schedules", "--workload", "x.yaml");
        assertThat(both.exitCode()).isEqualTo(1);
        assertThat(both.err()).contains("give one of --workload FILE and --schedules");
    }
}
