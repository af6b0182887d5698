package io.batchform.autoscale.sim;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Task submissions, sorted by time: at {@code times[i]} seconds after the start, {@code counts[i]} tasks that each
 * run {@code durations[i]} seconds. {@code start} is the instant a trace names (ISO-8601 times), if any.
 */
public record Workload(double[] times, double[] durations, int[] counts, Optional<Instant> start) {
    public Workload {
        if (times.length != durations.length || times.length != counts.length) {
            throw new IllegalArgumentException("times, durations and counts must have the same length");
        }
        for (int i = 1; i < times.length; i++) {
            if (times[i] < times[i - 1]) {
                throw new IllegalArgumentException("submissions must be sorted by time");
            }
        }
    }

    /** The total number of tasks. */
    public long tasks() {
        long total = 0;
        for (int count : counts) {
            total += count;
        }
        return total;
    }

    public int size() {
        return times.length;
    }

    /** Sorts submissions given in any order (stable for equal times). */
    static Workload sorted(double[] times, double[] durations, int[] counts, Optional<Instant> start) {
        Integer[] order = new Integer[times.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(times[a], times[b]));
        double[] t = new double[times.length];
        double[] d = new double[times.length];
        int[] c = new int[times.length];
        for (int i = 0; i < order.length; i++) {
            t[i] = times[order[i]];
            d[i] = durations[order[i]];
            c[i] = counts[order[i]];
        }
        return new Workload(t, d, c, start);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Workload w && Arrays.equals(times, w.times) && Arrays.equals(durations, w.durations)
                && Arrays.equals(counts, w.counts) && start.equals(w.start);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(times) * 31 + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Workload[" + times.length + " submissions, " + tasks() + " tasks]";
    }
}
