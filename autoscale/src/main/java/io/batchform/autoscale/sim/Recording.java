package io.batchform.autoscale.sim;

/**
 * What a simulation keeps in memory besides its figures, and whom it tells as it goes. A run that keeps neither the
 * timeline nor the evaluations uses memory that does not grow with its length: its figures, the chart's aggregated
 * series and the bursts are computed as the samples pass, and a {@link Listener} can stream the rest to files.
 *
 * @param timeline      keep every sample (for {@link SimulationResult#timeline()}: tests, formula tests)
 * @param evaluations   keep every evaluation (for {@link SimulationResult#evaluations()})
 * @param waitThreshold the wait (seconds) over which a task counts in {@code waitedOverShare}
 * @param listener      told of every sample and evaluation, in order; null for none
 */
public record Recording(boolean timeline, boolean evaluations, double waitThreshold, Listener listener) {
    /** The default threshold of {@code waitedOverShare}: 10 minutes. */
    public static final double DEFAULT_WAIT_THRESHOLD = 600;
    /** Keep everything in memory: short runs, tests. */
    public static final Recording ALL = new Recording(true, true, DEFAULT_WAIT_THRESHOLD, null);
    /** Keep nothing that grows with the run: the figures only (the tuner, long runs). */
    public static final Recording FIGURES = new Recording(false, false, DEFAULT_WAIT_THRESHOLD, null);

    public Recording {
        if (!(waitThreshold >= 0)) {
            throw new IllegalArgumentException("the wait threshold is a duration of 0 or more");
        }
    }

    /** Keep nothing; tell {@code listener} of every sample and evaluation. */
    public static Recording streaming(double waitThreshold, Listener listener) {
        return new Recording(false, false, waitThreshold, listener);
    }

    public Recording withWaitThreshold(double seconds) {
        return new Recording(timeline, evaluations, seconds, listener);
    }

    /** Receives the samples and evaluations of a run as they happen (to write them out, say). */
    public interface Listener {
        void sample(Timeline.Row row);

        void evaluation(int index, SimulationResult.Evaluation evaluation);
    }
}
