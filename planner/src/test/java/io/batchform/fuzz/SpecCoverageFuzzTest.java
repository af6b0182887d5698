package io.batchform.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.batchform.source.Diagnostic;
import io.batchform.source.DiagnosticFormatter;
import io.batchform.spec.convert.Regions;
import io.batchform.spec.load.LoadResult;
import io.batchform.spec.load.SpecLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided (Jazzer): any bytes as a spec file, through the loader, the validator and, when valid, the
 * conversion to desired state. What must hold is {@link SpecFuzzTest}'s: diagnostics only, never an exception, each
 * input under two seconds, every diagnostic a positioned line, at most 50 a file. In the build it replays its inputs
 * ({@code SpecCoverageFuzzTestInputs/}: real specs as seeds, and every input that once failed); {@code JAZZER_FUZZ=1}
 * fuzzes it (README, "Fuzzing").
 */
class SpecCoverageFuzzTest {
    private static Path dir;

    @BeforeAll
    static void directory() throws IOException {
        dir = Files.createTempDirectory("batchform-spec-jazzer");
        Files.writeString(dir.resolve("p.formula"), "$TargetDedicatedNodes = 1;\n");
        // Once, untimed, so that the time bound measures an input and not the loading of the loader's classes.
        for (String example : List.of("quickstart", "failover")) {
            Path spec = Path.of("..", "examples", example, "batchform.yaml");
            LoadResult warm = SpecLoader.load(List.of(spec), Map.of(), Map.of("HOME", "/home/fuzz"));
            if (!warm.hasErrors()) {
                Regions.convert(warm.spec(), warm.sources(), Map.of(), null);
            }
        }
    }

    @AfterAll
    static void clean() throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @FuzzTest(maxDuration = "3m")
    void anySpecFileEndsInDiagnostics(byte[] bytes) throws IOException {
        Path file = dir.resolve("batchform.yaml");
        Files.write(file, bytes);
        String shown = new String(bytes, StandardCharsets.UTF_8);
        long start = System.nanoTime();
        LoadResult result = SpecLoader.load(List.of(file), Map.of(), Map.of("HOME", "/home/fuzz"));
        if (!result.hasErrors()) {
            Regions.convert(result.spec(), result.sources(), Map.of(), null);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("loading took %d ms: %s", millis, shown).isLessThan(2_000);
        for (Diagnostic diagnostic : result.diagnostics()) {
            assertThat(diagnostic.message()).as(shown).isNotBlank().doesNotContain("Exception");
        }
        String printed = DiagnosticFormatter.formatAll(result.diagnostics(), result.texts());
        assertThat(printed.lines().filter(l -> l.contains(": error") || l.contains(": warning")).count())
                .as("at most 50 diagnostics printed per file, and a line for the rest")
                .isLessThanOrEqualTo(51L * Math.max(1, result.texts().size()) + 1);
    }
}
