package io.batchform.autoscale.sim;

import java.util.Arrays;

/**
 * The simulated pool's nodes, as arrays by node index (read directly by the simulator, changed only through
 * {@link #add}, {@link #setState} and {@link #setBusy}, which keep the counts and the free-slot index in step). Nodes
 * are numbered in the order they were asked for; {@link #compact} drops the gone ones from {@code active} and, once
 * they outnumber the others, renumbers the rest in the same order, so the arrays stay the size of the pool.
 */
final class Nodes {
    static final int ALLOCATING = 0;
    static final int READY = 1;
    static final int LEAVING = 2;
    static final int PREEMPTED = 3;
    static final int GONE = 4;

    int[] state = new int[64];
    boolean[] lowPriority = new boolean[64];
    double[] readyAt = new double[64];
    int[] busy = new int[64];
    /** When a node's last task ended, and whether a leaving node waits for task data retention (retaineddata). */
    double[] lastTaskEnd = new double[64];
    boolean[] retains = new boolean[64];
    /** The nodes not gone, oldest first. */
    int[] active = new int[64];
    int activeCount;

    private int count;
    // Nodes by priority (0 dedicated, 1 low priority) and state; ready or leaving nodes with no busy slot; whether a
    // node went since the last compaction.
    private final int[][] inState = new int[2][5];
    private int idle;
    private boolean wentSinceCompact;
    private final FreeSlots free;
    private final int slotsPerNode;

    Nodes(int slotsPerNode) {
        this.slotsPerNode = slotsPerNode;
        this.free = new FreeSlots(slotsPerNode);
    }

    /** A node asked for now, ready at {@code ready}. */
    int add(boolean low, double ready) {
        if (count == state.length) {
            int grown = count * 2;
            state = Arrays.copyOf(state, grown);
            lowPriority = Arrays.copyOf(lowPriority, grown);
            readyAt = Arrays.copyOf(readyAt, grown);
            busy = Arrays.copyOf(busy, grown);
            lastTaskEnd = Arrays.copyOf(lastTaskEnd, grown);
            retains = Arrays.copyOf(retains, grown);
        }
        int n = count++;
        state[n] = ALLOCATING;
        inState[low ? 1 : 0][ALLOCATING]++;
        lowPriority[n] = low;
        readyAt[n] = ready;
        busy[n] = 0;
        lastTaskEnd[n] = Double.NEGATIVE_INFINITY;
        retains[n] = false;
        if (activeCount == active.length) {
            active = Arrays.copyOf(active, activeCount * 2);
        }
        active[activeCount++] = n;
        return n;
    }

    /** Nodes that count toward a priority's current size (optionally including those leaving). */
    int count(boolean low, boolean withLeaving) {
        int[] byState = inState[low ? 1 : 0];
        int all = byState[ALLOCATING] + byState[READY] + byState[LEAVING] + byState[PREEMPTED];
        return withLeaving ? all : all - byState[LEAVING];
    }

    /** Nodes of a priority in a state. */
    int inState(boolean low, int nodeState) {
        return inState[low ? 1 : 0][nodeState];
    }

    /** Nodes in a state, both priorities. */
    int inState(int nodeState) {
        return inState[0][nodeState] + inState[1][nodeState];
    }

    /** Ready or leaving nodes with no busy slot. */
    int idle() {
        return idle;
    }

    /** The node for a task of {@code slots} (spread: least busy; pack: busiest with room; ties: oldest), or -1. */
    int pickForTask(boolean pack, int slots) {
        return free.pick(pack, slots);
    }

    /** Distinct nodes with a free slot for the instances of a multi-instance task, or null when too few have one. */
    int[] pickForInstances(boolean pack, int instances) {
        return free.pickDistinct(pack, instances);
    }

    void setState(int n, int newState) {
        int old = state[n];
        if (old == READY) {
            free.remove(n, busy[n]);
        }
        int p = lowPriority[n] ? 1 : 0;
        inState[p][old]--;
        inState[p][newState]++;
        wentSinceCompact |= newState == GONE;
        idle += (isIdle(newState, busy[n]) ? 1 : 0) - (isIdle(old, busy[n]) ? 1 : 0);
        state[n] = newState;
        if (newState == READY) {
            free.add(n, busy[n]);
        }
    }

    void setBusy(int n, int slots) {
        if (state[n] == READY) {
            free.remove(n, busy[n]);
        }
        idle += (isIdle(state[n], slots) ? 1 : 0) - (isIdle(state[n], busy[n]) ? 1 : 0);
        busy[n] = slots;
        if (state[n] == READY) {
            free.add(n, slots);
        }
    }

    private static boolean isIdle(int nodeState, int busySlots) {
        return (nodeState == READY || nodeState == LEAVING) && busySlots == 0;
    }

    /** Slots of the nodes that can run tasks (ready, or leaving with tasks still running). */
    int readySlots() {
        return (inState(READY) + inState(LEAVING)) * slotsPerNode;
    }

    /** Drops the gone nodes from {@code active}; renumbers when they outnumber the others ({@code running} follows). */
    void compact(RunningTasks running) {
        if (!wentSinceCompact) {
            return;
        }
        wentSinceCompact = false;
        int kept = 0;
        for (int i = 0; i < activeCount; i++) {
            if (state[active[i]] != GONE) {
                active[kept++] = active[i];
            }
        }
        activeCount = kept;
        if (count - activeCount > Math.max(64, activeCount)) {
            renumber(running);
        }
    }

    /** Gives the nodes not gone the indices 0, 1, ... in the same order. */
    private void renumber(RunningTasks running) {
        int[] newIndex = new int[count];
        for (int i = 0; i < activeCount; i++) {
            int old = active[i];
            newIndex[old] = i;
            state[i] = state[old];
            lowPriority[i] = lowPriority[old];
            readyAt[i] = readyAt[old];
            busy[i] = busy[old];
            lastTaskEnd[i] = lastTaskEnd[old];
            retains[i] = retains[old];
            active[i] = i;
        }
        count = activeCount;
        running.renumberNodes(newIndex);
        free.clear();
        for (int i = 0; i < activeCount; i++) {
            if (state[i] == READY) {
                free.add(i, busy[i]);
            }
        }
    }
}
