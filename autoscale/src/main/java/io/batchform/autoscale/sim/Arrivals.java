package io.batchform.autoscale.sim;

import java.util.Arrays;
import java.util.Iterator;

/**
 * The tasks of a workload as they arrive, one at a time in submission order. Each task gets an id for the queue and
 * the running set; an id is reused once its task has ended, so memory follows the tasks waiting and running, not the
 * length of the simulation. A task's ordinal is its place in submission order (ties between equal end times). The
 * workload comes in chunks, each sorted and later than the one before, so a long run never holds all of it.
 */
final class Arrivals {
    private final Iterator<Workload> chunks;
    private Workload workload;
    private long tasksInChunks;
    private int nextSubmission;
    private int submissionLeft;
    private long arrived;

    private double[] submitted = new double[1024];
    private double[] runFor = new double[1024];
    private long[] ordinal = new long[1024];
    private int[] slots = new int[1024];
    private int[] instances = new int[1024];
    private int[] instancesLeft = new int[1024];
    private int ids;
    private int[] freeIds = new int[64];
    private int freeIdCount;

    Arrivals(Iterator<Workload> chunks) {
        this.chunks = chunks;
        this.workload = new Workload(new double[0], new double[0], new int[0], java.util.Optional.empty());
    }

    /** When the next task arrives; infinity when none is left. */
    double nextTime() {
        while (nextSubmission == workload.size()) {
            if (!chunks.hasNext()) {
                return Double.POSITIVE_INFINITY;
            }
            workload = chunks.next();
            tasksInChunks += workload.tasks();
            nextSubmission = 0;
        }
        return workload.times()[nextSubmission];
    }

    /** Every task of the workload, those that never arrived included (the rest of the chunks is read to count). */
    long submitted() {
        while (chunks.hasNext()) {
            tasksInChunks += chunks.next().tasks();
        }
        return tasksInChunks;
    }

    /** The next task's id, or -1 when the next submission holds no task (it is skipped). */
    int arrive() {
        if (submissionLeft == 0) {
            submissionLeft = workload.counts()[nextSubmission];
            if (submissionLeft == 0) {
                nextSubmission++;
                return -1;
            }
        }
        int task = newId();
        submitted[task] = workload.times()[nextSubmission];
        runFor[task] = workload.durations()[nextSubmission];
        ordinal[task] = arrived++;
        slots[task] = workload.slotsOf(nextSubmission);
        instances[task] = workload.instancesOf(nextSubmission);
        if (--submissionLeft == 0) {
            nextSubmission++;
        }
        return task;
    }

    double submitted(int task) {
        return submitted[task];
    }

    double runFor(int task) {
        return runFor[task];
    }

    long ordinal(int task) {
        return ordinal[task];
    }

    /** The task slots the task needs on one node (its requiredSlots). */
    int slots(int task) {
        return slots[task];
    }

    /** The nodes the task runs on at once (1 unless it is a multi-instance task). */
    int instances(int task) {
        return instances[task];
    }

    /** The task starts: all its instances run. */
    void started(int task) {
        instancesLeft[task] = instances[task];
    }

    /** One instance of the task ended; whether it was the last (the task is done). */
    boolean instanceEnded(int task) {
        return --instancesLeft[task] == 0;
    }

    /** A task that ended (done, or stopped for good): its id is free for the next one. */
    void release(int task) {
        if (freeIdCount == freeIds.length) {
            freeIds = Arrays.copyOf(freeIds, freeIdCount * 2);
        }
        freeIds[freeIdCount++] = task;
    }

    private int newId() {
        if (freeIdCount > 0) {
            return freeIds[--freeIdCount];
        }
        if (ids == submitted.length) {
            submitted = Arrays.copyOf(submitted, ids * 2);
            runFor = Arrays.copyOf(runFor, ids * 2);
            ordinal = Arrays.copyOf(ordinal, ids * 2);
            slots = Arrays.copyOf(slots, ids * 2);
            instances = Arrays.copyOf(instances, ids * 2);
            instancesLeft = Arrays.copyOf(instancesLeft, ids * 2);
        }
        return ids++;
    }
}
