package io.batchform.autoscale.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchform.autoscale.check.CheckedFormula;
import io.batchform.autoscale.check.FormulaCompiler;
import io.batchform.autoscale.lang.DeallocationOption;
import io.batchform.autoscale.lang.SystemVariable;
import io.batchform.source.Source;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvaluatorTest {
    private static final Instant NOW = Instant.parse("2016-10-13T19:18:47.805Z");
    private static final PoolState POOL = new PoolState(1, 0, 1, 0, 1, DeallocationOption.REQUEUE);

    private static AutoScaleRun run(String formula, EvaluationContext context) {
        CheckedFormula checked = FormulaCompiler.compile(new Source("t.formula", formula));
        assertThat(checked.isEvaluable()).as(checked.diagnostics().toString()).isTrue();
        return Evaluator.evaluate(checked, context);
    }

    private static AutoScaleRun run(String formula) {
        return run(formula, new EvaluationContext(NOW, POOL));
    }

    /** Everything after the three fixed entries of the results. */
    private static String variables(AutoScaleRun run) {
        String results = run.results();
        int third = results.indexOf(';', results.indexOf(';', results.indexOf(';') + 1) + 1);
        return third < 0 ? "" : results.substring(third + 1);
    }

    private static List<Double> pendingWithOneMissing() {
        List<Double> samples = new ArrayList<>(Collections.nCopies(30, 0.0));
        samples.set(0, null);
        return samples;
    }

    @Test
    void reproducesTheDocumentedResultsLine() {
        // The documentation's results line, from a formula that computes but does not assign the target:
        // 29 of 30 samples available gives 96.6667; the current target (1) halves to 0.5.
        String formula = """
                $samples = $PendingTasks.GetSamplePercent(TimeInterval_Minute * 15);
                $tasks = $samples < 70 ? max(0, $PendingTasks.GetSample(1)) : max($PendingTasks.GetSample(1), avg($PendingTasks.GetSample(TimeInterval_Minute * 15)));
                $targetVMs = $tasks > 0 ? $tasks : max(0, $TargetDedicatedNodes / 2);
                cappedPoolSize = 3;
                $NodeDeallocationOption = taskcompletion;
                """;
        EvaluationContext context = new EvaluationContext(NOW, POOL)
                .metric(SystemVariable.PENDING_TASKS, MetricHistory.of(pendingWithOneMissing()));
        AutoScaleRun run = run(formula, context);
        assertThat(run.results()).isEqualTo("$TargetDedicatedNodes=1;$TargetLowPriorityNodes=0;"
                + "$NodeDeallocationOption=taskcompletion;$samples=96.6667;$targetVMs=0.5;$tasks=0;cappedPoolSize=3");
        assertThat(run.error()).isEmpty();
        assertThat(run.timestamp()).isEqualTo(NOW);
    }

    @Test
    void reproducesTheShipyardInsufficientSampleDataFailureOnANewPool() throws IOException {
        String formula;
        try (InputStream in = getClass().getResourceAsStream("/formulas/036-shipyard-2017-pending-tasks-insufficient-data.formula")) {
            formula = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        PoolState pool = new PoolState(2, 1, 2, 1, 1, DeallocationOption.REQUEUE);
        AutoScaleRun run = run(formula, new EvaluationContext(NOW, pool));
        assertThat(run.error()).hasValueSatisfying(error -> {
            assertThat(error.code()).isEqualTo("InsufficientSampleData");
            assertThat(error.message()).isEqualTo("Autoscale evaluation failed due to insufficient sample data");
            assertThat(error.values()).containsExactly(new AutoScaleRun.NameValue("Message",
                    "Line 9, Col 43: Insufficient data from data set: $PendingTasks wanted 70%, received 0%"));
        });
        // No change is applied: results hold the pool's values before the evaluation.
        assertThat(run.results()).isEqualTo("$TargetDedicatedNodes=2;$TargetLowPriorityNodes=1;$NodeDeallocationOption=requeue");
        assertThat(run.targetDedicatedNodes()).isEqualTo(2);
    }

    @Test
    void anUndefinedVariableFailsTheEvaluationAsTheServiceDoes() {
        AutoScaleRun run = run("$TargetDedicatedNodes = $something_useless + 1");
        assertThat(run.error()).hasValueSatisfying(error -> {
            assertThat(error.code()).isEqualTo("AutoScalingFormulaEvaluationError");
            assertThat(error.values().get(0).value()).isEqualTo("Line 1, Col 25: Undefined symbol: $something_useless");
        });
        assertThat(run.results()).isEqualTo("$TargetDedicatedNodes=1;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue");
    }

    @Test
    void refusesFormulasTheServiceWouldReject() {
        CheckedFormula checked = FormulaCompiler.compile(new Source("t", "$TargetDedicatedNodes = mex(1)"));
        assertThatThrownBy(() -> Evaluator.prepare(checked)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', textBlock = """
            $TargetDedicatedNodes = 5                                        => $TargetDedicatedNodes=5;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue
            $TargetDedicated = 3                                             => $TargetDedicatedNodes=3;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue
            $TargetDedicatedNodes = 4; $TargetDedicated = 3                  => $TargetDedicatedNodes=4;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue
            $TargetDedicated = 3; $TargetDedicatedNodes = 4                  => $TargetDedicatedNodes=4;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue
            a = $TargetDedicatedNodes + 1; $TargetLowPriority = a * 2        => $TargetDedicatedNodes=1;$TargetLowPriorityNodes=4;$NodeDeallocationOption=requeue;a=2
            b = 1; $a = 2; A = 3; _z = 4; $Z = 5                             => $TargetDedicatedNodes=1;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue;$Z=5;$a=2;A=3;_z=4;b=1
            x = 1; x = x + 1                                                 => $TargetDedicatedNodes=1;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue;x=2
            $TargetDedicatedNodes = 2.5                                      => $TargetDedicatedNodes=2.5;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue
            $TargetDedicatedNodes = 7; stop(); $TargetDedicatedNodes = 9     => $TargetDedicatedNodes=7;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue
            $NodeDeallocationOption = retaineddata; o = $NodeDeallocationOption => $TargetDedicatedNodes=1;$TargetLowPriorityNodes=0;$NodeDeallocationOption=retaineddata;o=retaineddata
            """)
    void formatsResultsAsTheServiceDoes(String formula, String results) {
        assertThat(run(formula).results()).isEqualTo(results);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', textBlock = """
            v = 1 + 2 * 3 - 4 / 8                           => v=6.5
            v = 2 / 3                                       => v=0.666667
            v = 1000000                                     => v=1e+06
            v = 16777216                                    => v=1.67772e+07
            v = 0.0001234567                                => v=0.000123457
            v = 0.00001                                     => v=1e-05
            v = -3.25                                       => v=-3.25
            v = 1 / 0                                       => v=Infinity
            v = 2 > 1 && 0 || !0                            => v=1
            v = 1 ? 2 : 3                                   => v=2
            v = "abc" < "abd"                               => v=1
            v = max(1, 7, 3)                                => v=7
            v = min(4, 2, 8)                                => v=2
            v = avg(1, 2, 3, 6)                             => v=3
            v = sum(1, 2, 3)                                => v=6
            v = len(1, 2, 3)                                => v=3
            v = range(4, 1, 9)                              => v=8
            v = std(2, 4, 4, 4, 5, 5, 7, 9)                 => v=2.13809
            v = norm(3, 4)                                  => v=5
            v = lg(8) + ln(1) + log(1000)                   => v=6
            v = ceil(1.2) + floor(1.8) + round(2.5) + round(3.5) => v=9
            v = ceil(1.2, 2.5)                              => v=[2,3]
            v = time("2024-06-23T02:19:08.272769Z")         => v=2024-06-23T02:19:08.272Z
            v = time("Mon, 06 Oct 2014 10:20:00 GMT")       => v=2014-10-06T10:20:00.000Z
            v = time("2024-08-10T12:00:00+02:00").hour      => v=10
            v = time("2025-04-27T12:00:00Z").weekday        => v=7
            v = time("2025-04-21T12:00:00Z").weekday        => v=1
            v = time() - time("2016-10-13T19:08:47.805Z")   => v=00:10:00
            v = TimeInterval_Day * 1.5 + TimeInterval_Second => v=1.12:00:01
            v = -TimeInterval_Minute                        => v=-00:01:00
            v = TimeInterval_Hour > TimeInterval_Minute     => v=1
            v = time() + TimeInterval_Hour                  => v=2016-10-13T20:18:47.805Z
            """)
    void computesValues(String formula, String variable) {
        assertThat(variables(run(formula))).isEqualTo(variable);
    }

    @Test
    void readsSampleWindowsFromTheNewestEntryBackwards() {
        // 40 entries, oldest first: 0, 1, ..., 39; entry 39 ends at NOW.
        double[] samples = new double[40];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = i;
        }
        samples[35] = Double.NaN;
        EvaluationContext context = new EvaluationContext(NOW, POOL)
                .metric(SystemVariable.ACTIVE_TASKS, MetricHistory.of(samples));
        assertThat(variables(run("v = $ActiveTasks.GetSample(3)", context))).isEqualTo("v=[37,38,39]");
        assertThat(variables(run("v = $ActiveTasks.GetSample(5)", context))).isEqualTo("v=[34,36,37,38,39]");
        assertThat(variables(run("v = $ActiveTasks.GetSample(TimeInterval_Minute * 3)", context)))
                .isEqualTo("v=[34,36,37,38,39]");
        assertThat(variables(run("v = $ActiveTasks.GetSample(TimeInterval_Minute * 2, TimeInterval_Minute)", context)))
                .isEqualTo("v=[36,37]");
        assertThat(variables(run("v = $ActiveTasks.GetSample(TimeInterval_Minute, TimeInterval_Minute * 2)", context)))
                .isEqualTo("v=[36,37]");
        assertThat(variables(run("v = $ActiveTasks.GetSample(time() + -TimeInterval_Minute)", context)))
                .isEqualTo("v=[38,39]");
        assertThat(variables(run("v = $ActiveTasks.GetSamplePercent(TimeInterval_Minute * 3)", context)))
                .isEqualTo("v=83.3333");
        assertThat(variables(run("v = $ActiveTasks.Count()", context))).isEqualTo("v=39");
        assertThat(variables(run("v = $ActiveTasks.HistoryBeginTime()", context))).isEqualTo("v=2016-10-13T18:59:17.805Z");
        assertThat(variables(run("v = $ActiveTasks.GetSamplePeriod()", context))).isEqualTo("v=00:00:30");
        assertThat(variables(run("v = $ActiveTasks.GetSample(4) * 2 + $ActiveTasks.GetSample(4)", context)))
                .isEqualTo("v=[108,111,114,117]");
    }

    @Test
    void failsAWindowWithTooFewSamplesAndHonoursAnExplicitPercentage() {
        List<Double> samples = new ArrayList<>(Collections.nCopies(20, 1.0));
        samples.set(19, null);
        samples.set(18, null);
        EvaluationContext context = new EvaluationContext(NOW, POOL)
                .metric(SystemVariable.CPU_PERCENT, MetricHistory.of(samples));
        // 10 minutes = 20 possible samples, 18 available = 90 %.
        assertThat(run("a = 1;\nv = $CPUPercent.GetSample(TimeInterval_Minute * 10, 95)", context).error())
                .hasValueSatisfying(e -> assertThat(e.values().get(0).value())
                        .isEqualTo("Line 2, Col 26: Insufficient data from data set: $CPUPercent wanted 95%, received 90%"));
        assertThat(run("v = len($CPUPercent.GetSample(TimeInterval_Minute * 10, 80))", context).error()).isEmpty();
        context.implicitSamplePercent(95);
        assertThat(run("v = $CPUPercent.GetSample(TimeInterval_Minute * 10)", context).failed()).isTrue();
    }

    @Test
    void evaluatesTernariesAndLogicLazily() {
        // The untaken branch would fail with InsufficientSampleData on an empty history.
        AutoScaleRun run = run("p = $PendingTasks.GetSamplePercent(TimeInterval_Minute * 10); "
                + "v = p < 70 ? 0 : avg($PendingTasks.GetSample(TimeInterval_Minute * 10)); "
                + "w = 0 && avg($PendingTasks.GetSample(TimeInterval_Minute * 10)) > 1");
        assertThat(run.error()).isEmpty();
        assertThat(variables(run)).isEqualTo("p=0;v=0;w=0");
    }

    @Test
    void reportsRuntimeFailuresWithTheirPositions() {
        assertThat(run("v = avg($PendingTasks.GetSample(1))").error())
                .hasValueSatisfying(e -> assertThat(e.values().get(0).value())
                        .isEqualTo("Line 1, Col 8: avg() of an empty vector"));
        assertThat(run("s = \"soon\"; v = time(s)").error())
                .hasValueSatisfying(e -> assertThat(e.values().get(0).value()).contains("'soon' is not a valid time"));
        assertThat(run("v = $ActiveTasks.GetSample(2) + $ActiveTasks.GetSample(1)",
                new EvaluationContext(NOW, POOL).metric(SystemVariable.ACTIVE_TASKS, MetricHistory.of(1, 2, 3))).error())
                .hasValueSatisfying(e -> assertThat(e.code()).isEqualTo("AutoScalingFormulaEvaluationError"));
        assertThat(run("v = percentile($ActiveTasks.GetSample(3), 101)",
                new EvaluationContext(NOW, POOL).metric(SystemVariable.ACTIVE_TASKS, MetricHistory.of(1, 2, 3))).failed())
                .isTrue();
    }

    @Test
    void usesTheSeededRandomSourceAndKeepsPercentilesByNearestRank() {
        EvaluationContext a = new EvaluationContext(NOW, POOL).random(new java.util.SplittableRandom(42));
        EvaluationContext b = new EvaluationContext(NOW, POOL).random(new java.util.SplittableRandom(42));
        assertThat(run("v = rand()", a).results()).isEqualTo(run("v = rand()", b).results());
        EvaluationContext samples = new EvaluationContext(NOW, POOL)
                .metric(SystemVariable.ACTIVE_TASKS, MetricHistory.of(15, 20, 35, 40, 50));
        assertThat(variables(run("p = percentile($ActiveTasks.GetSample(5), 40); q = percentile($ActiveTasks.GetSample(5), 100);"
                + " r = val($ActiveTasks.GetSample(5), 0); s = val($ActiveTasks.GetSample(5), 9)", samples)))
                .isEqualTo("p=20;q=50;r=15;s=0");
    }

    @Test
    void aPreparedFormulaIsReusedAcrossContextsAndHistoriesAppendInPlace() {
        PreparedFormula prepared = Evaluator.prepare(FormulaCompiler.compile(new Source("t",
                "$TargetDedicatedNodes = max(0, $ActiveTasks.GetSample(1)) + $CurrentDedicatedNodes")));
        MetricHistory history = MetricHistory.withCapacity(4);
        EvaluationContext context = new EvaluationContext(NOW, POOL).metric(SystemVariable.ACTIVE_TASKS, history);
        history.append(3);
        assertThat(prepared.evaluate(context).targetDedicatedNodes()).isEqualTo(4);
        for (int i = 0; i < 10; i++) {
            history.append(i);
        }
        assertThat(history.size()).isEqualTo(4);
        assertThat(history.toArray()).containsExactly(6, 7, 8, 9);
        context.pool(new PoolState(1, 0, 5, 0, 1, DeallocationOption.REQUEUE));
        assertThat(prepared.evaluate(context).targetDedicatedNodes()).isEqualTo(14);
    }
}
