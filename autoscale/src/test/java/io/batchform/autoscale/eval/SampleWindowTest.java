package io.batchform.autoscale.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.autoscale.check.CheckedFormula;
import io.batchform.autoscale.check.FormulaCompiler;
import io.batchform.autoscale.lang.DeallocationOption;
import io.batchform.autoscale.lang.SystemVariable;
import io.batchform.source.Source;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sample windows and thresholds, each case with the result the documentation or an observation gives (the source
 * column), or, where neither says, the result EVALUATION.md chooses. {@code GetSample}, {@code GetSamplePercent} and
 * {@code Count()} read one definition of the samples in a window, so the cases also check that they agree.
 */
class SampleWindowTest {
    private static final Instant NOW = Instant.parse("2024-03-04T10:00:00Z");

    /**
     * @param history  entries, oldest first: {@code size} samples of value 1, of which the newest {@code missing}
     *                 are not yet readable (the sample delay); size 0 is a new pool
     * @param expected the user variables of the results, or {@code error: } and the error's message value
     */
    record Case(String name, String formula, int size, int missing, String expected, String source) {
        @Override
        public String toString() {
            return name + " [" + source + "]";
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a window shorter than one sample holds none: 0 % received",
                        "$RunningTasks.GetSample(10 * TimeInterval_Second, 0 * TimeInterval_Second, 100);", 40, 0,
                        "error: Line 1, Col 24: Insufficient data from data set: $RunningTasks wanted 100%, received 0%",
                        "OBS: Azure/azure-sdk-for-net, Batch PoolUnitTests.GetPoolResizeError"),
                new Case("GetSamplePercent agrees: a window shorter than one sample is 0 %",
                        "p = $RunningTasks.GetSamplePercent(10 * TimeInterval_Second, 0 * TimeInterval_Second)", 40, 0,
                        "p=0", "the same definition"),
                new Case("with 0 % required, the empty window is an empty vector",
                        "n = len($RunningTasks.GetSample(10 * TimeInterval_Second, 0 * TimeInterval_Second, 0))", 40, 0,
                        "n=0", "EVALUATION.md choice"),
                new Case("no percentage given: 70 % required; a new pool has 0 %",
                        "v = avg($PendingTasks.GetSample(TimeInterval_Second * 600.0))", 0, 0,
                        "error: Line 1, Col 32: Insufficient data from data set: $PendingTasks wanted 70%, received 0%",
                        "OBS: Azure/batch-shipyard#138"),
                new Case("GetSample(count) on a new pool does not fail",
                        "v = val($PendingTasks.GetSample(1), 0)", 0, 0, "v=0", "OBS: Azure/batch-shipyard#138"),
                new Case("10 minutes with the newest minute missing: 18 of 20, 95 % fails",
                        "v = $CPUPercent.GetSample(TimeInterval_Minute * 10, 95)", 40, 2,
                        "error: Line 1, Col 26: Insufficient data from data set: $CPUPercent wanted 95%, received 90%",
                        "DOC: batch-automatic-scaling, GetSample"),
                new Case("10 minutes with the newest minute missing: 80 % succeeds with 18 samples",
                        "n = len($CPUPercent.GetSample(TimeInterval_Minute * 10, 80))", 40, 2, "n=18",
                        "DOC: batch-automatic-scaling, GetSample"),
                new Case("15 of 20 possible samples is 75 %",
                        "p = $CPUPercent.GetSamplePercent(TimeInterval_Minute * 10)", 15, 0, "p=75",
                        "DOC: batch-automatic-scaling, sample percentage"),
                new Case("29 of 30 over 15 minutes prints 96.6667",
                        "$samples = $PendingTasks.GetSamplePercent(TimeInterval_Minute * 15)", 40, 1,
                        "$samples=96.6667", "OBS: results line in the documentation"),
                new Case("Microsoft's preempted-nodes sample when the newest minute is not readable: 4 of 6",
                        "$TargetDedicatedNodes = min(25, $PreemptedNodeCount.GetSample(180 * TimeInterval_Second))",
                        40, 2,
                        "error: Line 1, Col 62: Insufficient data from data set: $PreemptedNodeCount wanted 70%, "
                                + "received 66.6667%", "DOC formula; delay at the top of its documented range"),
                new Case("Microsoft's preempted-nodes sample when only the newest sample is not readable: 5 of 6",
                        "n = len($PreemptedNodeCount.GetSample(180 * TimeInterval_Second))", 40, 1, "n=5",
                        "DOC formula; delay within its documented range"),
                new Case("a window of 45 s holds one whole sample",
                        "p = $ActiveTasks.GetSamplePercent(45 * TimeInterval_Second); "
                                + "n = len($ActiveTasks.GetSample(45 * TimeInterval_Second, 100))", 40, 0,
                        "n=1;p=100", "EVALUATION.md: samples wholly inside the window"),
                new Case("a window from 15 s to 45 s holds no whole sample",
                        "p = $ActiveTasks.GetSamplePercent(45 * TimeInterval_Second, 15 * TimeInterval_Second)", 40, 0,
                        "p=0", "EVALUATION.md: samples wholly inside the window"),
                new Case("bounds in either order, from 30 s to 90 s: two samples",
                        "a = len($ActiveTasks.GetSample(TimeInterval_Second * 90, TimeInterval_Second * 30, 100)); "
                                + "b = len($ActiveTasks.GetSample(TimeInterval_Second * 30, TimeInterval_Second * 90, 100))",
                        40, 0, "a=2;b=2", "DOC: order not enforced (SDK test and REST docs use both)"),
                new Case("a window reaching before the history counts the older part as missing",
                        "p = $ActiveTasks.GetSamplePercent(TimeInterval_Minute * 10)", 10, 0, "p=50",
                        "EVALUATION.md: a young pool's windows fall short"),
                new Case("Count() is the available samples of the whole history",
                        "c = $ActiveTasks.Count(); w = len($ActiveTasks.GetSample(TimeInterval_Day, 0))", 40, 2,
                        "c=38;w=38", "DOC: total number of samples in the history"),
                new Case("std() of nothing is 0, as for fewer than 2 values",
                        "s = std($ActiveTasks.GetSample(1)); t = std(5)", 0, 0, "s=0;t=0", "EVALUATION.md choice"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsTheSamplesOfAWindowAsDocumentedOrObserved(Case c) {
        double[] samples = new double[c.size()];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = i >= samples.length - c.missing() ? Double.NaN : 1;
        }
        EvaluationContext context = new EvaluationContext(NOW,
                new PoolState(25, 0, 25, 0, 1, DeallocationOption.REQUEUE));
        for (SystemVariable variable : SystemVariable.values()) {
            if (variable.kind() == SystemVariable.Kind.SAMPLED) {
                context.metric(variable, c.size() == 0 ? MetricHistory.withCapacity(1) : MetricHistory.of(samples));
            }
        }
        CheckedFormula checked = FormulaCompiler.compile(new Source("t.formula", c.formula()));
        assertThat(checked.isEvaluable()).as(checked.diagnostics().toString()).isTrue();
        AutoScaleRun run = Evaluator.evaluate(checked, context);
        String actual = run.error().map(e -> "error: " + e.values().get(0).value()).orElseGet(() -> variables(run));
        assertThat(actual).as(c.source()).isEqualTo(c.expected());
    }

    /** Everything after the three fixed entries of the results (the targets and the deallocation option). */
    private static String variables(AutoScaleRun run) {
        String results = run.results();
        int third = results.indexOf(';', results.indexOf(';', results.indexOf(';') + 1) + 1);
        return third < 0 ? "" : results.substring(third + 1);
    }
}
