package io.batchform.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.source.Diagnostic;
import io.batchform.source.DiagnosticFormatter;
import io.batchform.spec.convert.Regions;
import io.batchform.spec.load.LoadResult;
import io.batchform.spec.load.SpecLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The spec loader and validator (and, for a spec without errors, the conversion to desired state) on mutated real
 * specs and on YAML soup: every input ends in diagnostics, never an exception, each within two seconds, and every
 * diagnostic prints as one positioned line. Tries: {@code jqwik.tries.default} (200 in the build, more under
 * {@code -Pfuzz}); the corpus of inputs that once failed is replayed by {@link #theCorpusLoads()}.
 */
class SpecFuzzTest {
    private static final List<String> PIECES = List.of("&a ", "*a", "&b [*a, *a]", "[", "]", "{", "}", ": ", "- ",
            "\n", "  ", "\t", "${var.x}", "${env.HOME}", "${workspace}", "$${", "${", "'", "\"", "# c", "? ", "!!str ",
            "!!binary ", "<<: *a", "0o17", "010", "1e400", "99999999999999999999", "-1", "yes", "null", "~", "\u0000",
            "\u00e9", "\u2028", "---\n", "...\n", "%YAML 1.2\n", "formulaFile: ../x.formula", "formulaFile: /dev/zero",
            "file: /etc/passwd", "pools:", "account: main", "autoScale:", "formula: |", "$TargetDedicatedNodes = 1;",
            "moved:", "failover:", "variables:", "x: 1", "|", ">", "\\", "\r\n", "vmSize: Standard_D2s_v3");
    private static final List<String> SEEDS;
    private static Path dir;

    static {
        try {
            SEEDS = List.of(Files.readString(Path.of("..", "examples", "quickstart", "batchform.yaml")),
                    Files.readString(Path.of("..", "examples", "invalid", "batchform.yaml")),
                    Files.readString(Path.of("..", "examples", "failover", "batchform.yaml")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeContainer
    static void directory() throws IOException {
        dir = Files.createTempDirectory("batchform-spec-fuzz");
        Files.writeString(dir.resolve("p.formula"), "$TargetDedicatedNodes = 1;\n");
    }

    @AfterContainer
    static void clean() throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Provide
    Arbitrary<String> mutatedSpec() {
        Arbitrary<String> seed = Arbitraries.of(SEEDS);
        Arbitrary<List<int[]>> edits = Combinators.combine(Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 1_000_000), Arbitraries.integers().between(0, PIECES.size() - 1),
                        Arbitraries.integers().between(1, 40))
                .as((kind, at, piece, length) -> new int[] {kind, at, piece, length}).list().ofMinSize(1).ofMaxSize(8);
        return Combinators.combine(seed, edits).as(SpecFuzzTest::mutate);
    }

    /** Applies edits: insert a piece, delete a range, repeat a range, or cut the text. */
    static String mutate(String seed, List<int[]> edits) {
        StringBuilder text = new StringBuilder(seed);
        for (int[] edit : edits) {
            int at = edit[1] % (text.length() + 1);
            int end = Math.min(text.length(), at + edit[3]);
            switch (edit[0]) {
                case 0 -> text.insert(at, PIECES.get(edit[2]));
                case 1 -> text.delete(at, end);
                case 2 -> text.insert(at, text.substring(at, end).repeat(1 + edit[2] % 5));
                default -> text.setLength(Math.max(at, text.length() - edit[3]));
            }
        }
        return text.toString();
    }

    @Provide
    Arbitrary<String> yamlSoup() {
        return Arbitraries.of(PIECES).list().ofMaxSize(80).map(pieces -> String.join("", pieces));
    }

    @Property
    void aMutatedSpecEndsInDiagnostics(@ForAll("mutatedSpec") String text) throws IOException {
        assertLoads(text);
    }

    @Property
    void yamlSoupEndsInDiagnostics(@ForAll("yamlSoup") String text) throws IOException {
        assertLoads(text);
    }

    @Example
    void theCorpusLoads() throws IOException {
        for (Path input : Corpus.of("spec")) {
            assertLoads(Files.readString(input, StandardCharsets.UTF_8));
        }
    }

    static void assertLoads(String text) throws IOException {
        Path file = dir.resolve("batchform.yaml");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        long start = System.nanoTime();
        LoadResult result = SpecLoader.load(List.of(file), Map.of(), Map.of("HOME", "/home/fuzz"));
        if (!result.hasErrors()) {
            Regions.convert(result.spec(), result.sources(), Map.of(), null);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("loading took %d ms: %s", millis, text).isLessThan(2_000);
        for (Diagnostic diagnostic : result.diagnostics()) {
            assertThat(diagnostic.message()).as(text).isNotBlank().doesNotContain("Exception");
        }
        String printed = DiagnosticFormatter.formatAll(result.diagnostics(), result.texts());
        assertThat(printed.lines().filter(l -> l.contains(": error") || l.contains(": warning")).count())
                .as("at most 50 diagnostics printed per file, and a line for the rest")
                .isLessThanOrEqualTo(51 * Math.max(1, result.texts().size()) + 1);
    }
}
