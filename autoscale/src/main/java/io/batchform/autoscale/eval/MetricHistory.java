package io.batchform.autoscale.eval;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The sample history of one metric: one sample per 30 seconds, oldest first, a missing sample stored as NaN. The
 * newest entry is the sample ending at the evaluation time. A window of length W covers the newest
 * {@code floor(W / 30 s)} entries. Backed by a ring buffer, so a simulator can append a sample per step without
 * copying; evaluation reads it in place.
 */
public final class MetricHistory {
    public static final Duration SAMPLE_PERIOD = Duration.ofSeconds(30);
    public static final long SAMPLE_PERIOD_NANOS = SAMPLE_PERIOD.toNanos();

    private double[] ring;
    private int start;
    private int size;
    private int available;
    private final int capacity;

    private MetricHistory(int capacity) {
        this.capacity = capacity;
        this.ring = new double[Math.min(Math.max(capacity, 1), 64)];
    }

    /** An empty history keeping at most {@code capacity} samples (older ones drop off as new ones arrive). */
    public static MetricHistory withCapacity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        return new MetricHistory(capacity);
    }

    /** A history of the given samples, oldest first; null means missing. */
    public static MetricHistory of(List<Double> samples) {
        MetricHistory history = new MetricHistory(Math.max(samples.size(), 1));
        for (Double sample : samples) {
            history.append(sample == null ? Double.NaN : sample);
        }
        return history;
    }

    public static MetricHistory of(double... samples) {
        MetricHistory history = new MetricHistory(Math.max(samples.length, 1));
        for (double sample : samples) {
            history.append(sample);
        }
        return history;
    }

    /** Appends the newest sample (NaN for a missing one), dropping the oldest when full. */
    public void append(double sample) {
        if (size == capacity) {
            double dropped = ring[start];
            if (!Double.isNaN(dropped)) {
                available--;
            }
            ring[start] = sample;
            start = (start + 1) % ring.length;
        } else {
            if (size == ring.length) {
                int grown = (int) Math.min(capacity, (long) ring.length * 2);
                double[] bigger = new double[grown];
                for (int i = 0; i < size; i++) {
                    bigger[i] = ring[(start + i) % ring.length];
                }
                ring = bigger;
                start = 0;
            }
            ring[(start + size) % ring.length] = sample;
            size++;
        }
        if (!Double.isNaN(sample)) {
            available++;
        }
    }

    /**
     * Replaces the entry {@code age} steps back from the newest (NaN makes it missing): a simulator appends a sample
     * as missing when it is taken and fills it in once it has propagated, as the service's history does.
     */
    public void set(int age, double sample) {
        if (age < 0 || age >= size) {
            throw new IndexOutOfBoundsException("no entry " + age + " samples back in a history of " + size);
        }
        int index = (start + size - 1 - age) % ring.length;
        if (!Double.isNaN(ring[index])) {
            available--;
        }
        ring[index] = sample;
        if (!Double.isNaN(sample)) {
            available++;
        }
    }

    /** Number of entries, missing ones included. */
    public int size() {
        return size;
    }

    /** Number of samples that are not missing. */
    public int available() {
        return available;
    }

    /** The entry {@code age} steps back from the newest (0 = newest); NaN when missing or beyond the history. */
    public double ago(int age) {
        if (age < 0 || age >= size) {
            return Double.NaN;
        }
        return ring[(start + size - 1 - age) % ring.length];
    }

    /** The entries oldest first, NaN for missing ones (a copy, for tests and reports). */
    public double[] toArray() {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = ring[(start + i) % ring.length];
        }
        return out;
    }

    @Override
    public String toString() {
        return Arrays.toString(toArray());
    }
}
