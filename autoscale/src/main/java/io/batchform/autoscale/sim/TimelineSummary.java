package io.batchform.autoscale.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * What the figures need from the timeline, gathered as the samples pass: each column's maximum and the backlogs
 * (stretches with waiting tasks) that reach a given peak. Its memory grows only with the number of such backlogs.
 */
final class TimelineSummary {
    private final double[] max = new double[Timeline.COLUMNS.size()];
    private final int minPeak;
    private final List<SimulationResult.Backlog> backlogs = new ArrayList<>();
    private double begin = -1;
    private int peak;
    private int samples;

    /** Backlogs are kept when their peak reaches {@code minPeak} tasks. */
    TimelineSummary(int minPeak) {
        this.minPeak = minPeak;
    }

    void add(Timeline.Row row) {
        for (int c = 1; c < max.length; c++) {
            max[c] = Math.max(max[c], row.value(Timeline.COLUMNS.get(c)));
        }
        samples++;
        int active = row.activeTasks();
        if (active > 0) {
            if (begin < 0) {
                begin = row.time() - Simulator.STEP;
                peak = 0;
            }
            peak = Math.max(peak, active);
        } else if (begin >= 0) {
            if (peak >= minPeak) {
                backlogs.add(new SimulationResult.Backlog(begin, row.time(), peak, true));
            }
            begin = -1;
        }
    }

    /** Ends the run at {@code duration} seconds: a backlog still open is not absorbed. */
    void end(double duration) {
        if (begin >= 0 && peak >= minPeak) {
            backlogs.add(new SimulationResult.Backlog(begin, duration, peak, false));
        }
        begin = -1;
    }

    double max(String column) {
        return max[Timeline.COLUMNS.indexOf(column)];
    }

    int minPeak() {
        return minPeak;
    }

    List<SimulationResult.Backlog> backlogs() {
        return List.copyOf(backlogs);
    }
}
