package io.batchform.autoscale.sim;

import java.util.List;

/**
 * The series a chart draws, aggregated as the samples pass into buckets of a fixed width chosen from the run's
 * length (30 s for a day, an hour for 90 days, a day for three years), each keeping the minimum, maximum and mean
 * of its samples: at most {@value #MAX_BUCKETS} buckets, so the chart of any run is drawn from bounded memory and
 * stays readable.
 */
public final class ChartSeries {
    /** The series, in the order {@link #add} takes them. */
    public static final List<String> SERIES = List.of("targetDedicatedNodes", "targetLowPriorityNodes",
            "readyDedicatedNodes", "readyLowPriorityNodes", "startingNodes", "pendingTasks");
    static final int MAX_BUCKETS = 3000;
    /** Bucket widths to choose from, seconds: the first that keeps the run within {@link #MAX_BUCKETS}. */
    private static final double[] WIDTHS = {30, 300, 900, 3600, 6 * 3600, 86_400, 7 * 86_400, 28 * 86_400};

    private final double bucketSeconds;
    private final double[][] min;
    private final double[][] max;
    private final double[][] sum;
    private final int[] samples;
    private int used;

    ChartSeries(double durationSeconds) {
        double width = WIDTHS[WIDTHS.length - 1];
        for (double w : WIDTHS) {
            if (Math.ceil(durationSeconds / w) <= MAX_BUCKETS) {
                width = w;
                break;
            }
        }
        bucketSeconds = width;
        int buckets = (int) Math.max(1, Math.ceil(durationSeconds / width));
        min = new double[SERIES.size()][buckets];
        max = new double[SERIES.size()][buckets];
        sum = new double[SERIES.size()][buckets];
        samples = new int[buckets];
    }

    /** A sample ending {@code end} seconds from the start, with a value for each of {@link #SERIES}. */
    void add(double end, double... values) {
        int b = Math.min(samples.length - 1, (int) Math.floor((end - Simulator.STEP) / bucketSeconds));
        for (int s = 0; s < values.length; s++) {
            double v = values[s];
            if (samples[b] == 0) {
                min[s][b] = v;
                max[s][b] = v;
            } else {
                min[s][b] = Math.min(min[s][b], v);
                max[s][b] = Math.max(max[s][b], v);
            }
            sum[s][b] += v;
        }
        samples[b]++;
        used = Math.max(used, b + 1);
    }

    /** Seconds each bucket covers. */
    public double bucketSeconds() {
        return bucketSeconds;
    }

    /** Buckets holding samples. */
    public int size() {
        return used;
    }

    /** Seconds from the start to the beginning of bucket {@code b}. */
    public double start(int b) {
        return b * bucketSeconds;
    }

    public double min(String series, int b) {
        return min[index(series)][b];
    }

    public double max(String series, int b) {
        return max[index(series)][b];
    }

    public double mean(String series, int b) {
        return samples[b] == 0 ? 0 : sum[index(series)][b] / samples[b];
    }

    /** Whether any bucket holds more than one sample (then the chart draws envelopes). */
    public boolean aggregated() {
        return bucketSeconds > Simulator.STEP;
    }

    /** The largest value of a series over the run. */
    public double peak(String series) {
        double[] m = max[index(series)];
        double peak = 0;
        for (int b = 0; b < used; b++) {
            peak = Math.max(peak, m[b]);
        }
        return peak;
    }

    private static int index(String series) {
        int i = SERIES.indexOf(series);
        if (i < 0) {
            throw new IllegalArgumentException("no chart series " + series);
        }
        return i;
    }
}
