package io.batchform.autoscale.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.autoscale.check.CheckedFormula;
import io.batchform.autoscale.check.FormulaCompiler;
import io.batchform.autoscale.eval.Evaluator;
import io.batchform.autoscale.eval.PreparedFormula;
import io.batchform.autoscale.source.Source;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pool model against expectations computed by hand (the arithmetic is in each test's comments). */
class SimulatorTest {
    private static final Instant START = WorkloadReader.DEFAULT_START;
    private static final Distribution NOW = new Distribution.Fixed(0);

    private static PreparedFormula formula(String text) {
        CheckedFormula checked = FormulaCompiler.compile(new Source("test.formula", text));
        assertThat(checked.diagnostics()).filteredOn(d -> d.isError()).isEmpty();
        return Evaluator.prepare(checked);
    }

    private static PoolSettings pool() {
        return PoolSettings.defaults("Standard_D2s_v3", 2).withInterval(300).withAllocation(NOW, NOW);
    }

    /** {@code count} tasks of {@code seconds} each, all at {@code at}. */
    private static Workload burst(double at, int count, double seconds) {
        return new Workload(new double[] {at}, new double[] {seconds}, new int[] {count}, Optional.empty());
    }

    @Test
    void aBurstIsAbsorbedAtTheRateTheAllocationDelayAllows() {
        // 10 nodes asked for at t=0, ready after exactly 5 minutes; 100 one-minute tasks on 1-slot nodes then run
        // 10 a minute: batch k (k = 0..9) starts at 300 + 60k seconds, so waits are 10 x {300, 360, ..., 840}.
        SimulationResult result = Simulator.run(formula("$TargetDedicatedNodes = 10;"),
                pool().withAllocation(new Distribution.Fixed(300), NOW), burst(0, 100, 60), START, 3600, 1);
        assertThat(result.tasksDone()).isEqualTo(100);
        assertThat(result.queueWait(100)).isEqualTo(840);
        assertThat(result.queueWait(50)).as("rank 50 of 100 is batch 4").isEqualTo(540);
        Timeline timeline = result.timeline();
        assertThat(timeline.value("currentDedicatedNodes", timeline.indexAt(300))).isEqualTo(10);
        assertThat(timeline.value("runningTasks", timeline.indexAt(270))).as("nothing runs before the nodes").isZero();
        // The last ten start at 840: the backlog is gone in the sample ending at 870, 14.5 minutes after the burst.
        assertThat(result.backlogs(1)).singleElement().satisfies(b -> {
            assertThat(b.start()).isZero();
            assertThat(b.end()).isEqualTo(870);
            assertThat(b.peak()).isEqualTo(100);
        });
        assertThat(result.figure("peakBacklog", null)).isEqualTo(100);
    }

    @Test
    void taskCompletionWaitsForRunningTasksAndRequeueDoesNot() {
        // Two 20-minute tasks start at t=0 on the two nodes; the formula drops the target to 0 at t=600.
        String text = "$TargetDedicatedNodes = time() < time(\"2025-01-06T00:10:00Z\") ? 2 : 0;\n"
                + "$NodeDeallocationOption = %s;";
        PoolSettings two = pool().withInitialTargets(2, 0);
        SimulationResult waits = Simulator.run(formula(text.formatted("taskcompletion")), two, burst(0, 2, 1200),
                START, 3600, 1);
        Timeline t = waits.timeline();
        assertThat(t.value("targetDedicatedNodes", t.indexAt(630))).isZero();
        assertThat(t.value("currentDedicatedNodes", t.indexAt(1200))).as("still finishing its tasks").isEqualTo(2);
        assertThat(t.value("currentDedicatedNodes", t.indexAt(1230))).as("gone once they end").isZero();
        assertThat(waits.tasksDone()).isEqualTo(2);
        assertThat(waits.tasksRequeued()).isZero();

        SimulationResult requeue = Simulator.run(formula(text.formatted("requeue")), two, burst(0, 2, 1200), START,
                3600, 1);
        assertThat(requeue.timeline().value("currentDedicatedNodes", requeue.timeline().indexAt(630))).isZero();
        assertThat(requeue.tasksRequeued()).isEqualTo(2);
        assertThat(requeue.tasksDone()).as("no node is left to run them").isZero();
        assertThat(requeue.timeline().value("activeTasks", requeue.timeline().indexAt(630))).isEqualTo(2);

        SimulationResult terminate = Simulator.run(formula(text.formatted("terminate")), two, burst(0, 2, 1200), START,
                3600, 1);
        assertThat(terminate.tasksFailed()).isEqualTo(2);
        assertThat(terminate.timeline().value("activeTasks", terminate.timeline().indexAt(630))).isZero();
    }

    @Test
    void preemptionRequeuesTheWorkAndIsCounted() {
        // One low-priority node, ready at once, preempted in the first sample after it is ready (the rate makes the
        // chance 1), preempted for 10 minutes: it is preempted at 30, back at 630, preempted at 660, back at 1260,
        // ... so within an hour at 30, 660, 1290, 1920, 2550 and 3180; each time the 5-minute task is requeued.
        String text = "$TargetLowPriorityNodes = 1;\n$NodeDeallocationOption = requeue;";
        SimulationResult result = Simulator.run(formula(text),
                pool().withPreemption(1e6, new Distribution.Fixed(600)), burst(0, 1, 300), START, 3600, 7);
        assertThat(result.preemptions()).isEqualTo(6);
        assertThat(result.tasksRequeued()).isEqualTo(6);
        assertThat(result.tasksDone()).isZero();
        Timeline t = result.timeline();
        assertThat(t.value("preemptedNodes", t.indexAt(60))).isEqualTo(1);
        assertThat(t.value("currentLowPriorityNodes", t.indexAt(60))).as("preempted nodes still count").isEqualTo(1);
        assertThat(t.value("runningTasks", t.indexAt(660))).as("running again from 630").isEqualTo(1);
    }

    @Test
    void aYoungPoolFailsWindowedSamplesUntilEnoughHaveArrived() {
        // A 5-minute window needs 70 % of its 10 samples. At t=0 there are none. With samples readable after
        // 60 s (2 samples), at t=300 samples 0..7 have arrived: 8 of 10 = 80 %, enough. With 180 s (6 samples)
        // only 4 have: 40 %, so the second evaluation fails too, and the third (t=600) has all 10.
        String text = "$TargetDedicatedNodes = max($PendingTasks.GetSample(TimeInterval_Minute * 5, 70));";
        SimulationResult minute = Simulator.run(formula(text), pool(), burst(0, 3, 3000), START, 1200, 1);
        assertThat(minute.evaluations()).extracting(SimulationResult.Evaluation::failed)
                .containsExactly(true, false, false, false);
        assertThat(minute.evaluations().get(0).error()).startsWith("InsufficientSampleData");
        SimulationResult slow = Simulator.run(formula(text), pool().withSamples(180, 0), burst(0, 3, 3000), START,
                1200, 1);
        assertThat(slow.evaluations()).extracting(SimulationResult.Evaluation::failed)
                .containsExactly(true, true, false, false);
        assertThat(slow.evaluationErrors()).isEqualTo(2);
        assertThat(slow.timeline().value("targetDedicatedNodes", slow.timeline().indexAt(590)))
                .as("a failed evaluation changes nothing").isZero();
        assertThat(slow.timeline().value("targetDedicatedNodes", slow.timeline().indexAt(630))).isEqualTo(3);
    }

    @Test
    void fractionalTargetsAreTruncatedAndNegativeOnesAreZero() {
        SimulationResult result = Simulator.run(formula("$TargetDedicatedNodes = 2.9;\n$TargetLowPriorityNodes = -1.5;"),
                pool(), burst(0, 0, 60), START, 600, 1);
        assertThat(result.timeline().value("targetDedicatedNodes", 0)).isEqualTo(2);
        assertThat(result.timeline().value("targetLowPriorityNodes", 0)).isZero();
        assertThat(result.timeline().value("currentDedicatedNodes", 0)).isEqualTo(2);
    }

    @Test
    void aCoreQuotaCapsTheNodes() {
        // 9 cores of quota with 2-vCPU nodes: 4 nodes.
        SimulationResult result = Simulator.run(formula("$TargetDedicatedNodes = 10;"), pool().withCoreQuotas(9, -1),
                burst(0, 0, 60), START, 600, 1);
        assertThat(result.figure("maxDedicatedNodes", null)).isEqualTo(4);
    }

    @Test
    void cpuPercentComesFromBusySlotsAndPackFillsOneNodeFirst() {
        // Two nodes of 2 slots; two long tasks. Spread puts one on each node, Pack both on one; either way 2 of 4
        // slots are busy: 50 %.
        String text = "$TargetDedicatedNodes = 2;";
        PoolSettings slots = pool().withTaskSlots(2).withInitialTargets(2, 0);
        SimulationResult spread = Simulator.run(formula(text), slots, burst(0, 2, 3000), START, 600, 1);
        assertThat(spread.timeline().value("cpuPercent", 1)).isEqualTo(50);
        assertThat(spread.idleNodeHours()).isZero();
        SimulationResult pack = Simulator.run(formula(text), slots.withFillType(PoolSettings.FillType.PACK),
                burst(0, 2, 3000), START, 600, 1);
        assertThat(pack.timeline().value("cpuPercent", 1)).isEqualTo(50);
        assertThat(pack.idleNodeHours()).as("one node idles for the 10 minutes").isEqualTo(600.0 / 3600);
    }
}
