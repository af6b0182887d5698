package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.emulator.ArmEmulator;
import io.batchform.emulator.FaultConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress on long operations, against a slow emulator in this JVM (every request delayed, resizes taking seconds),
 * with the heartbeat every second instead of every ten ({@code BATCHFORM_PROGRESS_INTERVAL}).
 */
class ProgressEndToEndTest {
    private static final Map<String, String> EVERY_SECOND = Map.of("BATCHFORM_PROGRESS_INTERVAL", "1s");

    @TempDir
    Path tmp;

    private ArmEmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void longChangesSayTheyAreStillGoingAndADrainCountsItsNodesDown() throws InterruptedException {
        emulator = ArmEmulator.builder().inMemory().resizeDuration(Duration.ofSeconds(3))
                .faults(FaultConfig.NONE.withLatency(Duration.ofMillis(400))).build().start();
        Workdir dir = Workdir.quickstart(tmp).against(emulator).edit("    metadata:\n      purpose: render",
                "    metadata:\n      purpose: render\n    updateStrategy: drain");
        CliRun apply = dir.runWithEnvironment(EVERY_SECOND, "apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        List<String> lines = apply.out().lines().toList();
        assertThat(lines).anyMatch(l -> l.matches("\\S+: Still creating\\.\\.\\. \\[1s elapsed]"));
        // Each heartbeat of a resource counts up, and none comes after its resource finished.
        for (String address : List.of("storageAccount.data", "batchAccount.main", "pool.render")) {
            List<String> beats = lines.stream().filter(l -> l.startsWith(address + ": Still creating... [")).toList();
            for (int i = 0; i < beats.size(); i++) {
                assertThat(beats.get(i)).isEqualTo(address + ": Still creating... [" + (i + 1) + "s elapsed]");
            }
            int done = lines.indexOf(lines.stream().filter(l -> l.startsWith(address + ": Creation complete after "))
                    .findFirst().orElseThrow());
            assertThat(lines.subList(done, lines.size())).noneMatch(l -> l.startsWith(address + ": Still"));
        }

        Thread.sleep(3500); // the pool's first resize is over: it has its 2 nodes
        assertThat(dir.run("plan", "--destroy").out()).contains("  # pool.render will be destroyed\n"
                + "  #   it goes with its 2 dedicated and 0 low-priority nodes and the tasks running on them\n");
        dir.edit("vmSize: Standard_D2s_v3", "vmSize: Standard_D4s_v3");
        CliRun drain = dir.runWithEnvironment(EVERY_SECOND, "apply", "--auto-approve");
        assertThat(drain.exitCode()).as(drain.out() + drain.err()).isZero();
        assertThat(drain.out()).contains("pool.render: Modifying...\n",
                "pool.render: draining: 2 nodes left (2 dedicated, 0 low-priority)\n",
                "pool.render: Still modifying... [1s elapsed]\n", "pool.render: Still modifying... [2s elapsed]\n",
                "pool.render: draining: 0 nodes left (0 dedicated, 0 low-priority)\n",
                "pool.render: Modifications complete after ");
        assertThat(drain.out().indexOf("draining: 2 nodes left")).isLessThan(drain.out().indexOf("draining: 0 nodes"));

        CliRun quiet = dir.run("plan");
        assertThat(quiet.out()).doesNotContain("Still");
    }
}
