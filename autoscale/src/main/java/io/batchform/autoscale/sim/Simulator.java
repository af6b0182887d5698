package io.batchform.autoscale.sim;

import io.batchform.autoscale.eval.AutoScaleRun;
import io.batchform.autoscale.eval.EvaluationContext;
import io.batchform.autoscale.eval.PoolState;
import io.batchform.autoscale.eval.PreparedFormula;
import io.batchform.autoscale.lang.DeallocationOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Replays a workload against a formula on a model pool, one 30-second sample at a time. Within a sample, task
 * arrivals and completions are processed in time order (a task starts the moment a slot is free); node allocation,
 * preemption and the formula's evaluations happen on sample boundaries. Deterministic: the same inputs and seed give
 * the same result. Not thread-safe; one simulator runs one simulation.
 */
public final class Simulator {
    /** A sample lasts 30 seconds, as the service's. */
    public static final double STEP = 30;
    /** Metric history kept for formulas: 8 days of samples (the longest window the examples read is 1 day). */
    static final int HISTORY_SAMPLES = 8 * 24 * 120;
    /** Targets above this are taken as this (a pool this large is far beyond any Batch quota). */
    static final double MAX_TARGET = 100_000;

    private static final int ALLOCATING = 0;
    private static final int READY = 1;
    private static final int LEAVING = 2;
    private static final int PREEMPTED = 3;
    private static final int GONE = 4;

    private final PreparedFormula formula;
    private final PoolSettings pool;
    private final Workload workload;
    private final Instant start;
    private final double duration;
    private final SplittableRandom random;

    // Nodes, by index; active lists those not gone.
    private int[] state = new int[64];
    private boolean[] lowPriority = new boolean[64];
    private double[] readyAt = new double[64];
    private int[] busy = new int[64];
    // When a node's last task ended, and whether a leaving node waits for task data retention (retaineddata).
    private double[] lastTaskEnd = new double[64];
    private boolean[] retains = new boolean[64];
    private int nodeCount;
    private int[] active = new int[64];
    private int activeCount;

    // Tasks: expanded from the workload as they arrive.
    private double[] submitted = new double[1024];
    private double[] runFor = new double[1024];
    private int taskCount;
    private int nextSubmission;
    private int submissionLeft;

    // Waiting tasks (a ring deque of task ids; requeued tasks go to the front).
    private int[] queue = new int[1024];
    private int queueHead;
    private int queueSize;

    // Running tasks: a binary heap by end time.
    private double[] runEnd = new double[256];
    private int[] runTask = new int[256];
    private int[] runNode = new int[256];
    private double[] runStart = new double[256];
    private int running;

    // Targets and what the last evaluation set.
    private double targetDedicated;
    private double targetLowPriority;
    private DeallocationOption deallocation = DeallocationOption.REQUEUE;

    // Per-sample counters and totals.
    private int succeededThisSample;
    private int failedThisSample;
    private double busySlotSeconds;
    private double[] waits = new double[1024];
    private int waitCount;
    private long succeeded;
    private long failed;
    private long requeued;
    private long preemptions;

    private Simulator(PreparedFormula formula, PoolSettings pool, Workload workload, Instant start, double duration,
                      long seed) {
        this.formula = formula;
        this.pool = pool;
        this.workload = workload;
        this.start = start;
        this.duration = duration;
        this.random = new SplittableRandom(seed);
    }

    /**
     * Runs a simulation of {@code durationSeconds} from {@code start} (what {@code time()} reads at the first sample).
     */
    public static SimulationResult run(PreparedFormula formula, PoolSettings pool, Workload workload, Instant start,
                                       double durationSeconds, long seed) {
        if (!(durationSeconds >= STEP)) {
            throw new IllegalArgumentException("a simulation lasts at least one sample (30s)");
        }
        return new Simulator(formula, pool, workload, start, durationSeconds, seed).simulate();
    }

    private SimulationResult simulate() {
        int samples = (int) Math.floor(duration / STEP);
        Timeline timeline = new Timeline(samples);
        EvaluationContext context = new EvaluationContext(start, PoolState.EMPTY);
        context.random(random.split());
        SplittableRandom missing = random.split();
        SplittableRandom nodeRandom = random.split();
        SampleFeed feed = new SampleFeed(context, pool, HISTORY_SAMPLES, missing, random.split());
        List<SimulationResult.Evaluation> evaluations = new ArrayList<>();
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
                evaluations.add(new SimulationResult.Evaluation(t0, run.results(),
                        run.error().map(e -> e.code() + ": " + e.message()
                                + (e.values().isEmpty() ? "" : " (" + e.values().get(0).value() + ")")).orElse(null)));
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
            int readySlots = readySlots();
            events(t0, t1);
            compact();
            // Sample at the end of the step.
            double cpu = readySlots == 0 ? 0 : 100 * busySlotSeconds / (readySlots * STEP);
            int preempted = 0;
            int usable = 0;
            int dedicated = 0;
            int low = 0;
            for (int i = 0; i < activeCount; i++) {
                int n = active[i];
                if (state[n] == PREEMPTED) {
                    preempted++;
                } else if (state[n] == READY || state[n] == LEAVING) {
                    usable++;
                    if (busy[n] == 0) {
                        idleNodeSeconds += STEP;
                    }
                }
                if (state[n] != PREEMPTED) {
                    if (lowPriority[n]) {
                        nodeSecondsLowPriority += STEP;
                    } else {
                        nodeSecondsDedicated += STEP;
                    }
                }
                if (lowPriority[n]) {
                    low++;
                } else {
                    dedicated++;
                }
            }
            feed.record(sample, queueSize, running, queueSize + running, succeededThisSample, failedThisSample, cpu,
                    preempted, usable);
            timeline.record(sample, t1, targetDedicated, targetLowPriority, dedicated, low, queueSize, running, preempted,
                    cpu);
        }
        // Tasks not done by the end wait too: a running one from submission to its start, a waiting one to the end
        // (at least that long), so a formula that never runs the work cannot show short waits.
        double end = samples * STEP;
        for (int i = 0; i < running; i++) {
            addWait(runStart[i] - submitted[runTask[i]]);
        }
        for (int i = 0; i < queueSize; i++) {
            addWait(end - submitted[queue[(queueHead + i) % queue.length]]);
        }
        double[] sortedWaits = Arrays.copyOf(waits, waitCount);
        Arrays.sort(sortedWaits);
        return new SimulationResult(pool, start, samples * STEP, workload.tasks(), succeeded, failed, requeued,
                preemptions, sortedWaits, timeline, evaluations, evaluationErrors, nodeSecondsDedicated / 3600,
                nodeSecondsLowPriority / 3600, idleNodeSeconds / 3600);
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
        if (nodeCount == state.length) {
            int grown = nodeCount * 2;
            state = Arrays.copyOf(state, grown);
            lowPriority = Arrays.copyOf(lowPriority, grown);
            readyAt = Arrays.copyOf(readyAt, grown);
            busy = Arrays.copyOf(busy, grown);
            lastTaskEnd = Arrays.copyOf(lastTaskEnd, grown);
            retains = Arrays.copyOf(retains, grown);
        }
        int n = nodeCount++;
        state[n] = ALLOCATING;
        lowPriority[n] = low;
        Distribution delay = low ? pool.lowPriorityAllocation() : pool.dedicatedAllocation();
        readyAt[n] = at + delay.sample(nodeRandom);
        busy[n] = 0;
        lastTaskEnd[n] = Double.NEGATIVE_INFINITY;
        retains[n] = false;
        if (activeCount == active.length) {
            active = Arrays.copyOf(active, activeCount * 2);
        }
        active[activeCount++] = n;
        return n;
    }

    /** Nodes that count toward a priority's current size (optionally including those leaving). */
    private int count(boolean low, boolean withLeaving) {
        int total = 0;
        for (int i = 0; i < activeCount; i++) {
            int n = active[i];
            if (lowPriority[n] == low && (withLeaving || state[n] != LEAVING)) {
                total++;
            }
        }
        return total;
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
        for (int i = activeCount - 1; i >= 0; i--) {
            int n = active[i];
            if (lowPriority[n] != low || state[n] == LEAVING || state[n] == GONE) {
                continue;
            }
            int rank = switch (state[n]) {
                case ALLOCATING -> 0;
                case PREEMPTED -> 1;
                default -> 2 + busy[n];
            };
            if (rank < bestRank) {
                bestRank = rank;
                best = n;
            }
        }
        return best;
    }

    private void remove(int n, double at) {
        if (state[n] == READY && busy[n] == 0 && deallocation == DeallocationOption.RETAINED_DATA
                && lastTaskEnd[n] + pool.retainedDataSeconds() > at) {
            // An idle node still holds the data of the tasks it ran: it leaves when their retention ends.
            state[n] = LEAVING;
            retains[n] = true;
            readyAt[n] = lastTaskEnd[n] + pool.retainedDataSeconds();
            return;
        }
        if (state[n] != READY || busy[n] == 0) {
            state[n] = GONE;
            return;
        }
        switch (deallocation) {
            case REQUEUE -> {
                requeueTasksOf(n);
                state[n] = GONE;
            }
            case TERMINATE -> {
                int stopped = dropTasksOf(n, false);
                failed += stopped;
                failedThisSample += stopped;
                state[n] = GONE;
            }
            case TASK_COMPLETION, RETAINED_DATA -> { // no new tasks; leaves when its tasks end (and their data goes)
                state[n] = LEAVING;
                retains[n] = deallocation == DeallocationOption.RETAINED_DATA;
            }
        }
    }

    /** Nodes at the start of a sample: allocations done, preempted nodes back, leaving nodes gone, preemptions. */
    private void nodesAt(double t, SplittableRandom nodeRandom, boolean preempt) {
        double chance = !preempt || pool.preemptionsPerNodeHour() <= 0 ? 0
                : 1 - Math.exp(-pool.preemptionsPerNodeHour() * STEP / 3600);
        for (int i = 0; i < activeCount; i++) {
            int n = active[i];
            if ((state[n] == ALLOCATING || state[n] == PREEMPTED) && readyAt[n] <= t) {
                state[n] = READY;
            } else if (state[n] == LEAVING && busy[n] == 0 && readyAt[n] <= t) {
                state[n] = GONE;
            } else if (chance > 0 && lowPriority[n] && (state[n] == READY || state[n] == LEAVING)
                    && nodeRandom.nextDouble() < chance) {
                preemptions++;
                requeueTasksOf(n);
                if (state[n] == LEAVING) {
                    state[n] = GONE;
                } else {
                    state[n] = PREEMPTED;
                    readyAt[n] = t + pool.preemptedFor().sample(nodeRandom)
                            + pool.lowPriorityAllocation().sample(nodeRandom);
                }
            }
        }
        compact();
    }

    private void compact() {
        int kept = 0;
        for (int i = 0; i < activeCount; i++) {
            if (state[active[i]] != GONE) {
                active[kept++] = active[i];
            }
        }
        activeCount = kept;
    }

    private int readySlots() {
        int slots = 0;
        for (int i = 0; i < activeCount; i++) {
            if (state[active[i]] == READY || state[active[i]] == LEAVING) {
                slots += pool.taskSlotsPerNode();
            }
        }
        return slots;
    }

    // ---- tasks ----------------------------------------------------------------------------------------------

    /** Arrivals and completions between t0 and t1, in time order; tasks start as soon as a slot is free. */
    private void events(double t0, double t1) {
        double now = t0;
        schedule(now);
        while (true) {
            double arrival = nextArrival();
            double completion = running > 0 ? runEnd[0] : Double.POSITIVE_INFINITY;
            double next = Math.min(arrival, completion);
            if (next >= t1) {
                busySlotSeconds += busySlots() * (t1 - now);
                return;
            }
            next = Math.max(next, now);
            busySlotSeconds += busySlots() * (next - now);
            now = next;
            if (completion <= arrival) {
                complete(now);
            } else {
                arrive();
            }
            schedule(now);
        }
    }

    private int busySlotsCache;

    private int busySlots() {
        return busySlotsCache;
    }

    private double nextArrival() {
        return nextSubmission < workload.size() ? workload.times()[nextSubmission] : Double.POSITIVE_INFINITY;
    }

    /** One task of the next submission joins the queue. */
    private void arrive() {
        if (submissionLeft == 0) {
            submissionLeft = workload.counts()[nextSubmission];
            if (submissionLeft == 0) {
                nextSubmission++;
                return;
            }
        }
        if (taskCount == submitted.length) {
            submitted = Arrays.copyOf(submitted, taskCount * 2);
            runFor = Arrays.copyOf(runFor, taskCount * 2);
        }
        int task = taskCount++;
        submitted[task] = workload.times()[nextSubmission];
        runFor[task] = workload.durations()[nextSubmission];
        if (--submissionLeft == 0) {
            nextSubmission++;
        }
        enqueueBack(task);
    }

    private void complete(double now) {
        int task = runTask[0];
        int node = runNode[0];
        double started = runStart[0];
        popRunning();
        busy[node]--;
        busySlotsCache--;
        succeeded++;
        succeededThisSample++;
        addWait(started - submitted[task]);
        lastTaskEnd[node] = now;
        if (state[node] == LEAVING && busy[node] == 0) {
            double retained = retains[node] ? pool.retainedDataSeconds() : 0;
            readyAt[node] = now + retained;
            if (retained == 0) {
                state[node] = GONE; // its last task ended: it leaves the pool now
            }
        }
    }

    private void addWait(double wait) {
        if (waitCount == waits.length) {
            waits = Arrays.copyOf(waits, waitCount * 2);
        }
        waits[waitCount++] = wait;
    }

    /** Starts waiting tasks on free slots: Spread on the least busy node, Pack on the busiest with room. */
    private void schedule(double now) {
        int slots = pool.taskSlotsPerNode();
        boolean pack = pool.fillType() == PoolSettings.FillType.PACK;
        while (queueSize > 0) {
            int best = -1;
            for (int i = 0; i < activeCount; i++) {
                int n = active[i];
                if (state[n] != READY || busy[n] >= slots) {
                    continue;
                }
                if (best < 0 || (pack ? busy[n] > busy[best] : busy[n] < busy[best])) {
                    best = n;
                }
            }
            if (best < 0) {
                return;
            }
            int task = dequeueFront();
            busy[best]++;
            busySlotsCache++;
            pushRunning(now + runFor[task], task, best, now);
        }
    }

    private void requeueTasksOf(int node) {
        int moved = dropTasksOf(node, true);
        requeued += moved;
    }

    /** Removes the running tasks of a node; requeued ones go to the front of the queue. Returns how many. */
    private int dropTasksOf(int node, boolean requeue) {
        int kept = 0;
        int dropped = 0;
        for (int i = 0; i < running; i++) {
            if (runNode[i] == node) {
                dropped++;
                if (requeue) {
                    enqueueFront(runTask[i]);
                }
            } else {
                runEnd[kept] = runEnd[i];
                runTask[kept] = runTask[i];
                runNode[kept] = runNode[i];
                runStart[kept] = runStart[i];
                kept++;
            }
        }
        running = kept;
        for (int i = running / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
        busySlotsCache -= busy[node];
        busy[node] = 0;
        return dropped;
    }

    private void enqueueBack(int task) {
        growQueue();
        queue[(queueHead + queueSize) % queue.length] = task;
        queueSize++;
    }

    private void enqueueFront(int task) {
        growQueue();
        queueHead = (queueHead - 1 + queue.length) % queue.length;
        queue[queueHead] = task;
        queueSize++;
    }

    private int dequeueFront() {
        int task = queue[queueHead];
        queueHead = (queueHead + 1) % queue.length;
        queueSize--;
        return task;
    }

    private void growQueue() {
        if (queueSize < queue.length) {
            return;
        }
        int[] bigger = new int[queue.length * 2];
        for (int i = 0; i < queueSize; i++) {
            bigger[i] = queue[(queueHead + i) % queue.length];
        }
        queue = bigger;
        queueHead = 0;
    }

    private void pushRunning(double end, int task, int node, double started) {
        if (running == runEnd.length) {
            int grown = running * 2;
            runEnd = Arrays.copyOf(runEnd, grown);
            runTask = Arrays.copyOf(runTask, grown);
            runNode = Arrays.copyOf(runNode, grown);
            runStart = Arrays.copyOf(runStart, grown);
        }
        int i = running++;
        runEnd[i] = end;
        runTask[i] = task;
        runNode[i] = node;
        runStart[i] = started;
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!before(i, parent)) {
                break;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void popRunning() {
        running--;
        if (running > 0) {
            runEnd[0] = runEnd[running];
            runTask[0] = runTask[running];
            runNode[0] = runNode[running];
            runStart[0] = runStart[running];
            siftDown(0);
        }
    }

    private void siftDown(int i) {
        while (true) {
            int left = 2 * i + 1;
            int right = left + 1;
            int smallest = i;
            if (left < running && before(left, smallest)) {
                smallest = left;
            }
            if (right < running && before(right, smallest)) {
                smallest = right;
            }
            if (smallest == i) {
                return;
            }
            swap(i, smallest);
            i = smallest;
        }
    }

    /** Heap order: earlier end first, then the task submitted first (so ties never depend on insertion order). */
    private boolean before(int a, int b) {
        return runEnd[a] < runEnd[b] || runEnd[a] == runEnd[b] && runTask[a] < runTask[b];
    }

    private void swap(int a, int b) {
        double e = runEnd[a];
        runEnd[a] = runEnd[b];
        runEnd[b] = e;
        int t = runTask[a];
        runTask[a] = runTask[b];
        runTask[b] = t;
        int n = runNode[a];
        runNode[a] = runNode[b];
        runNode[b] = n;
        double s = runStart[a];
        runStart[a] = runStart[b];
        runStart[b] = s;
    }
}
