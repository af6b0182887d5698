package io.batchform.autoscale.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a simulation found: tasks done and failed, queue waits, the timeline, every evaluation, node-hours by
 * priority and idle, from which the summary figures are derived.
 */
public final class SimulationResult {
    /** One evaluation: when (seconds from the start), the service's results string, and the error if it failed. */
    public record Evaluation(double time, String results, String error) {
        public boolean failed() {
            return error != null;
        }
    }

    /** A stretch of time with tasks waiting: from the sample where the backlog appeared to the one it was gone. */
    public record Backlog(double start, double end, int peak, boolean absorbed) {
        public double duration() {
            return end - start;
        }
    }

    private final PoolSettings pool;
    private final Instant start;
    private final double duration;
    private final long tasksSubmitted;
    private final long tasksDone;
    private final long tasksFailed;
    private final long tasksRequeued;
    private final long preemptions;
    private final double[] sortedWaits;
    private final Timeline timeline;
    private final List<Evaluation> evaluations;
    private final long evaluationErrors;
    private final double nodeHoursDedicated;
    private final double nodeHoursLowPriority;
    private final double idleNodeHours;
    private final long unschedulableTasks;
    private final int unschedulableSlots;

    SimulationResult(PoolSettings pool, Instant start, double duration, long tasksSubmitted, long tasksDone,
                     long tasksFailed, long tasksRequeued, long preemptions, double[] sortedWaits, Timeline timeline,
                     List<Evaluation> evaluations, long evaluationErrors, double nodeHoursDedicated,
                     double nodeHoursLowPriority, double idleNodeHours, long unschedulableTasks,
                     int unschedulableSlots) {
        this.pool = pool;
        this.start = start;
        this.duration = duration;
        this.tasksSubmitted = tasksSubmitted;
        this.tasksDone = tasksDone;
        this.tasksFailed = tasksFailed;
        this.tasksRequeued = tasksRequeued;
        this.preemptions = preemptions;
        this.sortedWaits = sortedWaits;
        this.timeline = timeline;
        this.evaluations = List.copyOf(evaluations);
        this.evaluationErrors = evaluationErrors;
        this.nodeHoursDedicated = nodeHoursDedicated;
        this.nodeHoursLowPriority = nodeHoursLowPriority;
        this.idleNodeHours = idleNodeHours;
        this.unschedulableTasks = unschedulableTasks;
        this.unschedulableSlots = unschedulableSlots;
    }

    /**
     * Tasks that needed more slots than a node has and so never started (Azure/Batch#117): they stay active, so a
     * formula that follows the queue keeps nodes for them that never run anything.
     */
    public long unschedulableTasks() {
        return unschedulableTasks;
    }

    /** The most slots an unschedulable task needed (0 when there is none). */
    public int unschedulableSlots() {
        return unschedulableSlots;
    }

    public PoolSettings pool() {
        return pool;
    }

    public Instant start() {
        return start;
    }

    public double duration() {
        return duration;
    }

    public long tasksSubmitted() {
        return tasksSubmitted;
    }

    public long tasksDone() {
        return tasksDone;
    }

    public long tasksFailed() {
        return tasksFailed;
    }

    public long tasksRequeued() {
        return tasksRequeued;
    }

    public long preemptions() {
        return preemptions;
    }

    public Timeline timeline() {
        return timeline;
    }

    public List<Evaluation> evaluations() {
        return evaluations;
    }

    public long evaluationErrors() {
        return evaluationErrors;
    }

    public double nodeHoursDedicated() {
        return nodeHoursDedicated;
    }

    public double nodeHoursLowPriority() {
        return nodeHoursLowPriority;
    }

    public double idleNodeHours() {
        return idleNodeHours;
    }

    /** The queue wait (start minus submission) of completed tasks at percentile {@code p} (0..100), nearest rank. */
    public double queueWait(double p) {
        if (sortedWaits.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100 * sortedWaits.length);
        return sortedWaits[Math.max(0, Math.min(sortedWaits.length - 1, rank - 1))];
    }

    public double peakBacklog() {
        return timeline.max("activeTasks");
    }

    /** The stretches with waiting tasks whose peak is at least {@code minPeak} tasks, in time order. */
    public List<Backlog> backlogs(int minPeak) {
        List<Backlog> out = new ArrayList<>();
        int begin = -1;
        int peak = 0;
        for (int i = 0; i < timeline.size(); i++) {
            int active = (int) timeline.value("activeTasks", i);
            if (active > 0) {
                if (begin < 0) {
                    begin = i;
                    peak = 0;
                }
                peak = Math.max(peak, active);
            } else if (begin >= 0) {
                if (peak >= minPeak) {
                    out.add(new Backlog(timeline.time(begin) - Simulator.STEP, timeline.time(i), peak, true));
                }
                begin = -1;
            }
        }
        if (begin >= 0 && peak >= minPeak) {
            out.add(new Backlog(timeline.time(begin) - Simulator.STEP, duration, peak, false));
        }
        return out;
    }

    /** A named figure, for reports and test expectations; see {@link #FIGURES}. */
    public double figure(String name, Prices.Price price) {
        return switch (name) {
            case "tasksSubmitted" -> tasksSubmitted;
            case "tasksDone" -> tasksDone;
            case "tasksFailed" -> tasksFailed;
            case "tasksRequeued" -> tasksRequeued;
            case "preemptions" -> preemptions;
            case "queueWaitP50" -> queueWait(50);
            case "queueWaitP95" -> queueWait(95);
            case "queueWaitMax" -> queueWait(100);
            case "peakBacklog" -> peakBacklog();
            case "maxDedicatedNodes" -> timeline.max("currentDedicatedNodes");
            case "maxLowPriorityNodes" -> timeline.max("currentLowPriorityNodes");
            case "maxTargetDedicatedNodes" -> timeline.max("targetDedicatedNodes");
            case "nodeHoursDedicated" -> nodeHoursDedicated;
            case "nodeHoursLowPriority" -> nodeHoursLowPriority;
            case "idleNodeHours" -> idleNodeHours;
            case "costDedicated" -> nodeHoursDedicated * price.dedicatedPerHour();
            case "costLowPriority" -> nodeHoursLowPriority * price.lowPriorityPerHour();
            case "costTotal" -> nodeHoursDedicated * price.dedicatedPerHour()
                    + nodeHoursLowPriority * price.lowPriorityPerHour();
            case "evaluations" -> evaluations.size();
            case "evaluationErrors" -> evaluationErrors;
            case "unschedulableTasks" -> unschedulableTasks;
            default -> throw new IllegalArgumentException("no figure " + name);
        };
    }

    /** Every figure name {@link #figure} knows; durations are in seconds, costs in USD. */
    public static final List<String> FIGURES = List.of("tasksSubmitted", "tasksDone", "tasksFailed", "tasksRequeued",
            "preemptions", "queueWaitP50", "queueWaitP95", "queueWaitMax", "peakBacklog", "maxDedicatedNodes",
            "maxLowPriorityNodes", "maxTargetDedicatedNodes", "nodeHoursDedicated", "nodeHoursLowPriority",
            "idleNodeHours", "costDedicated", "costLowPriority", "costTotal", "evaluations", "evaluationErrors");

    /** Figures that are durations (printed and compared as such). */
    public static boolean isDuration(String figure) {
        return figure.startsWith("queueWait");
    }
}
