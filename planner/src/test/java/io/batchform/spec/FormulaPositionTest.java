package io.batchform.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.spec.load.LoadResult;
import io.batchform.spec.load.SpecLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The formula checker's diagnostics land on the YAML's own line and column, whatever the scalar style, and in the
 * formula file when the formula comes from one. The unknown function {@code mx} is the error in every row.
 */
class FormulaPositionTest {
    @TempDir
    Path dir;

    /** A pool whose autoScale block starts on line 12; {@code formula} is the text after "formula:". */
    static String spec(String formula) {
        return Specs.HEADER + """
                pools:
                  p:
                    account: main
                    vmSize: Standard_D2s_v3
                    image: {publisher: canonical, offer: ubuntu, sku: "22_04"}
                    nodeAgentSkuId: batch.node.ubuntu 22.04
                    autoScale:
                      formula:""" + formula;
    }

    static Stream<Arguments> styles() {
        return Stream.of(
                Arguments.of("literal block scalar", """
                         |
                                $x = 1;
                                $TargetDedicatedNodes = mx(1, $x);
                        """, "spec.yaml:15:33"),
                Arguments.of("literal block scalar with a keep indicator and deeper lines", """
                         |+
                                $x = 1;
                                  // indented comment
                                $TargetDedicatedNodes = mx(1, $x);
                        """, "spec.yaml:16:33"),
                Arguments.of("folded block scalar", """
                         >
                                $x = 1;

                                $TargetDedicatedNodes = mx(1, $x);
                        """, "spec.yaml:16:33"),
                Arguments.of("plain scalar", " $TargetDedicatedNodes = mx(1, 2);\n", "spec.yaml:13:40"),
                Arguments.of("single-quoted scalar", " '$x = \"it''s\"; $TargetDedicatedNodes = mx(1, 2);'\n",
                        "spec.yaml:13:55"),
                Arguments.of("double-quoted scalar with escapes", " \"$x = \\\"a\\\";\\t$TargetDedicatedNodes = mx(1, 2);\"\n",
                        "spec.yaml:13:54"),
                Arguments.of("multi-line plain scalar", """
                         $x = 1;
                                $TargetDedicatedNodes = mx(1, $x);
                        """, "spec.yaml:14:33"),
                Arguments.of("after an interpolated variable", """
                         |
                                $x = ${var.most};
                                $TargetDedicatedNodes = mx(1, $x);
                        """, "spec.yaml:15:33"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("styles")
    void mapsFormulaPositionsToTheYaml(String name, String formula, String expectedPosition) {
        Path file = Specs.write(dir, "spec.yaml", spec(formula) + "variables: {most: 100000}\n");
        LoadResult result = SpecLoader.load(List.of(file), Map.of(), Map.of());
        List<String> printed = Specs.printed(dir, result);
        assertThat(printed).hasSize(1);
        assertThat(printed.get(0)).startsWith(expectedPosition + ": error[");
        assertThat(printed.get(0)).contains("mx");
    }

    @Test
    void reportsPositionsInTheFormulaFile() {
        Specs.write(dir, "formulas/p.formula", "$x = 1;\n\n$TargetDedicatedNodes = mx(1, $x);\n");
        Path file = Specs.write(dir, "spec.yaml", spec(" ''\n").replace("      formula: ''\n",
                "      formulaFile: formulas/p.formula\n      evaluationInterval: 15m\n"));
        LoadResult result = SpecLoader.load(List.of(file), Map.of(), Map.of());
        List<String> printed = Specs.printed(dir, result);
        assertThat(printed).hasSize(1);
        assertThat(printed.get(0)).startsWith("formulas/p.formula:3:25: error[");
        assertThat(result.spec().pools().get("p").autoScale().formulaFile()).isEqualTo(dir.resolve("formulas/p.formula"));
    }

    @Test
    void aMissingFormulaFileIsReportedAtItsName() {
        Path file = Specs.write(dir, "spec.yaml", spec(" ''\n").replace("      formula: ''\n",
                "      formulaFile: nope.formula\n"));
        LoadResult result = SpecLoader.load(List.of(file), Map.of(), Map.of());
        assertThat(Specs.printed(dir, result)).containsExactly(
                "spec.yaml:13:20: error: formula file 'nope.formula' does not exist");
    }

    @Test
    void aDeviceOrAPipeAsFormulaFileIsRefusedWithoutReadingIt() throws Exception {
        Path zero = Specs.write(dir, "zero.yaml", spec(" ''\n").replace("      formula: ''\n",
                "      formulaFile: /dev/zero\n"));
        assertThat(Specs.printed(dir, SpecLoader.load(List.of(zero), Map.of(), Map.of(), "default",
                List.of(Path.of("/dev"))))).containsExactly(
                "zero.yaml:13:20: error: formula file '/dev/zero' is not a regular file (a device, a pipe or a directory)");
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("pipe.formula").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        Path pipe = Specs.write(dir, "pipe.yaml", spec(" ''\n").replace("      formula: ''\n",
                "      formulaFile: pipe.formula\n"));
        assertThat(Specs.printed(dir, SpecLoader.load(List.of(pipe), Map.of(), Map.of()))).singleElement().asString()
                .endsWith("is not a regular file (a device, a pipe or a directory)");
    }

    @Test
    void warnsWhereAFormulaSetsLowPriorityNodesInABatchServiceAccount() {
        Path file = Specs.write(dir, "spec.yaml", spec("""
                 |
                        $TargetDedicatedNodes = 1;
                        $TargetLowPriorityNodes = 4;
                """));
        LoadResult result = SpecLoader.load(List.of(file), Map.of(), Map.of());
        assertThat(Specs.printed(dir, result)).hasSize(1).first().asString()
                .startsWith("spec.yaml:15:9: warning: low-priority nodes were retired on 2025-09-30");
    }

    @Test
    void crlfLineEndsKeepPositions() {
        String text = spec("""
                 |
                        $x = 1;
                        $TargetDedicatedNodes = mx(1, $x);
                """).replace("\n", "\r\n");
        LoadResult result = SpecLoader.load(List.of(Specs.write(dir, "spec.yaml", text)), Map.of(), Map.of());
        assertThat(Specs.printed(dir, result)).hasSize(1).first().asString().startsWith("spec.yaml:15:33: error[");
    }
}
