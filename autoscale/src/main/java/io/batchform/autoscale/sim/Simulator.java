package io.batchform.autoscale.sim;

import io.batchform.autoscale.eval.AutoScaleRun;
import io.batchform.autoscale.eval.EvaluationContext;
import io.batchform.autoscale.eval.PoolState;
import io.batchform.autoscale.eval.PreparedFormula;
import io.batchform.autoscale.lang.DeallocationOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Replays a workload against a formula on a model pool, one 30-second sample at a time. Within a sample, task
 * arrivals and completions are processed in time order (a task starts the moment a slot is free); node allocation,
 * preemption and the formula's evaluations happen on sample boundaries. Deterministic: the same inputs and seed give
 * the same result. Not thread-safe; one simulator runs one simulation. What it keeps besides the figures is the
 * caller's choice ({@link Recording}): a run that keeps no timeline and no evaluations takes memory that follows
 * the pool and its queue, not the simulated length (the workload arrives in chunks, waits fold into a histogram
 * past a million, the chart is aggregated as the samples pass).
 */
public final class Simulator {
    /** A sample lasts 30 seconds, as the service's. */
    public static final double STEP = 30;
    /** Metric history kept for formulas: 8 days of samples (the longest window the examples read is 1 day). */
    static final int HISTORY_SAMPLES = 8 * 24 * 120;
    /** Targets above this are taken as this (a pool this large is far beyond any Batch quota). */
    static final double MAX_TARGET = 100_000;

    private static final int ALLOCATING = Nodes.ALLOCATING;
    private static final int READY = Nodes.READY;
    private static final int LEAVING = Nodes.LEAVING;
    private static final int PREEMPTED = Nodes.PREEMPTED;
    private static final int GONE = Nodes.GONE;

    private final PreparedFormula formula;
    private final PoolSettings pool;
    private final Recording recording;
    private final Instant start;
    private final double duration;
    private final SplittableRandom random;
    private SplittableRandom waveRandom;
    private long evictionWaves;

    private final Nodes nodes;
    private final Arrivals tasks;
    private final TaskQueue queue = new TaskQueue();
    private final TaskQueue dropped = new TaskQueue(); // scratch for dropTasksOf
    /** Tasks that need more slots than a node has: they never start (Azure/Batch#117). */
    private final TaskQueue unschedulable = new TaskQueue();
    /** $ActiveTasks: the instances of the waiting tasks, unschedulable ones included (documented for multi-instance). */
    private int waitingInstances;
    private final RunningTasks running = new RunningTasks();

    // Targets and what the last evaluation set.
    private double targetDedicated;
    private double targetLowPriority;
    private DeallocationOption deallocation = DeallocationOption.REQUEUE;

    // Per-sample counters and totals.
    private int succeededThisSample;
    private int failedThisSample;
    private double busySlotSeconds;
    private double busySlotSecondsTotal;
    private double readySlotSecondsTotal;
    private int busySlots;
    private final Waits waits;
    private long succeeded;
    private long failed;
    private long requeued;
    private long preemptions;

    private Simulator(PreparedFormula formula, PoolSettings pool, Iterator<Workload> workload, Instant start,
                      double duration, long seed, Recording recording) {
        this.formula = formula;
        this.pool = pool;
        this.recording = recording;
        this.start = start;
        this.duration = duration;
        this.random = new SplittableRandom(seed);
        this.nodes = new Nodes(pool.taskSlotsPerNode());
        this.tasks = new Arrivals(workload);
        this.waits = new Waits(recording.waitThreshold());
    }

    /**
     * Runs a simulation of {@code durationSeconds} from {@code start} (what {@code time()} reads at the first sample),
     * keeping everything ({@link Recording#ALL}).
     */
    public static SimulationResult run(PreparedFormula formula, PoolSettings pool, Workload workload, Instant start,
                                       double durationSeconds, long seed) {
        return run(formula, pool, List.of(workload).iterator(), start, durationSeconds, seed, Recording.ALL);
    }

    /**
     * Runs a simulation of a workload given in chunks (each sorted, each later than the one before; see
     * {@link WorkloadReader.Definition#chunks}), keeping what {@code recording} asks.
     */
    public static SimulationResult run(PreparedFormula formula, PoolSettings pool, Iterator<Workload> workload,
                                       Instant start, double durationSeconds, long seed, Recording recording) {
        if (!(durationSeconds >= STEP)) {
            throw new IllegalArgumentException("a simulation lasts at least one sample (30s)");
        }
        return new Simulator(formula, pool, workload, start, durationSeconds, seed, recording).simulate();
    }

    private SimulationResult simulate() {
        int samples = (int) Math.floor(duration / STEP);
        Timeline timeline = recording.timeline() ? new Timeline(samples) : null;
        TimelineSummary summary = new TimelineSummary(Reports.burstThreshold(pool));
        ChartSeries chart = new ChartSeries(samples * STEP);
        Recording.Listener listener = recording.listener();
        long evaluationCount = 0;
        SimulationResult.Evaluation firstError = null;
        EvaluationContext context = new EvaluationContext(start, PoolState.EMPTY);
        context.random(random.split());
        SplittableRandom missing = random.split();
        SplittableRandom nodeRandom = random.split();
        SampleFeed feed = new SampleFeed(context, pool, HISTORY_SAMPLES, missing, random.split());
        waveRandom = random.split(); // split last: the streams above are those of runs without waves
        List<SimulationResult.Evaluation> evaluations = recording.evaluations() ? new ArrayList<>() : null;
        long evaluationErrors = 0;
        double nodeSecondsDedicated = 0;
        double nodeSecondsLowPriority = 0;
        double idleNodeSeconds = 0;
        long intervalSamples = Math.round(pool.evaluationIntervalSeconds() / STEP);

        targetDedicated = pool.initialDedicatedNodes();
        targetLowPriority = pool.initialLowPriorityNodes();
        resize(0, nodeRandom);
        nodesAt(0, nodeRandom, false);

        for (int sample = 0; sample < samples; sample++) {
            double t0 = sample * STEP;
            double t1 = t0 + STEP;
            // Tasks that end in this sample, including those a scale-down at its start stops (terminate).
            succeededThisSample = 0;
            failedThisSample = 0;
            nodesAt(t0, nodeRandom, true);
            resize(t0, nodeRandom); // the resize goes on: nodes that left are replaced up to the target
            if (sample % intervalSamples == 0) {
                context.time(start.plusMillis((long) (t0 * 1000)));
                context.pool(new PoolState(targetDedicated, targetLowPriority, count(false, true), count(true, true),
                        pool.taskSlotsPerNode(), deallocation));
                AutoScaleRun run = formula.evaluate(context);
                SimulationResult.Evaluation evaluation = new SimulationResult.Evaluation(t0, run.results(),
                        run.error().map(e -> e.code() + ": " + e.message()
                                + (e.values().isEmpty() ? "" : " (" + e.values().get(0).value() + ")")).orElse(null));
                if (evaluations != null) {
                    evaluations.add(evaluation);
                }
                if (listener != null) {
                    listener.evaluation((int) evaluationCount, evaluation);
                }
                evaluationCount++;
                if (run.failed() && firstError == null) {
                    firstError = evaluation;
                }
                if (run.failed()) {
                    evaluationErrors++;
                } else {
                    targetDedicated = applied(run.targetDedicatedNodes());
                    targetLowPriority = applied(run.targetLowPriorityNodes());
                    deallocation = run.nodeDeallocationOption();
                    resize(t0, nodeRandom);
                    nodesAt(t0, nodeRandom, false); // nodes that allocate at once are ready now

                }
            }
            busySlotSeconds = 0;
            int readySlots = nodes.readySlots();
            events(t0, t1);
            busySlotSecondsTotal += busySlotSeconds;
            readySlotSecondsTotal += readySlots * STEP;
            compact();
            // Sample at the end of the step.
            double cpu = readySlots == 0 ? 0 : 100 * busySlotSeconds / (readySlots * STEP);
            // The census at the sample's end, from the counts the nodes keep.
            int preempted = nodes.inState(PREEMPTED);
            int usable = nodes.inState(READY) + nodes.inState(LEAVING);
            int dedicated = nodes.count(false, true);
            int low = nodes.count(true, true);
            idleNodeSeconds += nodes.idle() * STEP;
            nodeSecondsDedicated += (dedicated - nodes.inState(false, PREEMPTED)) * STEP;
            nodeSecondsLowPriority += (low - nodes.inState(true, PREEMPTED)) * STEP;
            int waiting = waitingInstances;
            int runningNow = running.size();
            feed.record(sample, waiting, runningNow, waiting + runningNow, succeededThisSample, failedThisSample, cpu,
                    preempted, usable);
            Timeline.Row row = new Timeline.Row(t1, targetDedicated, targetLowPriority, dedicated, low, waiting,
                    runningNow, preempted, cpu, nodes.inState(false, READY) + nodes.inState(false, LEAVING),
                    nodes.inState(true, READY) + nodes.inState(true, LEAVING), nodes.inState(ALLOCATING));
            if (timeline != null) {
                timeline.record(sample, row);
            }
            summary.add(row);
            chart.add(t1, targetDedicated, targetLowPriority, row.readyDedicated(), row.readyLowPriority(),
                    row.startingNodes(), waiting + runningNow);
            if (listener != null) {
                listener.sample(row);
            }
        }
        summary.end(samples * STEP);
        // Tasks not done by the end wait too: a running one from submission to its start, a waiting one to the end
        // (at least that long), so a formula that never runs the work cannot show short waits.
        double end = samples * STEP;
        for (int i = 0; i < running.size(); i++) {
            if (tasks.instanceEnded(running.task(i))) { // once per task, however many instances still run
                addWait(running.started(i) - tasks.submitted(running.task(i)));
            }
        }
        for (int i = 0; i < queue.size(); i++) {
            addWait(end - tasks.submitted(queue.get(i)));
        }
        int neverRan = unschedulable.size();
        int mostSlots = 0;
        for (int i = 0; i < neverRan; i++) {
            addWait(end - tasks.submitted(unschedulable.get(i)));
            mostSlots = Math.max(mostSlots, tasks.slots(unschedulable.get(i)));
        }
        SimulationResult.Counts counts = new SimulationResult.Counts(tasks.submitted(), succeeded, failed, requeued,
                preemptions, evaluationErrors, nodeSecondsDedicated / 3600, nodeSecondsLowPriority / 3600,
                idleNodeSeconds / 3600, busySlotSecondsTotal, readySlotSecondsTotal, neverRan, mostSlots, evictionWaves);
        return new SimulationResult(pool, start, samples * STEP, counts, waits, timeline, summary, chart, evaluations,
                evaluationCount, firstError, recording.waitThreshold());
    }

    /**
     * A target as the service applies it: truncated toward zero, never negative. The core quota does not change
     * the target; it stops the pool short of it (see {@link #resize}).
     */
    private static double applied(double target) {
        double truncated = target >= 0 ? Math.floor(target) : 0;
        return Math.min(truncated, MAX_TARGET);
    }

    // ---- nodes ----------------------------------------------------------------------------------------------

    private int addNode(boolean low, double at, SplittableRandom nodeRandom) {
        Distribution delay = low ? pool.lowPriorityAllocation() : pool.dedicatedAllocation();
        return nodes.add(low, at + delay.sample(nodeRandom));
    }

    private int count(boolean low, boolean withLeaving) {
        return nodes.count(low, withLeaving);
    }

    /**
     * Allocates or removes nodes so that each priority meets its target. Nodes still leaving (finishing their tasks
     * under taskcompletion or retaineddata) count toward the target until they are gone, as they count in
     * $CurrentDedicatedNodes: a target raised again while they leave is met by them first, and new nodes are added
     * only as they go, so the pool never holds more nodes than its target. Allocation stops at the core quota (nodes
     * still leaving hold their cores).
     */
    private void resize(double at, SplittableRandom nodeRandom) {
        for (boolean low : new boolean[] {false, true}) {
            int target = (int) (low ? targetLowPriority : targetDedicated);
            int staying = count(low, false);
            int all = count(low, true);
            int room = pool.maxNodes(low) - all;
            for (int i = all; i < target && room > 0; i++, room--) {
                addNode(low, at, nodeRandom);
            }
            for (int i = target; i < staying; i++) {
                remove(pickForRemoval(low), at);
            }
        }
        compact();
    }

    /** The node to remove first: one still allocating, then preempted, then idle, then the least busy. */
    private int pickForRemoval(boolean low) {
        int best = -1;
        int bestRank = Integer.MAX_VALUE;
        for (int i = nodes.activeCount - 1; i >= 0; i--) {
            int n = nodes.active[i];
            if (nodes.lowPriority[n] != low || nodes.state[n] == LEAVING || nodes.state[n] == GONE) {
                continue;
            }
            int rank = switch (nodes.state[n]) {
                case ALLOCATING -> 0;
                case PREEMPTED -> 1;
                default -> 2 + nodes.busy[n];
            };
            if (rank < bestRank) {
                bestRank = rank;
                best = n;
            }
        }
        return best;
    }

    private void remove(int n, double at) {
        if (nodes.state[n] == READY && nodes.busy[n] == 0 && deallocation == DeallocationOption.RETAINED_DATA
                && nodes.lastTaskEnd[n] + pool.retainedDataSeconds() > at) {
            // An idle node still holds the data of the tasks it ran: it leaves when their retention ends.
            nodes.setState(n, LEAVING);
            nodes.retains[n] = true;
            nodes.readyAt[n] = nodes.lastTaskEnd[n] + pool.retainedDataSeconds();
            return;
        }
        if (nodes.state[n] != READY || nodes.busy[n] == 0) {
            nodes.setState(n, GONE);
            return;
        }
        switch (deallocation) {
            case REQUEUE -> {
                requeueTasksOf(n);
                nodes.setState(n, GONE);
            }
            case TERMINATE -> {
                int stopped = dropTasksOf(n, false);
                failed += stopped;
                failedThisSample += stopped;
                nodes.setState(n, GONE);
            }
            case TASK_COMPLETION, RETAINED_DATA -> { // no new tasks; leaves when its tasks end (and their data goes)
                nodes.setState(n, LEAVING);
                nodes.retains[n] = deallocation == DeallocationOption.RETAINED_DATA;
            }
        }
    }

    /** Nodes at the start of a sample: allocations done, preempted nodes back, leaving nodes gone, preemptions. */
    private void nodesAt(double t, SplittableRandom nodeRandom, boolean preempt) {
        double chance = !preempt || pool.preemptionsPerNodeHour() <= 0 ? 0
                : 1 - Math.exp(-pool.preemptionsPerNodeHour() * STEP / 3600);
        PoolSettings.EvictionWaves waves = pool.evictionWaves();
        boolean wave = preempt && waves.perDay() > 0
                && waveRandom.nextDouble() < 1 - Math.exp(-waves.perDay() * STEP / 86_400);
        if (wave) {
            evictionWaves++;
        }
        if (chance == 0 && !wave
                && nodes.inState(ALLOCATING) + nodes.inState(PREEMPTED) + nodes.inState(LEAVING) == 0) {
            return; // every node is ready and none can be preempted: nothing changes
        }
        for (int i = 0; i < nodes.activeCount; i++) {
            int n = nodes.active[i];
            if ((nodes.state[n] == ALLOCATING || nodes.state[n] == PREEMPTED) && nodes.readyAt[n] <= t) {
                nodes.setState(n, READY);
            } else if (nodes.state[n] == LEAVING && nodes.busy[n] == 0 && nodes.readyAt[n] <= t) {
                nodes.setState(n, GONE);
            } else if (nodes.lowPriority[n] && (nodes.state[n] == READY || nodes.state[n] == LEAVING)
                    && (chance > 0 && nodeRandom.nextDouble() < chance
                        || wave && waveRandom.nextDouble() < waves.share())) {
                preemptions++;
                requeueTasksOf(n);
                if (nodes.state[n] == LEAVING) {
                    nodes.setState(n, GONE);
                } else {
                    nodes.setState(n, PREEMPTED);
                    nodes.readyAt[n] = t + pool.preemptedFor().sample(nodeRandom)
                            + pool.lowPriorityAllocation().sample(nodeRandom);
                }
            }
        }
        compact();
    }

    private void compact() {
        nodes.compact(running);
    }

    // ---- tasks ----------------------------------------------------------------------------------------------

    /** Arrivals and completions between t0 and t1, in time order; tasks start as soon as a slot is free. */
    private void events(double t0, double t1) {
        double now = t0;
        schedule(now);
        while (true) {
            double arrival = tasks.nextTime();
            double completion = running.earliestEnd();
            double next = Math.min(arrival, completion);
            if (next >= t1) {
                busySlotSeconds += busySlots * (t1 - now);
                return;
            }
            next = Math.max(next, now);
            busySlotSeconds += busySlots * (next - now);
            now = next;
            if (completion <= arrival) {
                complete(now);
            } else {
                arrive();
            }
            schedule(now);
        }
    }

    /** One task of the next submission joins the queue. */
    private void arrive() {
        int task = tasks.arrive();
        if (task >= 0) {
            queue.addLast(task);
            waitingInstances += tasks.instances(task);
        }
    }

    private void complete(double now) {
        int task = running.task(0);
        int node = running.node(0);
        double started = running.started(0);
        running.popEarliest();
        int slots = tasks.slots(task);
        nodes.setBusy(node, nodes.busy[node] - slots);
        busySlots -= slots;
        if (tasks.instanceEnded(task)) {
            succeeded++;
            succeededThisSample++;
            addWait(started - tasks.submitted(task));
            tasks.release(task);
        }
        nodes.lastTaskEnd[node] = now;
        if (nodes.state[node] == LEAVING && nodes.busy[node] == 0) {
            double retained = nodes.retains[node] ? pool.retainedDataSeconds() : 0;
            nodes.readyAt[node] = now + retained;
            if (retained == 0) {
                nodes.setState(node, GONE); // its last task ended: it leaves the pool now
            }
        }
    }

    private void addWait(double wait) {
        waits.add(wait);
    }

    /**
     * Starts waiting tasks in queue order on nodes with enough free slots: Spread on the least busy node, Pack on the
     * busiest with room. A task that needs more slots than a node has can never start (Azure/Batch#117): it leaves
     * the queue for the unschedulable ones, which still count as active tasks, as the service's do. A task that needs
     * more free slots than any ready node has now waits, and the tasks behind it with it (our choice: the service
     * retries such a task later, and does not say whether others pass it).
     */
    private void schedule(double now) {
        boolean pack = pool.fillType() == PoolSettings.FillType.PACK;
        while (queue.size() > 0) {
            int needs = tasks.slots(queue.get(0));
            if (needs > pool.taskSlotsPerNode()) {
                unschedulable.addLast(queue.removeFirst());
                continue;
            }
            int instances = tasks.instances(queue.get(0));
            int[] chosen = instances == 1 ? null : nodes.pickForInstances(pack, instances);
            int best = instances == 1 ? nodes.pickForTask(pack, needs) : chosen == null ? -1 : chosen[0];
            if (best < 0) {
                return;
            }
            int task = queue.removeFirst();
            waitingInstances -= instances;
            tasks.started(task);
            for (int i = 0; i < instances; i++) {
                int node = chosen == null ? best : chosen[i];
                nodes.setBusy(node, nodes.busy[node] + needs);
                busySlots += needs;
                running.push(now + tasks.runFor(task), task, node, now, tasks.ordinal(task));
            }
        }
    }

    private void requeueTasksOf(int node) {
        requeued += dropTasksOf(node, true);
    }

    /**
     * Removes the running tasks of a node; requeued ones go to the front of the queue. A multi-instance task stops on
     * all its nodes (it runs as one). Returns how many tasks.
     */
    private int dropTasksOf(int node, boolean requeue) {
        dropped.clear();
        running.removeNode(node, dropped::addLast);
        busySlots -= nodes.busy[node];
        nodes.setBusy(node, 0);
        int count = dropped.size();
        for (int i = 0; i < count; i++) {
            int task = dropped.get(i);
            if (tasks.instances(task) > 1) {
                running.removeTask(task, other -> {
                    nodes.setBusy(other, nodes.busy[other] - 1);
                    busySlots--;
                });
            }
            if (requeue) {
                queue.addFirst(task);
                waitingInstances += tasks.instances(task);
            } else {
                tasks.release(task);
            }
        }
        return count;
    }
}
