package io.batchform.autoscale.sim;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The running tasks: a binary heap by end time, then by the task's ordinal (the order it was submitted in), so that
 * equal end times never depend on the order tasks were started. Entry 0 ends first; the others are in no order.
 */
final class RunningTasks {
    private double[] end = new double[256];
    private int[] task = new int[256];
    private int[] node = new int[256];
    private double[] started = new double[256];
    private long[] ordinal = new long[256];
    private int size;

    int size() {
        return size;
    }

    /** When the first task ends; infinity when none runs. */
    double earliestEnd() {
        return size > 0 ? end[0] : Double.POSITIVE_INFINITY;
    }

    int task(int i) {
        return task[i];
    }

    int node(int i) {
        return node[i];
    }

    double started(int i) {
        return started[i];
    }

    void push(double ends, int taskId, int nodeId, double startedAt, long taskOrdinal) {
        if (size == end.length) {
            int grown = size * 2;
            end = Arrays.copyOf(end, grown);
            task = Arrays.copyOf(task, grown);
            node = Arrays.copyOf(node, grown);
            started = Arrays.copyOf(started, grown);
            ordinal = Arrays.copyOf(ordinal, grown);
        }
        int i = size++;
        set(i, ends, taskId, nodeId, startedAt, taskOrdinal);
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!before(i, parent)) {
                break;
            }
            swap(i, parent);
            i = parent;
        }
    }

    /** Removes the task that ends first. */
    void popEarliest() {
        size--;
        if (size > 0) {
            set(0, end[size], task[size], node[size], started[size], ordinal[size]);
            siftDown(0);
        }
    }

    /** Removes the tasks running on {@code nodeId}, giving each to {@code removed}; returns how many. */
    int removeNode(int nodeId, IntConsumer removed) {
        int kept = 0;
        int dropped = 0;
        for (int i = 0; i < size; i++) {
            if (node[i] == nodeId) {
                dropped++;
                removed.accept(task[i]);
            } else {
                set(kept++, end[i], task[i], node[i], started[i], ordinal[i]);
            }
        }
        size = kept;
        for (int i = size / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
        return dropped;
    }

    /** Removes the instances of a task still running, giving each one's node to {@code freed}. */
    void removeTask(int taskId, IntConsumer freed) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (task[i] == taskId) {
                freed.accept(node[i]);
            } else {
                set(kept++, end[i], task[i], node[i], started[i], ordinal[i]);
            }
        }
        size = kept;
        for (int i = size / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    /** Follows a renumbering of the nodes: {@code newIndex[old]}. */
    void renumberNodes(int[] newIndex) {
        for (int i = 0; i < size; i++) {
            node[i] = newIndex[node[i]];
        }
    }

    private void set(int i, double ends, int taskId, int nodeId, double startedAt, long taskOrdinal) {
        end[i] = ends;
        task[i] = taskId;
        node[i] = nodeId;
        started[i] = startedAt;
        ordinal[i] = taskOrdinal;
    }

    private void siftDown(int i) {
        while (true) {
            int left = 2 * i + 1;
            int right = left + 1;
            int smallest = i;
            if (left < size && before(left, smallest)) {
                smallest = left;
            }
            if (right < size && before(right, smallest)) {
                smallest = right;
            }
            if (smallest == i) {
                return;
            }
            swap(i, smallest);
            i = smallest;
        }
    }

    private boolean before(int a, int b) {
        return end[a] < end[b] || end[a] == end[b] && ordinal[a] < ordinal[b];
    }

    private void swap(int a, int b) {
        double e = end[a];
        int t = task[a];
        int n = node[a];
        double s = started[a];
        long o = ordinal[a];
        set(a, end[b], task[b], node[b], started[b], ordinal[b]);
        set(b, e, t, n, s, o);
    }
}
