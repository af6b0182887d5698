package io.batchform.autoscale.eval;

import io.batchform.autoscale.lang.DeallocationOption;

/**
 * The pool as it is before an evaluation: its current targets and node counts. Reading a target before the formula
 * assigns it gives the value here; when evaluation fails, these are the values in the results.
 */
public record PoolState(double targetDedicatedNodes, double targetLowPriorityNodes, double currentDedicatedNodes,
                        double currentLowPriorityNodes, double taskSlotsPerNode,
                        DeallocationOption nodeDeallocationOption) {
    public static final PoolState EMPTY = new PoolState(0, 0, 0, 0, 1, DeallocationOption.REQUEUE);

    public PoolState {
        if (nodeDeallocationOption == null) {
            throw new IllegalArgumentException("nodeDeallocationOption is required");
        }
    }
}
