package io.batchform.autoscale.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.source.Source;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Formula test files: what a mistake in one reports, and where; expectations against a run; the JUnit report. */
class FormulaTestTest {
    private static final Map<String, String> FILES = Map.of(
            "one.formula", "$TargetDedicatedNodes = 1;",
            "burst.csv", "time,duration,count\n0,60,5\n");

    private static FormulaTest.Loaded load(String text) {
        return FormulaTest.load(new Source("t.test.yaml", text),
                name -> Optional.ofNullable(FILES.get(name)).map(t -> new Source(name, t)));
    }

    /** The first line of each problem: {@code FILE:LINE:COL: error[CODE]: message}. */
    private static List<String> headers(String text) {
        return load(text).problems().stream().map(p -> p.lines().findFirst().orElseThrow()).toList();
    }

    private static final String SCENARIO = """
            scenarios:
              - name: s
                workload: burst.csv
                duration: 1h
                expect:
                  - maxDedicatedNodes <= 1
            """;

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("formula: one.formula\npool: {vmSize: Standard_D2s_v33}\n" + SCENARIO,
                        "t.test.yaml:2:16: error[S004]: pool: no price for VM size 'Standard_D2s_v33' in westeurope. "
                                + "Did you mean 'Standard_D2s_v3'?"),
                Arguments.of("formula: one.formula\npool: {region: westeurop}\n" + SCENARIO,
                        "t.test.yaml:2:16: error[S004]: pool: no prices for region 'westeurop'. Did you mean "
                                + "'westeurope'?; known: eastus, westeurope"),
                Arguments.of("formula: one.formula\npool: {interval: 4m}\n" + SCENARIO,
                        "t.test.yaml:2:18: error[S004]: pool.interval: the service evaluates every 5m to 168h, not 4m"),
                Arguments.of("formula: one.formula\npool: {interval: 169h}\n" + SCENARIO,
                        "t.test.yaml:2:18: error[S004]: pool.interval: the service evaluates every 5m to 168h, not 7d1h"),
                Arguments.of("formula: one.formula\n" + SCENARIO + "      - at 2h: targetDedicatedNodes == 0\n",
                        "t.test.yaml:8:9: error[S006]: at 2h: after the end of the scenario (duration: 1h)"),
                Arguments.of("formula: one.formula\n" + SCENARIO + "      - queueWaitP95 <= soon\n",
                        "t.test.yaml:8:9: error[S006]: 'soon' is not a duration such as 30m"),
                Arguments.of("formula: one.formula\n" + SCENARIO + "      - at 10m: pendingTask == 0\n",
                        "t.test.yaml:8:9: error[S006]: unknown timeline column 'pendingTask'. Did you mean "
                                + "'pendingTasks'?; known: targetDedicatedNodes, targetLowPriorityNodes, "
                                + "currentDedicatedNodes, currentLowPriorityNodes, activeTasks, runningTasks, "
                                + "pendingTasks, preemptedNodes, cpuPercent"),
                Arguments.of("formula: one.formula\n" + SCENARIO + "      - maxDedicatedNodes = 1\n",
                        "t.test.yaml:8:9: error[S006]: expected 'FIGURE OP VALUE' or 'at DURATION: COLUMN OP VALUE' "
                                + "(OP one of <= < >= > == !=), got 'maxDedicatedNodes = 1'"),
                // A formula written in the test file is reported at its line and column in the test file.
                Arguments.of("formula: |\n  $TargetDedicatedNodes = 1;\n  $x = $PendingTasks.GetSamples(1);\n" + SCENARIO,
                        "t.test.yaml:3:22: error[F012]: unknown sample method 'GetSamples'. Did you mean 'GetSample'?"),
                Arguments.of("formula: \"$TargetDedicatedNodes = max(1, $Pending);\"\n" + SCENARIO,
                        "t.test.yaml:1:42: error[F010]: unknown variable '$Pending' (the service fails the evaluation "
                                + "when it reads an undefined variable)"),
                Arguments.of("formula: one.formula\nscenarios: [{name: s, workload: nowhere.csv, expect: []}]\n",
                        "t.test.yaml:2:33: error[S004]: s: workload: no such file nowhere.csv (paths are relative to "
                                + "the test file)"),
                Arguments.of("formula: one.formula\nscenarios:\n  - name: s\n    workload: burst.csv\n    expect: [x]\n"
                                + "  bad",
                        "t.test.yaml:6:6: error[S001]: not valid YAML: could not find expected ':'"));
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void aMistakeIsReportedWhereItIsWritten(String text, String expected) {
        assertThat(headers(text)).contains(expected);
    }

    @Test
    void theSampleDelayIsARangeUpToADurationOrAnyDistribution() {
        assertThat(load("formula: one.formula\n" + SCENARIO).scenarios().get(0).job().pool().sampleDelay())
                .isEqualTo(PoolSettings.UP_TO_A_MINUTE);
        assertThat(load("formula: one.formula\npool: {sampleDelay: 90s}\n" + SCENARIO).scenarios().get(0).job().pool()
                .sampleDelay()).isEqualTo(new Distribution.Uniform(0, 90));
        assertThat(load("formula: one.formula\npool: {sampleDelay: {distribution: fixed, mean: 60s}}\n" + SCENARIO)
                .scenarios().get(0).job().pool().sampleDelay()).isEqualTo(new Distribution.Fixed(60));
    }

    @Test
    void aFormulaErrorIsReportedOnceForAllScenarios() {
        String text = "formula: \"$TargetDedicatedNodes = max(1, $Pending);\"\n" + SCENARIO
                + "  - name: t\n    workload: burst.csv\n    expect: [maxDedicatedNodes <= 1]\n";
        assertThat(headers(text)).hasSize(1);
    }

    @Test
    void expectationsAreCheckedAgainstTheRunWithTheirActualValues() {
        // One node asked for at t=0, ready after a fixed 2 minutes; 5 one-minute tasks submitted at t=0.
        FormulaTest.Loaded loaded = load("""
                formula: one.formula
                pool: {allocation: 2m}
                scenarios:
                  - name: s
                    workload: burst.csv
                    duration: 1h
                    expect:
                      - tasksDone == 5
                      - maxDedicatedNodes <= 1
                      - queueWaitMax <= 5m
                      - at 30m: targetDedicatedNodes == 0
                      - costTotal > 1
                      - evaluationErrors == 0
                """);
        assertThat(loaded.problems()).isEmpty();
        FormulaTest.ScenarioResult result = FormulaTest.run(loaded).get(0);
        assertThat(result.passed()).isFalse();
        // They run one after another from 120 s: the last starts at 360 s, a 6-minute wait.
        assertThat(result.checks()).extracting(FormulaTest.Checked::passed)
                .containsExactly(true, true, false, false, false, true);
        assertThat(result.checks().get(2).describe()).isEqualTo("queueWaitMax <= 5m (actual: 6m)");
        assertThat(result.checks().get(3).describe()).isEqualTo("at 30m: targetDedicatedNodes == 0 (actual: 1)");
        // One node for the hour at 0.12 USD: 0.12.
        assertThat(result.checks().get(4).describe()).isEqualTo("costTotal > 1.00 (actual: 0.12)");
    }

    @Test
    void theJUnitReportIsWellFormedAndCountsFailuresAndErrors() throws Exception {
        FormulaTest.Loaded loaded = load("formula: one.formula\n" + SCENARIO.replace("name: s", "name: \"a <b> & 'c'\"")
                + "      - tasksDone == 4\n");
        List<FormulaTest.ScenarioResult> results = FormulaTest.run(loaded);
        String xml = FormulaTest.junit(Map.of("t.test.yaml", results), Map.of("bad.test.yaml", List.of("bad & worse")));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("tests")).isEqualTo("2");
        assertThat(root.getAttribute("failures")).isEqualTo("1");
        assertThat(root.getAttribute("errors")).isEqualTo("1");
        Element bad = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(bad.getAttribute("name")).isEqualTo("bad.test.yaml");
        assertThat(bad.getElementsByTagName("error").item(0).getTextContent()).isEqualTo("bad & worse");
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(1);
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        Element testcase = (Element) suite.getElementsByTagName("testcase").item(0);
        assertThat(testcase.getAttribute("name")).isEqualTo("a <b> & 'c'");
        assertThat(testcase.getElementsByTagName("failure").item(0).getTextContent())
                .isEqualTo("tasksDone == 4 (actual: 5)");
    }
}
