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
    private final Counts counts;
    private final Waits waits;
    private final Timeline timeline;
    private final TimelineSummary summary;
    private final ChartSeries chart;
    private final List<Evaluation> evaluations;
    private final long evaluationCount;
    private final Evaluation firstError;
    private final double waitThreshold;

    /** The totals a run counts as it goes (node-hours in hours, slot time in slot-seconds). */
    record Counts(long tasksSubmitted, long tasksDone, long tasksFailed, long tasksRequeued, long preemptions,
                  long evaluationErrors, double nodeHoursDedicated, double nodeHoursLowPriority, double idleNodeHours,
                  double busySlotSeconds, double readySlotSeconds, long unschedulableTasks, int unschedulableSlots,
                  long evictionWaves) {
    }

    SimulationResult(PoolSettings pool, Instant start, double duration, Counts counts, Waits waits, Timeline timeline,
                     TimelineSummary summary, ChartSeries chart, List<Evaluation> evaluations, long evaluationCount,
                     Evaluation firstError, double waitThreshold) {
        this.pool = pool;
        this.start = start;
        this.duration = duration;
        this.counts = counts;
        this.waits = waits;
        this.timeline = timeline;
        this.summary = summary;
        this.chart = chart;
        this.evaluations = evaluations == null ? null : List.copyOf(evaluations);
        this.evaluationCount = evaluationCount;
        this.firstError = firstError;
        this.waitThreshold = waitThreshold;
    }

    /**
     * Tasks that needed more slots than a node has and so never started (Azure/Batch#117): they stay active, so a
     * formula that follows the queue keeps nodes for them that never run anything.
     */
    public long unschedulableTasks() {
        return counts.unschedulableTasks();
    }

    /** Region-wide eviction waves that came during the run ({@link PoolSettings.EvictionWaves}). */
    public long evictionWaves() {
        return counts.evictionWaves();
    }

    /** The most slots an unschedulable task needed (0 when there is none). */
    public int unschedulableSlots() {
        return counts.unschedulableSlots();
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
        return counts.tasksSubmitted();
    }

    public long tasksDone() {
        return counts.tasksDone();
    }

    public long tasksFailed() {
        return counts.tasksFailed();
    }

    public long tasksRequeued() {
        return counts.tasksRequeued();
    }

    public long preemptions() {
        return counts.preemptions();
    }

    /** Every sample; only when the run kept them ({@link Recording#timeline()}). */
    public Timeline timeline() {
        if (timeline == null) {
            throw new IllegalStateException("this run did not keep its timeline (Recording.timeline)");
        }
        return timeline;
    }

    /** The chart's series, aggregated as the run went. */
    public ChartSeries chart() {
        return chart;
    }

    /** Every evaluation; only when the run kept them ({@link Recording#evaluations()}). */
    public List<Evaluation> evaluations() {
        if (evaluations == null) {
            throw new IllegalStateException("this run did not keep its evaluations (Recording.evaluations)");
        }
        return evaluations;
    }

    /** The first evaluation that failed, if any. */
    public java.util.Optional<Evaluation> firstError() {
        return java.util.Optional.ofNullable(firstError);
    }

    /** The wait over which a task counts in {@code waitedOverPercent}, seconds. */
    public double waitThreshold() {
        return waitThreshold;
    }

    /** Whether the wait percentiles are exact (else within 0.1%: more than a million tasks). */
    public boolean waitsExact() {
        return waits.isExact();
    }

    public long evaluationErrors() {
        return counts.evaluationErrors();
    }

    public double nodeHoursDedicated() {
        return counts.nodeHoursDedicated();
    }

    public double nodeHoursLowPriority() {
        return counts.nodeHoursLowPriority();
    }

    public double idleNodeHours() {
        return counts.idleNodeHours();
    }

    /**
     * The queue wait (start minus submission) of the tasks at percentile {@code p} (0..100), nearest rank: done
     * tasks, tasks still running (to their start) and tasks never started (to the end).
     */
    public double queueWait(double p) {
        return waits.percentile(p);
    }

    public double peakBacklog() {
        return summary.max("activeTasks");
    }

    /**
     * The stretches with waiting tasks whose peak is at least {@code minPeak} tasks, in time order. A run that did
     * not keep its timeline knows those of at least {@link Reports#burstThreshold} tasks only.
     */
    public List<Backlog> backlogs(int minPeak) {
        if (timeline == null || minPeak >= summary.minPeak()) {
            if (minPeak < summary.minPeak()) {
                throw new IllegalStateException("this run kept backlogs of " + summary.minPeak() + " tasks or more");
            }
            return summary.backlogs().stream().filter(b -> b.peak() >= minPeak).toList();
        }
        TimelineSummary all = new TimelineSummary(minPeak);
        for (int i = 0; i < timeline.size(); i++) {
            all.add(timeline.row(i));
        }
        all.end(duration);
        return all.backlogs();
    }

    /** The largest value of a timeline column over the run. */
    public double max(String column) {
        return summary.max(column);
    }

    /** A named figure, for reports and test expectations; see {@link #FIGURES}. */
    public double figure(String name, Prices.Price price) {
        return switch (name) {
            case "tasksSubmitted" -> counts.tasksSubmitted();
            case "tasksDone" -> counts.tasksDone();
            case "tasksFailed" -> counts.tasksFailed();
            case "tasksRequeued" -> counts.tasksRequeued();
            case "preemptions" -> counts.preemptions();
            case "queueWaitP50" -> queueWait(50);
            case "queueWaitP95" -> queueWait(95);
            case "queueWaitP99" -> queueWait(99);
            case "queueWaitMax" -> queueWait(100);
            case "queueWaitMean" -> waits.mean();
            case "waitedOverPercent" -> waits.count() == 0 ? 0 : 100.0 * waits.over() / waits.count();
            case "peakBacklog" -> peakBacklog();
            case "maxDedicatedNodes" -> summary.max("currentDedicatedNodes");
            case "maxLowPriorityNodes" -> summary.max("currentLowPriorityNodes");
            case "maxTargetDedicatedNodes" -> summary.max("targetDedicatedNodes");
            case "nodeHoursDedicated" -> counts.nodeHoursDedicated();
            case "nodeHoursLowPriority" -> counts.nodeHoursLowPriority();
            case "idleNodeHours" -> counts.idleNodeHours();
            case "idleSlotNodeHours" -> (counts.readySlotSeconds() - counts.busySlotSeconds())
                    / pool.taskSlotsPerNode() / 3600;
            case "slotUtilisationPercent" -> counts.readySlotSeconds() == 0 ? 0
                    : 100 * counts.busySlotSeconds() / counts.readySlotSeconds();
            case "costDedicated" -> counts.nodeHoursDedicated() * price.dedicatedPerHour();
            case "costLowPriority" -> counts.nodeHoursLowPriority() * price.lowPriorityPerHour();
            case "costTotal" -> cost(price);
            case "costPerTask" -> counts.tasksDone() == 0 ? Double.NaN : cost(price) / counts.tasksDone();
            case "evaluations" -> evaluationCount;
            case "evaluationErrors" -> counts.evaluationErrors();
            case "unschedulableTasks" -> counts.unschedulableTasks();
            default -> throw new IllegalArgumentException("no figure " + name);
        };
    }

    private double cost(Prices.Price price) {
        return counts.nodeHoursDedicated() * price.dedicatedPerHour()
                + counts.nodeHoursLowPriority() * price.lowPriorityPerHour();
    }

    /**
     * Every figure name {@link #figure} knows; durations are in seconds, costs in USD, percentages 0 to 100.
     * {@code idleSlotNodeHours} counts idle slots (a node with 3 of 4 slots busy is a quarter idle);
     * {@code idleNodeHours} counts only nodes with no busy slot. {@code costPerTask} is NaN when no task was done.
     */
    public static final List<String> FIGURES = List.of("tasksSubmitted", "tasksDone", "tasksFailed", "tasksRequeued",
            "preemptions", "queueWaitP50", "queueWaitP95", "queueWaitP99", "queueWaitMax", "queueWaitMean",
            "waitedOverPercent", "peakBacklog", "maxDedicatedNodes", "maxLowPriorityNodes", "maxTargetDedicatedNodes",
            "nodeHoursDedicated", "nodeHoursLowPriority", "idleNodeHours", "idleSlotNodeHours",
            "slotUtilisationPercent", "costDedicated", "costLowPriority", "costTotal", "costPerTask", "evaluations",
            "evaluationErrors");

    /** Figures that are durations (printed and compared as such). */
    public static boolean isDuration(String figure) {
        return figure.startsWith("queueWait");
    }
}
