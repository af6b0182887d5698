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
                        + "downRegions, seed)",
                "f.yaml:3:7: error: seed: not a number");
        assertThat(result.formatted()).startsWith("f.yaml:1:10: error: latency: write a latency as 50ms or 1.5s\n"
                + "  latency: fast\n           ^\n");
        assertThat(FaultFile.parse("f.yaml", "throttleRate: 0.8\nserverErrorRate: 0.5\n").diagnostics())
                .extracting(Diagnostic::toString).containsExactly("f.yaml: error: the failure rates add up to more than 1");
    }
}
