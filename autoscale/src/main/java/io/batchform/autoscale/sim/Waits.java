package io.batchform.autoscale.sim;

import java.util.Arrays;

/**
 * The queue waits of a simulation, in memory that does not grow with its length: every wait is kept exactly up to
 * {@link #EXACT_LIMIT} of them (so short runs and their goldens give exact percentiles); beyond that they are folded
 * into a histogram with logarithmic bins, whose percentiles are within {@value #RELATIVE_ERROR} of the true value
 * (relative, or 1 ms absolute for waits under a second). The count, mean and maximum stay exact throughout, and so
 * does the number of waits over the threshold given up front.
 */
final class Waits {
    /** Waits kept exactly: 2^20 of them (8 MB); a year at 1,000 tasks an hour is 8.8 million. */
    static final int EXACT_LIMIT = 1 << 20;
    /** Bin width of the histogram, relative. */
    static final double RELATIVE_ERROR = 0.001;
    private static final double LOG_BASE = Math.log1p(RELATIVE_ERROR);
    /** Waits under this many seconds share linear bins of one millisecond. */
    private static final double LINEAR_BELOW = 1;

    private final double threshold;
    private double[] exact = new double[1024];
    private long[] bins;
    private long count;
    private double sum;
    private double max;
    private long over;
    private boolean sorted;

    /** {@code threshold}: waits longer than this are counted exactly ({@link #over}). */
    Waits(double threshold) {
        this.threshold = threshold;
    }

    void add(double wait) {
        count++;
        sum += wait;
        max = Math.max(max, wait);
        if (wait > threshold) {
            over++;
        }
        sorted = false;
        if (bins != null) {
            bins[bin(wait)]++;
            return;
        }
        int n = (int) (count - 1);
        if (n == exact.length) {
            if (n == EXACT_LIMIT) {
                fold();
                bins[bin(wait)]++;
                return;
            }
            exact = Arrays.copyOf(exact, Math.min(EXACT_LIMIT, n * 2));
        }
        exact[n] = wait;
    }

    /** Whether percentiles are exact (no more than {@link #EXACT_LIMIT} waits). */
    boolean isExact() {
        return bins == null;
    }

    long count() {
        return count;
    }

    double mean() {
        return count == 0 ? 0 : sum / count;
    }

    double max() {
        return max;
    }

    /** Waits longer than the threshold given when this was made. */
    long over() {
        return over;
    }

    /** The wait at percentile {@code p} (0..100), nearest rank; 0 without waits. */
    double percentile(double p) {
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, Math.min(count, (long) Math.ceil(p / 100 * count)));
        if (bins == null) {
            if (!sorted) {
                Arrays.sort(exact, 0, (int) count);
                sorted = true;
            }
            return exact[(int) rank - 1];
        }
        if (rank == count) {
            return max;
        }
        long seen = 0;
        for (int i = 0; i < bins.length; i++) {
            seen += bins[i];
            if (seen >= rank) {
                return Math.min(max, value(i));
            }
        }
        return max;
    }

    private void fold() {
        bins = new long[bin(Double.MAX_VALUE) + 1];
        for (int i = 0; i < exact.length; i++) {
            bins[bin(exact[i])]++;
        }
        exact = null;
    }

    private static final int LINEAR_BINS = (int) (LINEAR_BELOW * 1000);

    private static int bin(double wait) {
        if (!(wait > 0)) {
            return 0;
        }
        if (wait < LINEAR_BELOW) {
            return (int) (wait * 1000);
        }
        double log = Math.log(Math.min(wait, 1e12) / LINEAR_BELOW) / LOG_BASE;
        return LINEAR_BINS + (int) log;
    }

    /** The middle of a bin. */
    private static double value(int bin) {
        if (bin == 0) {
            return 0;
        }
        if (bin < LINEAR_BINS) {
            return (bin + 0.5) / 1000;
        }
        return LINEAR_BELOW * Math.exp((bin - LINEAR_BINS + 0.5) * LOG_BASE);
    }
}
