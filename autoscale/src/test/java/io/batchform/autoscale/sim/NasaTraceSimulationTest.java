package io.batchform.autoscale.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real trace: the first four days of the NASA Ames iPSC/860 log (Parallel Workloads Archive; the excerpt and its
 * source are in {@code src/test/resources/traces/}), read by the SWF reader and simulated with the shipped
 * {@code examples/formulas/pending-tasks.formula}. The pool: one node stands for the whole machine, a
 * Standard_D32s_v3 with 128 task slots (the service allows 4 a vCPU), so every job, 1 to 128 processors, fits a node
 * and takes as many slots as it had processors. The run's figures are then recomputed here from its timeline (and the
 * trace's submit times), not taken from the simulator; and the truncating version of the formula (the one shipped
 * before W009, {@code $tasks / $TaskSlotsPerNode} without {@code ceil}) is run beside it to check what the lint says:
 * a queue smaller than the divisor gets 0 nodes and waits, here for hours.
 */
class NasaTraceSimulationTest {
    /** Four days of jobs, and one more for the last ones to finish. */
    private static final double DURATION = 5 * 86_400;
    private static final int SLOTS = 128;
    private static final long SEED = 1;
    private static final int JOBS = 462;

    private static WorkloadReader.Definition trace;
    private static String shipped;

    @BeforeAll
    static void read() throws IOException, URISyntaxException {
        Path file = Path.of(NasaTraceSimulationTest.class.getResource("/traces/nasa-ipsc-1993-first-4-days.swf").toURI());
        WorkloadReader.Result read = WorkloadReader.read(file);
        assertThat(read.diagnostics()).as("every job has a submit and a run time").isEmpty();
        trace = read.definition().orElseThrow();
        shipped = Files.readString(Path.of("..", "examples", "formulas", "pending-tasks.formula"), StandardCharsets.UTF_8);
    }

    /** The shipped formula as it was before W009: the target is the task count divided by the slots, truncated. */
    private static String truncating() {
        String rounded = "ceil($tasks / $TaskSlotsPerNode)";
        assertThat(shipped).contains(rounded);
        return shipped.replace(rounded, "$tasks / $TaskSlotsPerNode");
    }

    /** A run, and every row of its timeline as the listener saw it (with the ready nodes the kept timeline lacks). */
    record Run(SimulationResult result, List<Timeline.Row> rows) {
    }

    private static Run simulate(String formula) {
        PoolSettings pool = PoolSettings.defaults("Standard_D32s_v3", 32).withTaskSlots(SLOTS);
        SimulationJob.Prepared prepared = SimulationJob.prepare(new Source("pending-tasks.formula", formula), trace,
                "Standard_D32s_v3", "westeurope", pool, null, DURATION, SEED);
        assertThat(prepared.problems()).isEmpty();
        List<Timeline.Row> rows = new ArrayList<>();
        SimulationResult result = prepared.job().orElseThrow().run(new Recording(true, true,
                Recording.DEFAULT_WAIT_THRESHOLD, new Recording.Listener() {
                    @Override
                    public void sample(Timeline.Row row) {
                        rows.add(row);
                    }

                    @Override
                    public void evaluation(int index, SimulationResult.Evaluation evaluation) {
                    }
                }));
        assertThat(rows).hasSize(result.timeline().size());
        return new Run(result, rows);
    }

    @Test
    void theTraceIsReadAsTheLogsJobsFromItsStart() {
        Workload jobs = trace.workload(DURATION, SEED);
        assertThat(trace.start()).contains(Instant.ofEpochSecond(749_458_803)); // Fri Oct 01 00:00:03 PDT 1993
        assertThat(jobs.tasks()).isEqualTo(JOBS);
        assertThat(jobs.times()[0]).isZero();
        assertThat(jobs.times()[jobs.size() - 1]).isLessThan(4 * 86_400);
        assertThat(Arrays.stream(jobs.slots()).distinct().sorted().toArray()).containsExactly(1, 2, 4, 8, 16, 32, 64, 128);
    }

    @Test
    void theReportedFiguresAreThoseOfTheTimeline() {
        Run run = simulate(shipped);
        SimulationResult result = run.result();
        Timeline timeline = result.timeline();
        Workload jobs = trace.workload(DURATION, SEED);
        double[] submitted = jobs.times();

        // No job is wider than a node, none fails, and all are done within the fifth day.
        assertThat(result.unschedulableTasks()).isZero();
        assertThat(result.tasksSubmitted()).isEqualTo(JOBS);
        assertThat(result.tasksDone()).isEqualTo(JOBS);
        assertThat(timeline.value("pendingTasks", timeline.size() - 1)).isZero();

        // Node-hours: every node counted in a sample's currentDedicatedNodes was held for the sample's 30 seconds (no
        // preemption, no low-priority nodes here).
        double nodeSeconds = 0;
        double maxNodes = 0;
        for (int i = 0; i < timeline.size(); i++) {
            nodeSeconds += timeline.value("currentDedicatedNodes", i) * Simulator.STEP;
            maxNodes = Math.max(maxNodes, timeline.value("currentDedicatedNodes", i));
            assertThat(timeline.value("currentLowPriorityNodes", i) + timeline.value("preemptedNodes", i)).isZero();
        }
        assertThat(result.figure("nodeHoursDedicated", null)).isCloseTo(nodeSeconds / 3600, within(1e-9));
        assertThat(result.figure("maxDedicatedNodes", null)).isEqualTo(maxNodes);
        double cost = nodeSeconds / 3600 * 1.92; // Standard_D32s_v3 in westeurope, USD an hour (vm-prices.csv)
        assertThat(result.figure("costTotal", Prices.shipped().find("westeurope", "Standard_D32s_v3").orElseThrow()))
                .isCloseTo(cost, within(1e-6));

        // Queue waits. The queue is first in, first out (a wide job at its head waits for a node with room, and those
        // behind it wait too), so jobs start in the order they came: by the end of sample i, the jobs submitted
        // before it less those still waiting have started. Job k started in the first sample where that count
        // passes k: after its start, less than a sample (30 s) before the sample's end, so each wait computed
        // from the sample's end is too long by under 30 s. Jobs never started wait until the end.
        double[] waits = new double[submitted.length];
        int k = 0;
        int arrived = 0;
        for (int i = 0; i < timeline.size() && k < submitted.length; i++) {
            double end = timeline.time(i);
            while (arrived < submitted.length && submitted[arrived] < end) {
                arrived++;
            }
            int started = arrived - (int) timeline.value("activeTasks", i);
            for (; k < started; k++) {
                waits[k] = end - submitted[k];
            }
        }
        for (; k < submitted.length; k++) {
            waits[k] = result.duration() - submitted[k];
        }
        double mean = Arrays.stream(waits).average().orElseThrow();
        assertThat(mean).isBetween(result.figure("queueWaitMean", null), result.figure("queueWaitMean", null) + 30);
        double[] sorted = waits.clone();
        Arrays.sort(sorted);
        for (double p : new double[] {50, 95, 99, 100}) {
            double nearestRank = sorted[(int) Math.ceil(p / 100 * sorted.length) - 1];
            assertThat(nearestRank).as("p%s", p).isBetween(result.queueWait(p), result.queueWait(p) + 30);
        }

        // Slot utilisation: a sample's CPU is its busy slot-seconds over its ready slot-seconds, so the run's is the
        // CPU weighted by the ready slots. The row gives the nodes ready at the sample's end; the simulator counts
        // those at its start, which differ only where a node left or came in between: within a percentage point.
        double busy = 0;
        double ready = 0;
        for (Timeline.Row row : run.rows()) {
            double slots = (row.readyDedicated() + row.readyLowPriority()) * (double) SLOTS * Simulator.STEP;
            busy += row.cpuPercent() / 100 * slots;
            ready += slots;
        }
        assertThat(100 * busy / ready).isCloseTo(result.figure("slotUtilisationPercent", null), within(1.0));
        // The work itself: every job's slots times its run time (all ran to the end here).
        double work = 0;
        for (int i = 0; i < jobs.size(); i++) {
            work += jobs.durations()[i] * jobs.slotsOf(i) * jobs.counts()[i];
        }
        assertThat(busy).isCloseTo(work, within(0.001 * work));
    }

    @Test
    void theTruncatingFormulaLeavesJobsWaitingOnZeroNodesForHoursAsTheLintSays() {
        String truncating = truncating();
        List<Diagnostic> lint = SimulationJob.prepare(new Source("pending-tasks.formula", truncating), trace,
                "Standard_D32s_v3", "westeurope", PoolSettings.defaults("Standard_D32s_v3", 32), null, DURATION, SEED)
                .formula().diagnostics();
        assertThat(lint).filteredOn(d -> d.code().equals("W009")).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("gets 0 nodes and waits").contains("ceil"));
        List<Diagnostic> shippedLint = SimulationJob.prepare(new Source("pending-tasks.formula", shipped), trace,
                "Standard_D32s_v3", "westeurope", PoolSettings.defaults("Standard_D32s_v3", 32), null, DURATION, SEED)
                .formula().diagnostics();
        assertThat(shippedLint).noneMatch(d -> d.code().equals("W009"));

        Run before = simulate(truncating);
        Run after = simulate(shipped);
        double stranded = longestWaitOnZeroNodes(before.result().timeline());
        double roundedUp = longestWaitOnZeroNodes(after.result().timeline());
        // Truncated, 1 to 127 waiting jobs on 128-slot nodes ask for 0 nodes: jobs wait on none for hours.
        assertThat(stranded).as("longest stretch with jobs waiting on no node, truncating (s)").isGreaterThan(6 * 3600);
        // Rounded up, a job that comes to an empty pool waits for the next evaluation and a node's allocation.
        assertThat(roundedUp).as("longest stretch with jobs waiting on no node, ceil (s)").isLessThan(3600);
        assertThat(before.result().tasksDone()).isLessThan(after.result().tasksDone());
        assertThat(before.result().queueWait(50)).isGreaterThan(after.result().queueWait(50));
    }

    /** The longest run of samples with waiting tasks and no node (allocating ones included), in seconds. */
    private static double longestWaitOnZeroNodes(Timeline timeline) {
        double longest = 0;
        double current = 0;
        for (int i = 0; i < timeline.size(); i++) {
            if (timeline.value("activeTasks", i) > 0 && timeline.value("currentDedicatedNodes", i) == 0) {
                current += Simulator.STEP;
                longest = Math.max(longest, current);
            } else {
                current = 0;
            }
        }
        return longest;
    }
}
