package io.batchform.autoscale.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.autoscale.check.CheckedFormula;
import io.batchform.autoscale.check.FormulaCompiler;
import io.batchform.autoscale.eval.Evaluator;
import io.batchform.autoscale.eval.PreparedFormula;
import io.batchform.source.Source;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /** The pool with every sample readable exactly {@code seconds} after its end. */
    private static PoolSettings delayed(double seconds) {
        return pool().withSamples(new Distribution.Fixed(seconds), 0);
    }

    /** {@code count} tasks of {@code seconds} each, all at {@code at}. */
    private static Workload burst(double at, int count, double seconds) {
        return new Workload(new double[] {at}, new double[] {seconds}, new int[] {count}, Optional.empty());
    }

    /** The results of an evaluation by name: {@code $TargetDedicatedNodes=2;a=4} gives {a=4, ...}. */
    private static Map<String, String> results(SimulationResult.Evaluation evaluation) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : evaluation.results().split(";")) {
            int eq = entry.indexOf('=');
            out.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return out;
    }

    @Test
    void everyReadOnlyVariableTheFormulaReadsComesFromTheModel() {
        // Two ready nodes of 2 slots (4 slots). At t=0, four 45-second tasks take the slots and six one-hour tasks
        // wait; at 45 s the short ones succeed (4 in the sample 30..60) and four long ones start. From then on every
        // sample has 2 active, 4 running, 6 pending, all 4 slots busy (100 %) and 2 usable nodes. At the evaluation
        // at t=300 the newest readable sample is the one ending at 240 (60 s delay): those values; the 5-minute
        // window of $SucceededTasks holds the 4; time() is 00:05.
        String text = """
                a = val($ActiveTasks.GetSample(1), 0);
                r = val($RunningTasks.GetSample(1), 0);
                p = val($PendingTasks.GetSample(1), 0);
                s = sum($SucceededTasks.GetSample(TimeInterval_Minute * 5, 0));
                f = sum($FailedTasks.GetSample(TimeInterval_Minute * 5, 0));
                c = val($CPUPercent.GetSample(1), 0);
                u = val($UsableNodeCount.GetSample(1), 0);
                pre = val($PreemptedNodeCount.GetSample(1), 0);
                d = $CurrentDedicatedNodes;
                l = $CurrentLowPriorityNodes;
                slots = $TaskSlotsPerNode;
                minute = time().minute;
                $TargetDedicatedNodes = 2;""";
        Workload work = new Workload(new double[] {0, 0}, new double[] {45, 3600}, new int[] {4, 6}, Optional.empty());
        SimulationResult result = Simulator.run(formula(text), pool().withTaskSlots(2).withInitialTargets(2, 0), work,
                START, 600, 1);
        assertThat(results(result.evaluations().get(1))).containsEntry("a", "2").containsEntry("r", "4")
                .containsEntry("p", "6").containsEntry("s", "4").containsEntry("f", "0").containsEntry("c", "100")
                .containsEntry("u", "2").containsEntry("pre", "0").containsEntry("d", "2").containsEntry("l", "0")
                .containsEntry("slots", "2").containsEntry("minute", "5");
        assertThat(result.timeline().value("pendingTasks", 0)).as("at 30 s all ten are pending").isEqualTo(10);
    }

    @Test
    void theNewestMinuteOfAMaturePoolIsNotYetReadable() {
        // The documented example: a 10-minute window has 20 possible samples; with the newest minute not yet
        // propagated (60 s delay) 18 are available, 90 %. So GetSample(10m, 95) fails at every evaluation, and
        // GetSample(10m, 80) fails on the young pool (t=0: none; t=300: 8 of 20, 40 %) and succeeds from t=600
        // (18 of 20) with 18 values. Without a delay the mature window is complete: 100 %.
        String strict = "$TargetDedicatedNodes = len($PendingTasks.GetSample(TimeInterval_Minute * 10, 95));";
        String lenient = "$p = $PendingTasks.GetSamplePercent(TimeInterval_Minute * 10);\n"
                + "$TargetDedicatedNodes = len($PendingTasks.GetSample(TimeInterval_Minute * 10, 80));";
        SimulationResult failing = Simulator.run(formula(strict), delayed(60), burst(0, 0, 60), START, 3600, 1);
        assertThat(failing.evaluationErrors()).isEqualTo(12).isEqualTo(failing.evaluations().size());
        assertThat(failing.evaluations().get(11).error()).contains("wanted 95%, received 90%");
        SimulationResult passing = Simulator.run(formula(lenient), delayed(60), burst(0, 0, 60), START, 3600, 1);
        assertThat(passing.evaluations()).extracting(SimulationResult.Evaluation::failed)
                .containsExactly(true, true, false, false, false, false, false, false, false, false, false, false);
        assertThat(results(passing.evaluations().get(11))).containsEntry("$p", "90")
                .containsEntry("$TargetDedicatedNodes", "18");
        SimulationResult undelayed = Simulator.run(formula(lenient), pool().withSamples(0, 0), burst(0, 0, 60), START,
                3600, 1);
        assertThat(results(undelayed.evaluations().get(11))).containsEntry("$p", "100")
                .containsEntry("$TargetDedicatedNodes", "20");
    }

    @Test
    void theSampleDelaySpreadsOverItsDocumentedRange() {
        // Microsoft's preempted-nodes sample reads a 3-minute window (6 samples) with the implicit 70 %. With every
        // sample a full minute late it has 4 of 6 (66.7 %) and fails at every evaluation; with the documented range
        // (up to a minute, the default) the sample ending 30 s before an evaluation is there about half the time, so
        // about half the evaluations see 5 of 6 (83.3 %) and succeed.
        String text = "maxNumberofVMs = 25;\n"
                + "$TargetDedicatedNodes = min(maxNumberofVMs, $PreemptedNodeCount.GetSample(180 * TimeInterval_Second));\n"
                + "$TargetLowPriorityNodes = min(maxNumberofVMs , maxNumberofVMs - $TargetDedicatedNodes);\n"
                + "$NodeDeallocationOption = taskcompletion;";
        SimulationResult late = Simulator.run(formula(text), delayed(60), burst(0, 0, 60), START, 86_400, 3);
        assertThat(late.evaluationErrors()).isEqualTo(late.evaluations().size());
        assertThat(late.evaluations().get(100).error()).contains("wanted 70%, received 66.6667%");
        SimulationResult ranged = Simulator.run(formula(text), pool(), burst(0, 0, 60), START, 86_400, 3);
        List<SimulationResult.Evaluation> mature = ranged.evaluations().subList(1, ranged.evaluations().size());
        long failed = mature.stream().filter(SimulationResult.Evaluation::failed).count();
        assertThat((double) failed / mature.size()).isBetween(0.35, 0.65);
        assertThat(mature).filteredOn(SimulationResult.Evaluation::failed)
                .allSatisfy(e -> assertThat(e.error()).contains("received 66.6667%"));
        assertThat(mature).filteredOn(e -> !e.failed())
                .allSatisfy(e -> assertThat(results(e)).containsEntry("$TargetLowPriorityNodes", "25"));
    }

    @Test
    void nodesStillFinishingTheirTasksCountTowardTheTarget() {
        // A pool capped at 32 that follows the queue and lets running tasks finish. 40 two-hour tasks at t=0: the
        // target goes to 32 and 32 tasks run, 8 wait. At 15m the queue holds 8: the target drops to 8 and 24 busy
        // nodes start leaving (taskcompletion). At 1h 40 more tasks arrive and the target is 32 again. The 24
        // leaving nodes are still in the pool ($CurrentDedicatedNodes counts them), so no node is added until they
        // go: the pool never holds more than 32 nodes. (Counting only the staying nodes, the model once added 24
        // beside them: 56 nodes under a cap of 32.)
        String text = "$TargetDedicatedNodes = min(32, val($ActiveTasks.GetSample(1), 0));\n"
                + "$NodeDeallocationOption = taskcompletion;";
        Workload work = new Workload(new double[] {0, 3600}, new double[] {7200, 7200}, new int[] {40, 40},
                Optional.empty());
        SimulationResult result = Simulator.run(formula(text), delayed(0), work, START, 10 * 3600, 1);
        assertThat(result.figure("maxTargetDedicatedNodes", null)).isEqualTo(32);
        assertThat(result.figure("maxDedicatedNodes", null)).isEqualTo(32);
        Timeline timeline = result.timeline();
        assertThat(timeline.value("currentDedicatedNodes", timeline.indexAt(3 * 3600))).isEqualTo(32);
        assertThat(result.tasksDone()).isEqualTo(80);
    }

    @Test
    void aLongChurningRunKeepsItsAccountsAsTheTimelineShows() {
        // Three days of hourly bursts on a pool that grows to 40 nodes and empties again: hundreds of nodes come and
        // go (the simulator renumbers its nodes as they do). Every task is done, the pool stays under its cap, and
        // the node-hours billed equal the timeline's nodes summed over its samples.
        String text = "$TargetDedicatedNodes = min(40, max($PendingTasks.GetSample(1)));\n"
                + "$NodeDeallocationOption = taskcompletion;";
        int bursts = 72;
        double[] times = new double[bursts];
        double[] durations = new double[bursts];
        int[] counts = new int[bursts];
        for (int i = 0; i < bursts; i++) {
            times[i] = i * 3600.0;
            durations[i] = 600;
            counts[i] = 60;
        }
        Workload work = new Workload(times, durations, counts, Optional.empty());
        SimulationResult result = Simulator.run(formula(text), pool().withTaskSlots(2), work, START, 73 * 3600, 1);
        assertThat(result.tasksDone()).isEqualTo(bursts * 60L);
        assertThat(result.figure("maxDedicatedNodes", null)).isLessThanOrEqualTo(40);
        Timeline timeline = result.timeline();
        double nodeSamples = 0;
        for (int i = 0; i < timeline.size(); i++) {
            nodeSamples += timeline.value("currentDedicatedNodes", i);
        }
        assertThat(result.nodeHoursDedicated()).isEqualTo(nodeSamples * Simulator.STEP / 3600);
        assertThat(result.nodeHoursDedicated()).isGreaterThan(0);
    }

    @Test
    void aTaskTakesTheSlotsItNeedsOnOneNode() {
        // Nodes of 4 slots; 4 tasks that need 3 slots each: one per node, so the 2 nodes run 2 of them at a time
        // (10 minutes each) and the other 2 wait 10 minutes. CPU counts the slots in use: 6 of 8.
        Workload work = new Workload(new double[] {0}, new double[] {600}, new int[] {4}, new int[] {3},
                Optional.empty());
        SimulationResult result = Simulator.run(formula("$TargetDedicatedNodes = 2;"),
                pool().withTaskSlots(4).withInitialTargets(2, 0), work, START, 3600, 1);
        assertThat(result.tasksDone()).isEqualTo(4);
        assertThat(result.queueWait(100)).isEqualTo(600);
        assertThat(result.timeline().value("runningTasks", 0)).isEqualTo(2);
        assertThat(result.timeline().value("cpuPercent", 0)).isEqualTo(75);
    }

    @Test
    void aTaskThatNeedsMoreSlotsThanANodeHasNeverRunsAndKeepsThePoolUp() {
        // Azure/Batch#117: one task needing 8 slots on a pool of 4-slot nodes. It stays active, so a formula that
        // follows the queue keeps a node for it all day, idle; the report says so.
        String text = "$TargetDedicatedNodes = min(5, max($ActiveTasks.GetSample(1)));";
        Workload work = new Workload(new double[] {0}, new double[] {600}, new int[] {1}, new int[] {8},
                Optional.empty());
        SimulationResult result = Simulator.run(formula(text), pool().withTaskSlots(4), work, START, 86_400, 1);
        assertThat(result.tasksDone()).isZero();
        assertThat(result.unschedulableTasks()).isEqualTo(1);
        assertThat(result.unschedulableSlots()).isEqualTo(8);
        Timeline timeline = result.timeline();
        assertThat(timeline.value("activeTasks", timeline.size() - 1)).isEqualTo(1);
        assertThat(timeline.value("currentDedicatedNodes", timeline.size() - 1)).isEqualTo(1);
        assertThat(result.idleNodeHours()).isGreaterThan(23);
        assertThat(result.queueWait(100)).isEqualTo(86_400);
        assertThat(Reports.summary("t", result, Prices.shipped().find("westeurope", "Standard_D2s_v3").orElseThrow()))
                .contains("tasks that can never run: 1 (they need up to 8 slots; a node has 4). They stay active, "
                        + "so a formula that follows the queue keeps nodes for them that run nothing (Azure/Batch#117)");
    }

    @Test
    void aMultiInstanceTaskRunsOnSeveralNodesAtOnceAndCountsItsInstancesAsActive() {
        // 3 ready 1-slot nodes; at t=0 a multi-instance task of 3 instances (10 minutes) and, behind it, a plain
        // task. The first takes the 3 nodes; the second waits the 10 minutes. $RunningTasks counts the instances.
        Workload work = new Workload(new double[] {0, 0}, new double[] {600, 600}, new int[] {1, 1},
                null, new int[] {3, 1}, Optional.empty());
        SimulationResult both = Simulator.run(formula("$TargetDedicatedNodes = 3;"), pool().withInitialTargets(3, 0),
                work, START, 3600, 1);
        assertThat(both.tasksDone()).isEqualTo(2);
        assertThat(both.queueWait(100)).isEqualTo(600);
        assertThat(both.timeline().value("runningTasks", 0)).isEqualTo(3);
        assertThat(both.timeline().value("activeTasks", 0)).isEqualTo(1);
        // On 2 nodes it never starts, and $ActiveTasks counts its 3 instances, as documented.
        SimulationResult tooFew = Simulator.run(formula("$TargetDedicatedNodes = 2;"), pool().withInitialTargets(2, 0),
                new Workload(new double[] {0}, new double[] {600}, new int[] {1}, null, new int[] {3},
                        Optional.empty()), START, 3600, 1);
        assertThat(tooFew.tasksDone()).isZero();
        assertThat(tooFew.timeline().value("activeTasks", tooFew.timeline().size() - 1)).isEqualTo(3);
    }

    @Test
    void removingOneNodeOfAMultiInstanceTaskStopsAndRequeuesTheWholeTask() {
        // 3 nodes run the 3 instances; at 5m the target drops to 2 (requeue): the node removed stops its instance,
        // the other two stop with it, and the task goes back to the queue once. It needs 3 nodes, so it waits.
        String text = "$TargetDedicatedNodes = $RunningTasks.Count() > 0 ? 2 : 3;";
        Workload work = new Workload(new double[] {0}, new double[] {3600}, new int[] {1}, null, new int[] {3},
                Optional.empty());
        SimulationResult result = Simulator.run(formula(text), pool().withInitialTargets(3, 0), work, START, 1800, 1);
        assertThat(result.tasksRequeued()).isEqualTo(1);
        assertThat(result.tasksDone()).isZero();
        Timeline timeline = result.timeline();
        int last = timeline.size() - 1;
        assertThat(timeline.value("runningTasks", last)).isZero();
        assertThat(timeline.value("activeTasks", last)).isEqualTo(3);
        assertThat(timeline.value("currentDedicatedNodes", last)).isEqualTo(2);
        assertThat(timeline.value("cpuPercent", last)).isZero();
    }

    @Test
    void missingSamplesAreLostAtTheRateAsked() {
        // Each sample is lost with probability 0.5: over a day, a one-hour window (120 samples) averages about
        // half; with none lost it is 118 of 120 (the newest minute is still on its way): 98.3333 %.
        String text = "$p = $PendingTasks.GetSamplePercent(TimeInterval_Hour);\n$TargetDedicatedNodes = 0;";
        SimulationResult lossy = Simulator.run(formula(text), pool().withSamples(60, 0.5), burst(0, 0, 60), START,
                86_400, 5);
        double mean = lossy.evaluations().stream().skip(12).mapToDouble(e -> Double.parseDouble(results(e).get("$p")))
                .average().orElseThrow();
        assertThat(mean).isBetween(45.0, 55.0);
        SimulationResult complete = Simulator.run(formula(text), delayed(60), burst(0, 0, 60), START, 86_400, 5);
        assertThat(results(complete.evaluations().get(287))).containsEntry("$p", "98.3333");
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

        // Terminate stops both at t=600: they fail in the sample 600..630, which $FailedTasks shows to the
        // evaluation at t=900 (its 10-minute window covers the samples from 300 to 900).
        SimulationResult terminate = Simulator.run(formula(text.formatted("terminate")
                + "\nf = sum($FailedTasks.GetSample(TimeInterval_Minute * 10, 0));"), two, burst(0, 2, 1200), START, 3600, 1);
        assertThat(terminate.tasksFailed()).isEqualTo(2);
        assertThat(terminate.timeline().value("activeTasks", terminate.timeline().indexAt(630))).isZero();
        assertThat(results(terminate.evaluations().get(2))).containsEntry("f", "0");
        assertThat(results(terminate.evaluations().get(3))).containsEntry("f", "2");
    }

    @Test
    void retainedDataKeepsANodeUntilTheDataOfItsTasksIsGone() {
        // Two nodes: a 5-minute task on one, a 20-minute task on the other. At t=600 the target drops to 0 with
        // retaineddata and 10 minutes of retention: the idle node ran a task that ended at 300, so it leaves at
        // 300 + 600 = 900; the busy one finishes at 1200 and leaves at 1800. Billed: 900 s + 1800 s = 0.75 node-hours.
        // With taskcompletion the idle node leaves at 600 and the busy one at 1200: 0.5 node-hours.
        String text = "$TargetDedicatedNodes = time() < time(\"2025-01-06T00:10:00Z\") ? 2 : 0;\n"
                + "$NodeDeallocationOption = %s;";
        PoolSettings two = pool().withInitialTargets(2, 0).withRetainedData(600);
        Workload work = new Workload(new double[] {0, 0}, new double[] {300, 1200}, new int[] {1, 1}, Optional.empty());
        SimulationResult retained = Simulator.run(formula(text.formatted("retaineddata")), two, work, START, 3600, 1);
        Timeline t = retained.timeline();
        assertThat(t.value("currentDedicatedNodes", t.indexAt(900))).isEqualTo(2);
        assertThat(t.value("currentDedicatedNodes", t.indexAt(930))).isEqualTo(1);
        assertThat(t.value("currentDedicatedNodes", t.indexAt(1800))).isEqualTo(1);
        assertThat(t.value("currentDedicatedNodes", t.indexAt(1830))).isZero();
        assertThat(retained.nodeHoursDedicated()).isEqualTo(0.75);
        assertThat(retained.tasksDone()).isEqualTo(2);
        SimulationResult completion = Simulator.run(formula(text.formatted("taskcompletion")), two, work, START, 3600, 1);
        assertThat(completion.timeline().value("currentDedicatedNodes", completion.timeline().indexAt(630))).isEqualTo(1);
        assertThat(completion.nodeHoursDedicated()).isEqualTo(0.5);
    }

    @Test
    void anEvictionWaveTakesManyLowPriorityNodesInTheSameSample() {
        // 40 low-priority nodes, no independent preemption; waves about twice a day, each evicting every node with
        // chance 0.75. Every sample that loses nodes loses most of those up: the evictions come in clusters, one per
        // wave (two waves can come close together: the second takes most of what the first left).
        String text = "$TargetLowPriorityNodes = 40;\n$NodeDeallocationOption = requeue;";
        PoolSettings waves = pool().withPreemption(0, new Distribution.Fixed(600))
                .withEvictionWaves(new PoolSettings.EvictionWaves(2, 0.75));
        SimulationResult result = Simulator.run(formula(text), waves, burst(0, 0, 60), START, 10 * 86_400, 3);
        assertThat(result.evictionWaves()).isBetween(8L, 40L);
        Timeline t = result.timeline();
        int clusters = 0;
        long evicted = 0;
        for (int i = 1; i < t.size(); i++) {
            double rise = t.value("preemptedNodes", i) - t.value("preemptedNodes", i - 1);
            if (rise > 0) {
                clusters++;
                evicted += (long) rise;
                double up = t.value("currentLowPriorityNodes", i - 1) - t.value("preemptedNodes", i - 1);
                assertThat(rise).as("a wave evicts most of the nodes up, at once (sample " + i + ")")
                        .isGreaterThanOrEqualTo(0.5 * up);
            }
        }
        assertThat((long) clusters).isEqualTo(result.evictionWaves());
        assertThat(evicted).isEqualTo(result.preemptions());
        assertThat((double) evicted / clusters).isCloseTo(30, org.assertj.core.api.Assertions.within(4.0));
        // Without waves, the same seed evicts nothing, and the other random streams are untouched.
        SimulationResult calm = Simulator.run(formula(text), pool(), burst(0, 0, 60), START, 10 * 86_400, 3);
        assertThat(calm.preemptions()).isZero();
        assertThat(calm.evictionWaves()).isZero();
    }

    @Test
    void preemptionRequeuesTheWorkAndIsCounted() {
        // One low-priority node, ready at once, preempted in the first sample after it is ready (the rate makes the
        // chance 1), preempted for 10 minutes: it is preempted at 30, back at 630, preempted at 660, back at 1260,
        // ... so within an hour at 30, 660, 1290, 1920, 2550 and 3180; each time the 5-minute task is requeued.
        // The evaluation at t=300 reads the sample ending at 240, while the node is preempted: $PreemptedNodeCount 1.
        String text = "$TargetLowPriorityNodes = 1;\n$NodeDeallocationOption = requeue;\n"
                + "pre = val($PreemptedNodeCount.GetSample(1), 0);";
        SimulationResult result = Simulator.run(formula(text),
                pool().withPreemption(1e6, new Distribution.Fixed(600)), burst(0, 1, 300), START, 3600, 7);
        assertThat(result.preemptions()).isEqualTo(6);
        assertThat(result.tasksRequeued()).isEqualTo(6);
        assertThat(result.tasksDone()).isZero();
        Timeline t = result.timeline();
        assertThat(t.value("preemptedNodes", t.indexAt(60))).isEqualTo(1);
        assertThat(t.value("currentLowPriorityNodes", t.indexAt(60))).as("preempted nodes still count").isEqualTo(1);
        assertThat(t.value("runningTasks", t.indexAt(660))).as("running again from 630").isEqualTo(1);
        assertThat(results(result.evaluations().get(1))).containsEntry("pre", "1");
        // Every preemption put the task back: it ran 30 s six times and is waiting again at the end.
        assertThat(t.value("activeTasks", t.size() - 1)).isEqualTo(1);
    }

    @Test
    void aYoungPoolFailsWindowedSamplesUntilEnoughHaveArrived() {
        // A 5-minute window needs 70 % of its 10 samples. At t=0 there are none. With samples readable after
        // 60 s (2 samples), at t=300 samples 0..7 have arrived: 8 of 10 = 80 %, enough.
        String text = "$TargetDedicatedNodes = max($PendingTasks.GetSample(TimeInterval_Minute * %d, 70));";
        SimulationResult minute = Simulator.run(formula(text.formatted(5)), delayed(60), burst(0, 3, 3000), START, 1200,
                1);
        assertThat(minute.evaluations()).extracting(SimulationResult.Evaluation::failed)
                .containsExactly(true, false, false, false);
        assertThat(minute.evaluations().get(0).error()).startsWith("InsufficientSampleData")
                .contains("wanted 70%, received 0%");
        // With samples readable after 180 s (6 samples) a 5-minute window never has more than 4 of its 10: 40 %,
        // so every evaluation fails and the pool keeps the target it started with (1).
        PoolSettings slowPool = delayed(180).withInitialTargets(1, 0);
        SimulationResult slow = Simulator.run(formula(text.formatted(5)), slowPool, burst(0, 3, 3000), START, 1200, 1);
        assertThat(slow.evaluationErrors()).isEqualTo(4);
        assertThat(slow.evaluations().get(3).error()).contains("received 40%");
        assertThat(slow.figure("maxTargetDedicatedNodes", null)).as("a failed evaluation changes nothing").isEqualTo(1);
        // A 10-minute window (20 samples) at 180 s: t=300 has 4 of 20 (20 %), t=600 has 14 of 20 = 70 %, enough.
        SimulationResult wide = Simulator.run(formula(text.formatted(10)), slowPool, burst(0, 3, 3000), START, 1200, 1);
        assertThat(wide.evaluations()).extracting(SimulationResult.Evaluation::failed)
                .containsExactly(true, true, false, false);
        assertThat(wide.timeline().value("targetDedicatedNodes", wide.timeline().indexAt(600))).isEqualTo(1);
        assertThat(wide.timeline().value("targetDedicatedNodes", wide.timeline().indexAt(630))).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0} is applied as {1}")
    @CsvSource({"0.5, 0", "2.9, 2", "3.8, 3", "-1.5, 0", "7, 7", "0.999, 0"})
    void fractionalTargetsAreTruncatedTowardZeroAndNegativeOnesAreZero(String written, int applied) {
        // Truncation, not rounding (0.5 acts as 0, 2.9 as 2, 3.8 as 3: the reports in autoscale-language.md section 5),
        // for both priorities; the results keep the fraction, the pool gets the whole number.
        SimulationResult result = Simulator.run(formula("$TargetDedicatedNodes = " + written + ";\n"
                + "$TargetLowPriorityNodes = " + written + ";"), pool(), burst(0, 0, 60), START, 600, 1);
        assertThat(result.timeline().value("targetDedicatedNodes", 0)).isEqualTo(applied);
        assertThat(result.timeline().value("targetLowPriorityNodes", 0)).isEqualTo(applied);
        assertThat(result.timeline().value("currentDedicatedNodes", 0)).isEqualTo(applied);
        assertThat(result.timeline().value("currentLowPriorityNodes", 0)).isEqualTo(applied);
        assertThat(result.evaluations().get(0).results()).startsWith("$TargetDedicatedNodes=" + written.replace("-", "-"));
    }

    @Test
    void aCoreQuotaStopsThePoolShortOfItsTarget() {
        // 9 cores of quota with 2-vCPU nodes: 4 nodes. The target stays 10, as the service's does.
        SimulationResult result = Simulator.run(formula("$TargetDedicatedNodes = 10;"), pool().withCoreQuotas(9, -1),
                burst(0, 0, 60), START, 600, 1);
        assertThat(result.figure("maxDedicatedNodes", null)).isEqualTo(4);
        assertThat(result.figure("maxTargetDedicatedNodes", null)).isEqualTo(10);
        // 5 low-priority cores: 2 nodes; no dedicated quota given: all 3 dedicated nodes.
        SimulationResult low = Simulator.run(formula("$TargetDedicatedNodes = 3;\n$TargetLowPriorityNodes = 3;"),
                pool().withCoreQuotas(-1, 5), burst(0, 0, 60), START, 600, 1);
        assertThat(low.figure("maxDedicatedNodes", null)).isEqualTo(3);
        assertThat(low.figure("maxLowPriorityNodes", null)).isEqualTo(2);
    }

    @Test
    void eachPriorityHasItsOwnAllocationDelay() {
        // A dedicated node ready after 5 minutes, a low-priority one after 10: of two long tasks, one runs from
        // 300, the second from 600.
        SimulationResult result = Simulator.run(formula("$TargetDedicatedNodes = 1;\n$TargetLowPriorityNodes = 1;"),
                pool().withAllocation(new Distribution.Fixed(300), new Distribution.Fixed(600)), burst(0, 2, 3000),
                START, 1200, 1);
        Timeline t = result.timeline();
        assertThat(t.value("runningTasks", t.indexAt(300))).isZero();
        assertThat(t.value("runningTasks", t.indexAt(330))).isEqualTo(1);
        assertThat(t.value("runningTasks", t.indexAt(600))).isEqualTo(1);
        assertThat(t.value("runningTasks", t.indexAt(630))).isEqualTo(2);
        assertThat(result.queueWait(100)).isEqualTo(600);
    }

    @Test
    void tasksThatNeverRunCountTheirWaitSoFar() {
        // No node ever: the 10 tasks submitted at t=0 wait the whole hour, so every percentile is 1 hour.
        SimulationResult result = Simulator.run(formula("$TargetDedicatedNodes = 0;"), pool(), burst(0, 10, 60), START,
                3600, 1);
        assertThat(result.tasksDone()).isZero();
        assertThat(result.queueWait(50)).isEqualTo(3600);
        assertThat(result.queueWait(95)).isEqualTo(3600);
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
