package io.batchform.autoscale.sim;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Task submissions, sorted by time: at {@code times[i]} seconds after the start, {@code counts[i]} tasks that each
 * run {@code durations[i]} seconds on {@code slots[i]} task slots of one node (the task's requiredSlots; null when
 * every task needs 1), or, as a multi-instance task, on {@code instances[i]} nodes at once, one slot on each (null
 * when no task is multi-instance). {@code start} is the instant a trace names (ISO-8601 times), if any.
 */
public record Workload(double[] times, double[] durations, int[] counts, int[] slots, int[] instances,
                       Optional<Instant> start) {
    public Workload {
        if (times.length != durations.length || times.length != counts.length
                || slots != null && slots.length != times.length
                || instances != null && instances.length != times.length) {
            throw new IllegalArgumentException("times, durations, counts, slots and instances must have the same length");
        }
        for (int i = 0; i < times.length; i++) {
            if (slots != null && slots[i] < 1 || instances != null && instances[i] < 1) {
                throw new IllegalArgumentException("a task needs at least 1 slot and 1 node");
            }
            if (slots != null && instances != null && slots[i] > 1 && instances[i] > 1) {
                throw new IllegalArgumentException("a multi-instance task takes 1 slot on each of its nodes");
            }
        }
        for (int i = 1; i < times.length; i++) {
            if (times[i] < times[i - 1]) {
                throw new IllegalArgumentException("submissions must be sorted by time");
            }
        }
    }

    /** Submissions whose tasks need 1 slot each. */
    public Workload(double[] times, double[] durations, int[] counts, Optional<Instant> start) {
        this(times, durations, counts, null, null, start);
    }

    /** Submissions of single-instance tasks, each needing {@code slots[i]} slots. */
    public Workload(double[] times, double[] durations, int[] counts, int[] slots, Optional<Instant> start) {
        this(times, durations, counts, slots, null, start);
    }

    /** The nodes each task of submission {@code i} runs on at once (its instances; 1 unless multi-instance). */
    public int instancesOf(int i) {
        return instances == null ? 1 : instances[i];
    }

    /** The slots each task of submission {@code i} needs (its requiredSlots). */
    public int slotsOf(int i) {
        return slots == null ? 1 : slots[i];
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

    /** Sorts submissions given in any order (stable for equal times), without boxing: a year is millions of them. */
    static Workload sorted(double[] times, double[] durations, int[] counts, int[] slots, int[] instances,
                           Optional<Instant> start) {
        int n = times.length;
        boolean inOrder = true;
        for (int i = 1; i < n && inOrder; i++) {
            inOrder = times[i] >= times[i - 1];
        }
        if (inOrder) {
            return new Workload(times, durations, counts, slots, instances, start);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        mergeSort(order, new int[n], 0, n, times);
        double[] t = new double[n];
        double[] d = new double[n];
        int[] c = new int[n];
        int[] r = slots == null ? null : new int[n];
        int[] m = instances == null ? null : new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = times[order[i]];
            d[i] = durations[order[i]];
            c[i] = counts[order[i]];
            if (r != null) {
                r[i] = slots[order[i]];
            }
            if (m != null) {
                m[i] = instances[order[i]];
            }
        }
        return new Workload(t, d, c, r, m, start);
    }

    /** A stable merge sort of indices by their keys, over [from, to). */
    private static void mergeSort(int[] order, int[] scratch, int from, int to, double[] keys) {
        if (to - from < 2) {
            return;
        }
        int middle = (from + to) >>> 1;
        mergeSort(order, scratch, from, middle, keys);
        mergeSort(order, scratch, middle, to, keys);
        if (keys[order[middle - 1]] <= keys[order[middle]]) {
            return; // already in order: generators give runs that are
        }
        System.arraycopy(order, from, scratch, from, to - from);
        int left = from;
        int right = middle;
        for (int i = from; i < to; i++) {
            if (right >= to || left < middle && keys[scratch[left]] <= keys[scratch[right]]) {
                order[i] = scratch[left++];
            } else {
                order[i] = scratch[right++];
            }
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Workload w && Arrays.equals(times, w.times) && Arrays.equals(durations, w.durations)
                && Arrays.equals(counts, w.counts) && Arrays.equals(slots, w.slots)
                && Arrays.equals(instances, w.instances) && start.equals(w.start);
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
