package io.batchform.autoscale.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.batchform.autoscale.check.FormulaCompiler;
import io.batchform.autoscale.eval.Evaluator;
import io.batchform.autoscale.eval.PreparedFormula;
import io.batchform.source.Source;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Runs that keep nothing give what runs that keep everything give: the streamed timeline and report are the same
 * bytes, the figures the same numbers; the workload drawn a week at a time is the one drawn at once for a week; the
 * wait histogram past a million waits stays within its bound; the chart's buckets hold their samples' envelope.
 */
class StreamingTest {
    private static final String WORKLOAD = """
            generators:
              - {type: poisson, rate: 400, duration: {distribution: uniform, min: 2m, max: 8m}}
              - {type: constant, rate: 37, duration: 3m}
              - {type: burst, at: 2h, count: 120, every: 9h, duration: 5m}
            """;
    private static final String FORMULA = """
            $tasks = max(0, $PendingTasks.GetSample(1));
            $TargetDedicatedNodes = min(ceil($tasks / $TaskSlotsPerNode), 40);
            $NodeDeallocationOption = taskcompletion;
            """;

    private static SimulationJob job(double seconds) {
        WorkloadReader.Definition definition = WorkloadReader.read(new Source("w.workload.yaml", WORKLOAD))
                .definition().orElseThrow();
        return SimulationJob.prepare(new Source("f.formula", FORMULA), definition, "Standard_D2s_v3", "westeurope",
                PoolSettings.defaults("Standard_D2s_v3", 2).withTaskSlots(2).withInterval(300), null, seconds, 7)
                .job().orElseThrow();
    }

    @Test
    void aStreamedRunWritesTheBytesAndFiguresOfARunThatKeptEverything() {
        SimulationJob job = job(3 * 86_400);
        SimulationResult kept = job.run(Recording.ALL);
        StringBuilder csv = new StringBuilder(Reports.csvHeader());
        StringBuilder evaluations = new StringBuilder();
        SimulationResult streamed = job.run(Recording.streaming(Recording.DEFAULT_WAIT_THRESHOLD,
                new Recording.Listener() {
                    @Override
                    public void sample(Timeline.Row row) {
                        Reports.csvRow(csv, job.start(), row);
                    }

                    @Override
                    public void evaluation(int index, SimulationResult.Evaluation evaluation) {
                        evaluations.append(Reports.jsonEvaluation(index, evaluation));
                    }
                }));
        assertThat(csv.toString()).isEqualTo(Reports.csv(kept));
        assertThat(Reports.jsonHead("f", streamed, job.price()) + evaluations
                + Reports.jsonTail(kept.evaluations().size())).isEqualTo(Reports.json("f", kept, job.price()));
        assertThat(Reports.summary("f", streamed, job.price())).isEqualTo(Reports.summary("f", kept, job.price()));
        assertThat(Chart.svg("t", streamed)).isEqualTo(Chart.svg("t", kept));
        for (String figure : SimulationResult.FIGURES) {
            assertThat(streamed.figure(figure, job.price())).as(figure).isEqualTo(kept.figure(figure, job.price()));
        }
    }

    @Test
    void theFiguresAddUpFromTheTimeline() {
        SimulationJob job = job(2 * 86_400);
        SimulationResult result = job.run(Recording.ALL);
        Timeline t = result.timeline();
        double maxActive = 0;
        for (int i = 0; i < t.size(); i++) {
            maxActive = Math.max(maxActive, t.value("activeTasks", i));
        }
        assertThat(result.figure("peakBacklog", job.price())).isEqualTo(maxActive);
        // Slot utilisation agrees with the per-sample CPU (each sample weighted by its ready slots) to within the
        // difference in when the ready slots are counted.
        double busy = 0;
        double ready = 0;
        for (int i = 0; i < t.size(); i++) {
            double slots = (t.value("currentDedicatedNodes", i) - t.value("preemptedNodes", i)) * 2;
            busy += t.value("cpuPercent", i) / 100 * slots;
            ready += slots;
        }
        assertThat(result.figure("slotUtilisationPercent", job.price())).isCloseTo(100 * busy / ready, within(5.0));
        assertThat(result.figure("costPerTask", job.price())).isCloseTo(result.figure("costTotal", job.price())
                / result.tasksDone(), within(1e-12));
        assertThat(result.figure("waitedOverPercent", job.price())).isBetween(0.0, 100.0);
        assertThat(result.figure("queueWaitP99", job.price())).isBetween(result.queueWait(95), result.queueWait(100));
    }

    @Test
    void generatorsDrawnAWeekAtATimeGiveTheTasksDrawnAtOnceForAWeekAndCarryOnAfter() {
        WorkloadReader.Definition definition = WorkloadReader.read(new Source("w.workload.yaml", WORKLOAD))
                .definition().orElseThrow();
        double week = WorkloadReader.CHUNK_SECONDS;
        Workload once = definition.workload(week, 3);
        Iterator<Workload> chunks = definition.chunks(3 * week + 3600, 3);
        Workload first = chunks.next();
        assertThat(first).isEqualTo(once);
        List<Workload> rest = new ArrayList<>();
        chunks.forEachRemaining(rest::add);
        assertThat(rest).hasSize(3);
        double previous = first.times()[first.size() - 1];
        long tasks = first.tasks();
        for (Workload chunk : rest) {
            assertThat(chunk.times()[0]).isGreaterThanOrEqualTo(previous);
            previous = chunk.times()[chunk.size() - 1];
            tasks += chunk.tasks();
        }
        // 437 tasks an hour and 120 every 9 hours, over three weeks and an hour: the expected count within 2%.
        double expected = 437 * (3 * 168 + 1) + 120 * Math.ceil((3 * week + 3600 - 7200) / (9 * 3600));
        assertThat((double) tasks).isCloseTo(expected, within(expected * 0.02));
        // The constant generator keeps its phase across chunks: 37 an hour, evenly spaced from 0.
        assertThat(rest.get(0).times()).contains(Math.ceil(week / (3600 / 37.0)) * (3600 / 37.0));
    }

    @Test
    void pastAMillionWaitsThePercentilesStayWithinATenthOfAPercent() {
        Waits waits = new Waits(600);
        SplittableRandom random = new SplittableRandom(1);
        int n = Waits.EXACT_LIMIT + 500_000;
        double[] all = new double[n];
        for (int i = 0; i < n; i++) {
            all[i] = i % 3 == 0 ? 0 : -Math.log(1 - random.nextDouble()) * 900;
            waits.add(all[i]);
        }
        assertThat(waits.isExact()).isFalse();
        Arrays.sort(all);
        for (double p : new double[] {10, 50, 90, 95, 99, 99.9}) {
            double exact = all[(int) Math.ceil(p / 100 * n) - 1];
            assertThat(waits.percentile(p)).as("p" + p).isCloseTo(exact, within(Math.max(0.001, exact * 0.001)));
        }
        assertThat(waits.percentile(100)).isEqualTo(all[n - 1]);
        assertThat(waits.over()).isEqualTo(Arrays.stream(all).filter(w -> w > 600).count());
        assertThat(waits.mean()).isCloseTo(Arrays.stream(all).average().orElseThrow(), within(1e-6));
    }

    @Test
    void aLongRunsChartHasOneBucketAnHourForNinetyDaysAndADayForThreeYears() {
        assertThat(new ChartSeries(90 * 86_400).bucketSeconds()).isEqualTo(3600);
        assertThat(new ChartSeries(3 * 365 * 86_400).bucketSeconds()).isEqualTo(86_400);
        assertThat(new ChartSeries(86_400).bucketSeconds()).isEqualTo(30);
        ChartSeries series = new ChartSeries(90 * 86_400);
        for (int i = 1; i <= 120; i++) { // the first hour: 120 samples of 0..119 pending tasks
            series.add(i * 30, 0, 0, 0, 0, i % 2, i - 1);
        }
        assertThat(series.size()).isEqualTo(1);
        assertThat(series.min("pendingTasks", 0)).isZero();
        assertThat(series.max("pendingTasks", 0)).isEqualTo(119);
        assertThat(series.mean("pendingTasks", 0)).isEqualTo(59.5);
        assertThat(series.max("startingNodes", 0)).isEqualTo(1);
    }

    @Test
    void theChartDrawsNodesStartingApartFromNodesReady() {
        PreparedFormula formula = Evaluator.prepare(FormulaCompiler.compile(new Source("f", "$TargetDedicatedNodes = 4;")));
        Workload none = new Workload(new double[0], new double[0], new int[0], java.util.Optional.empty());
        PoolSettings slow = PoolSettings.defaults("Standard_D2s_v3", 2)
                .withAllocation(new Distribution.Fixed(1200), new Distribution.Fixed(1200));
        SimulationResult result = Simulator.run(formula, slow, none, WorkloadReader.DEFAULT_START, 3600, 1);
        assertThat(result.chart().max("startingNodes", 0)).isEqualTo(4);
        assertThat(result.chart().max("readyDedicatedNodes", 0)).isZero();
        assertThat(result.chart().max("readyDedicatedNodes", result.chart().size() - 1)).isEqualTo(4);
        assertThat(Chart.svg("t", result)).contains("starting", "ready dedicated", "#d62728");
    }
}
