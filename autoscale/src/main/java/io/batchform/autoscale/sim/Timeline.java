package io.batchform.autoscale.sim;

import java.util.List;

/**
 * One row per sample, at the sample's end: targets, current nodes by priority, tasks, preempted nodes, CPU. Kept in
 * memory only when a run asks for it ({@link Recording#timeline()}); otherwise each {@link Row} is handed to the
 * run's listener and forgotten.
 */
public final class Timeline {
    /**
     * A sample's row: the {@link #COLUMNS} (current nodes count those starting, ready, leaving and preempted), and
     * for the chart the nodes ready (or leaving with tasks) by priority and the nodes starting (allocating).
     */
    public record Row(double time, double targetDedicated, double targetLowPriority, int currentDedicated,
                      int currentLowPriority, int activeTasks, int runningTasks, int preemptedNodes, double cpuPercent,
                      int readyDedicated, int readyLowPriority, int startingNodes) {
        /** A column's value, by its name in {@link #COLUMNS}. */
        public double value(String column) {
            return switch (column) {
                case "time" -> time;
                case "targetDedicatedNodes" -> targetDedicated;
                case "targetLowPriorityNodes" -> targetLowPriority;
                case "currentDedicatedNodes" -> currentDedicated;
                case "currentLowPriorityNodes" -> currentLowPriority;
                case "activeTasks" -> activeTasks;
                case "runningTasks" -> runningTasks;
                case "pendingTasks" -> activeTasks + runningTasks;
                case "preemptedNodes" -> preemptedNodes;
                case "cpuPercent" -> cpuPercent;
                default -> throw new IllegalArgumentException("no timeline column " + column);
            };
        }
    }

    /** The columns, in CSV order. */
    public static final List<String> COLUMNS = List.of("time", "targetDedicatedNodes", "targetLowPriorityNodes",
            "currentDedicatedNodes", "currentLowPriorityNodes", "activeTasks", "runningTasks", "pendingTasks",
            "preemptedNodes", "cpuPercent");

    private final double[] time;
    private final double[] targetDedicated;
    private final double[] targetLowPriority;
    private final int[] currentDedicated;
    private final int[] currentLowPriority;
    private final int[] active;
    private final int[] running;
    private final int[] preempted;
    private final double[] cpu;

    Timeline(int samples) {
        time = new double[samples];
        targetDedicated = new double[samples];
        targetLowPriority = new double[samples];
        currentDedicated = new int[samples];
        currentLowPriority = new int[samples];
        active = new int[samples];
        running = new int[samples];
        preempted = new int[samples];
        cpu = new double[samples];
    }

    void record(int i, Row row) {
        record(i, row.time(), row.targetDedicated(), row.targetLowPriority(), row.currentDedicated(),
                row.currentLowPriority(), row.activeTasks(), row.runningTasks(), row.preemptedNodes(), row.cpuPercent());
    }

    void record(int i, double t, double targetD, double targetL, int currentD, int currentL, int activeTasks,
                int runningTasks, int preemptedNodes, double cpuPercent) {
        time[i] = t;
        targetDedicated[i] = targetD;
        targetLowPriority[i] = targetL;
        currentDedicated[i] = currentD;
        currentLowPriority[i] = currentL;
        active[i] = activeTasks;
        running[i] = runningTasks;
        preempted[i] = preemptedNodes;
        cpu[i] = cpuPercent;
    }

    /** Sample {@code i} as a row (without the chart's extra counts, which are not kept). */
    Timeline.Row row(int i) {
        return new Row(time[i], targetDedicated[i], targetLowPriority[i], currentDedicated[i], currentLowPriority[i],
                active[i], running[i], preempted[i], cpu[i], 0, 0, 0);
    }

    public int size() {
        return time.length;
    }

    /** Seconds from the start to the end of sample {@code i}. */
    public double time(int i) {
        return time[i];
    }

    /** A column's value at sample {@code i}, by its name in {@link #COLUMNS}. */
    public double value(String column, int i) {
        return switch (column) {
            case "time" -> time[i];
            case "targetDedicatedNodes" -> targetDedicated[i];
            case "targetLowPriorityNodes" -> targetLowPriority[i];
            case "currentDedicatedNodes" -> currentDedicated[i];
            case "currentLowPriorityNodes" -> currentLowPriority[i];
            case "activeTasks" -> active[i];
            case "runningTasks" -> running[i];
            case "pendingTasks" -> active[i] + running[i];
            case "preemptedNodes" -> preempted[i];
            case "cpuPercent" -> cpu[i];
            default -> throw new IllegalArgumentException("no timeline column " + column);
        };
    }

    /** The sample covering {@code seconds} from the start (the last one ending at or before it), or -1. */
    public int indexAt(double seconds) {
        int i = (int) Math.floor(seconds / Simulator.STEP) - 1;
        return i < 0 ? (size() > 0 && seconds >= 0 ? 0 : -1) : Math.min(i, size() - 1);
    }

    public double max(String column) {
        double max = 0;
        for (int i = 0; i < size(); i++) {
            max = Math.max(max, value(column, i));
        }
        return max;
    }
}
