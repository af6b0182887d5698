package io.batchform.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.source.Diagnostic;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultFileTest {
    @Test
    void readsEverySetting() {
        FaultFile.Result result = FaultFile.parse("f.yaml", """
                latency: 50ms
                throttleRate: 0.05
                retryAfterSeconds: 1
                serverErrorRate: 0.05
                dropRate: 0.01
                failNext: 2
                failNextOperations: 1
                downRegions: [West Europe]
                seed: 7
                """);
        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.config()).isEqualTo(new FaultConfig(Duration.ofMillis(50), 0.05, 1, 0.05, 0.01, 2, 1,
                Set.of("westeurope"), 7));
    }

    @Test
    void reportsProblemsWithPositions() {
        FaultFile.Result result = FaultFile.parse("f.yaml", "latency: fast\nthrotleRate: 0.1\nseed: x\n");
        assertThat(result.config()).isNull();
        assertThat(result.diagnostics()).extracting(Diagnostic::toString).containsExactly(
                "f.yaml:1:10: error: latency: write a latency as 50ms or 1.5s",
                "f.yaml:2:1: error: unknown key 'throtleRate'. Did you mean 'throttleRate'? (expected one of latency, "
                        + "throttleRate, retryAfterSeconds, serverErrorRate, dropRate, failNext, failNextOperations, "
                        + "downRegions, seed, nodeFaults)",
                "f.yaml:3:7: error: seed: not a number");
        assertThat(result.formatted()).startsWith("f.yaml:1:10: error: latency: write a latency as 50ms or 1.5s\n"
                + "  latency: fast\n           ^\n");
        assertThat(FaultFile.parse("f.yaml", "throttleRate: 0.8\nserverErrorRate: 0.5\n").diagnostics())
                .extracting(Diagnostic::toString).containsExactly("f.yaml: error: the failure rates add up to more than 1");
    }

    @Test
    void readsNodeFaultsForRegionsAndPools() {
        FaultFile.Result result = FaultFile.parse("f.yaml", """
                nodeFaults:
                  - region: North Europe
                    exitCode: 2
                    failureMessage: cannot mount the share
                  - pool: agents
                    unusable: true
                """);
        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.config().nodeFaults()).containsExactly(
                new FaultConfig.NodeFault(null, "northeurope", 2, "FailureExitCode", "cannot mount the share", false),
                new FaultConfig.NodeFault("agents", null, 1, "FailureExitCode",
                        "The task exited with an exit code representing a failure", true));
        assertThat(result.config().nodeFault("AGENTS", "westeurope")).contains(result.config().nodeFaults().get(1));
        assertThat(result.config().nodeFault("render", "northeurope")).contains(result.config().nodeFaults().get(0));
        assertThat(result.config().nodeFault("render", "westeurope")).isEmpty();
    }

    @Test
    void reportsNodeFaultProblemsWithPositions() {
        assertThat(FaultFile.parse("f.yaml", "nodeFaults:\n  - exitcode: 2\n  - pool: a\n    exitCode: 0\n")
                .diagnostics()).extracting(Diagnostic::toString).containsExactly(
                "f.yaml:2:5: error: nodeFaults: unknown key 'exitcode'. Did you mean 'exitCode'? (expected one of pool, "
                        + "region, exitCode, failureCode, failureMessage, unusable)",
                "f.yaml:3:5: error: nodeFaults: a failing start task exits with a code other than 0");
    }
}
