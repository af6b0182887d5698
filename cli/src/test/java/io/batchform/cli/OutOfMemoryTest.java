package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that runs out of memory ends with one clear line and exit 70, never a raw stack trace: run as a separate
 * process with a small heap, since the test's own JVM must not run out.
 */
class OutOfMemoryTest {
    @TempDir
    Path tmp;

    @Test
    void outOfMemoryIsOneLineAndExit70() throws Exception {
        Path workload = tmp.resolve("flood.workload.yaml");
        Files.writeString(workload, """
                start: 2025-01-06T00:00:00Z
                generators:
                  - type: poisson
                    rate: 20000
                    duration: 1m
                """);
        Path formula = Path.of("..", "examples", "formulas", "pending-tasks.formula");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx48m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "formula", "simulate", formula.toString(), "--workload", workload.toString(),
                "--duration", "365d")).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isEqualTo(Main.EXIT_INTERNAL);
        assertThat(err).startsWith("internal error: out of memory").doesNotContain("\tat ", "Exception in thread");
        assertThat(err.lines().count()).isEqualTo(1);
    }
}
