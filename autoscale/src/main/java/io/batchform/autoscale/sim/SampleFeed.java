package io.batchform.autoscale.sim;

import io.batchform.autoscale.eval.EvaluationContext;
import io.batchform.autoscale.eval.MetricHistory;
import io.batchform.autoscale.lang.SystemVariable;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The metric histories a simulated formula reads, fed one sample per step with the service's delay: a sample ending
 * at t becomes readable a delay after t, drawn for each sample from the pool's sample delay (up to a minute by
 * default, the documentation's "samples in the range (0 * TimeInterval_Second, 60 * TimeInterval_Second) may not be
 * available"). Until then it is in the history as missing, as the service's is. A sample may also be lost for good
 * ({@code missingSampleRate}). Evaluations happen on sample boundaries, so a sample whose delay is {@code d} is
 * readable {@code ceil(d / 30 s)} samples after it was taken.
 */
final class SampleFeed {
    /** The metrics the model samples, in the order of {@link #record}'s values. */
    static final SystemVariable[] SAMPLED = {SystemVariable.ACTIVE_TASKS, SystemVariable.RUNNING_TASKS,
            SystemVariable.PENDING_TASKS, SystemVariable.SUCCEEDED_TASKS, SystemVariable.FAILED_TASKS,
            SystemVariable.CPU_PERCENT, SystemVariable.PREEMPTED_NODE_COUNT, SystemVariable.USABLE_NODE_COUNT};

    private final MetricHistory[] histories = new MetricHistory[SAMPLED.length];
    private final PoolSettings pool;
    private final SplittableRandom missing;
    private final SplittableRandom delays;
    private final int capacity;
    // Samples taken and not yet readable: the step they were taken, the step they become readable, their values.
    private int[] takenAt = new int[4];
    private int[] readableAt = new int[4];
    private double[][] values = new double[4][SAMPLED.length];
    private int pending;

    SampleFeed(EvaluationContext context, PoolSettings pool, int capacity, SplittableRandom missing,
               SplittableRandom delays) {
        this.pool = pool;
        this.missing = missing;
        this.delays = delays;
        this.capacity = capacity;
        for (int i = 0; i < SAMPLED.length; i++) {
            histories[i] = MetricHistory.withCapacity(capacity);
            context.metric(SAMPLED[i], histories[i]);
        }
    }

    /** Records the sample taken at the end of step {@code step}, and fills in the samples readable from then. */
    void record(int step, double... sample) {
        for (MetricHistory history : histories) {
            history.append(Double.NaN);
        }
        int lag = (int) Math.min(Integer.MAX_VALUE, Math.ceil(pool.sampleDelay().sample(delays) / Simulator.STEP));
        if (lag < capacity) {
            add(step, step + lag, sample);
        }
        // In the order they were taken, so that a fixed delay draws the missing samples as it always has.
        for (int i = 0; i < pending; ) {
            if (readableAt[i] <= step) {
                boolean lost = pool.missingSampleRate() > 0 && missing.nextDouble() < pool.missingSampleRate();
                for (int m = 0; !lost && m < histories.length; m++) {
                    histories[m].set(step - takenAt[i], values[i][m]);
                }
                removeAt(i);
            } else {
                i++;
            }
        }
    }

    private void add(int taken, int readable, double[] sample) {
        if (pending == takenAt.length) {
            takenAt = Arrays.copyOf(takenAt, pending * 2);
            readableAt = Arrays.copyOf(readableAt, pending * 2);
            values = Arrays.copyOf(values, pending * 2);
            for (int i = pending; i < values.length; i++) {
                values[i] = new double[SAMPLED.length];
            }
        }
        takenAt[pending] = taken;
        readableAt[pending] = readable;
        System.arraycopy(sample, 0, values[pending], 0, SAMPLED.length);
        pending++;
    }

    /** Removes entry i, keeping the others in the order they were taken (the buffer it held is reused). */
    private void removeAt(int i) {
        double[] buffer = values[i];
        System.arraycopy(takenAt, i + 1, takenAt, i, pending - i - 1);
        System.arraycopy(readableAt, i + 1, readableAt, i, pending - i - 1);
        System.arraycopy(values, i + 1, values, i, pending - i - 1);
        pending--;
        values[pending] = buffer;
    }
}
