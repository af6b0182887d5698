package io.batchform.autoscale.sim;

import io.batchform.source.Durations;
import java.util.Objects;

/**
 * The simulated pool: VM size (for vCPUs and prices), task slots and fill policy, evaluation interval, the targets
 * it starts with, node allocation delays by priority, low-priority preemption, sample availability, an optional core
 * quota per priority, and how long {@code retaineddata} keeps a node after its tasks end.
 *
 * @param evaluationIntervalSeconds 300..604800 (5 minutes to 168 hours), as the service allows
 * @param preemptionsPerNodeHour    the chance per hour that a low-priority node is preempted
 * @param preemptedFor              how long a preempted node stays preempted before Batch replaces it
 * @param sampleDelay               how long after its end a sample becomes readable, drawn for each sample (by
 *                                  default uniform up to a minute: the documented range, see SIMULATION.md)
 * @param missingSampleRate         the share of samples that never arrive
 * @param dedicatedCoreQuota        cores; nodes beyond {@code quota / vcpus} are not allocated; negative = none
 * @param evictionWaves             region-wide eviction waves of low-priority nodes, on top of the independent ones
 */
public record PoolSettings(String vmSize, int vcpus, int taskSlotsPerNode, FillType fillType,
                           double evaluationIntervalSeconds, double initialDedicatedNodes,
                           double initialLowPriorityNodes, Distribution dedicatedAllocation,
                           Distribution lowPriorityAllocation, double preemptionsPerNodeHour,
                           Distribution preemptedFor, Distribution sampleDelay, double missingSampleRate,
                           int dedicatedCoreQuota, int lowPriorityCoreQuota, double retainedDataSeconds,
                           EvictionWaves evictionWaves) {
    /** The service's limits on the evaluation interval. */
    public static final double MIN_INTERVAL = 300;
    public static final double MAX_INTERVAL = 168 * 3600;
    /**
     * The documented sample delay: "It takes approximately one minute for samples to propagate through the system,
     * so samples in the range (0 * TimeInterval_Second, 60 * TimeInterval_Second) may not be available". How the
     * delay spreads over that range is not documented: uniform is our choice.
     */
    public static final Distribution UP_TO_A_MINUTE = new Distribution.Uniform(0, 60);

    /** How tasks are placed on nodes: spread over the least busy, or packed onto the busiest with a free slot. */
    public enum FillType { SPREAD, PACK }

    public PoolSettings {
        Objects.requireNonNull(vmSize, "vmSize");
        Objects.requireNonNull(fillType, "fillType");
        Objects.requireNonNull(dedicatedAllocation, "dedicatedAllocation");
        Objects.requireNonNull(lowPriorityAllocation, "lowPriorityAllocation");
        Objects.requireNonNull(preemptedFor, "preemptedFor");
        Objects.requireNonNull(sampleDelay, "sampleDelay");
        Objects.requireNonNull(evictionWaves, "evictionWaves");
        if (vcpus < 1) {
            throw new IllegalArgumentException("vcpus must be at least 1");
        }
        if (taskSlotsPerNode < 1 || taskSlotsPerNode > 256) {
            throw new IllegalArgumentException("task slots per node are between 1 and 256 (the service's limit is "
                    + "4 times the vCPUs, at most 256): " + taskSlotsPerNode);
        }
        if (!(evaluationIntervalSeconds >= MIN_INTERVAL && evaluationIntervalSeconds <= MAX_INTERVAL)) {
            throw new IllegalArgumentException("the evaluation interval is between 5m and 168h: "
                    + Durations.format(evaluationIntervalSeconds));
        }
        if (!(missingSampleRate >= 0 && missingSampleRate < 1)) {
            throw new IllegalArgumentException("the missing sample rate is between 0 and 1: " + missingSampleRate);
        }
        if (!(preemptionsPerNodeHour >= 0) || !(retainedDataSeconds >= 0)
                || !(initialDedicatedNodes >= 0) || !(initialLowPriorityNodes >= 0)) {
            throw new IllegalArgumentException("rates, delays and initial targets are zero or positive");
        }
    }

    /**
     * A pool of {@code vmSize} with the documented defaults: 1 slot, spread, a 15-minute interval, no nodes, node
     * allocation log-normal around 5 minutes (field reports: 3 to 8 minutes typical, a long tail;
     * docs/quotas-and-failover.md section 3), no preemption, samples readable up to 60 seconds after their end, none
     * missing, no quota.
     */
    public static PoolSettings defaults(String vmSize, int vcpus) {
        Distribution allocation = new Distribution.LogNormal(300, 0.35);
        return new PoolSettings(vmSize, vcpus, 1, FillType.SPREAD, 900, 0, 0, allocation, allocation, 0,
                new Distribution.Fixed(900), UP_TO_A_MINUTE, 0, -1, -1, 0, EvictionWaves.NONE);
    }

    public PoolSettings withTaskSlots(int slots) {
        return new PoolSettings(vmSize, vcpus, slots, fillType, evaluationIntervalSeconds, initialDedicatedNodes,
                initialLowPriorityNodes, dedicatedAllocation, lowPriorityAllocation, preemptionsPerNodeHour, preemptedFor,
                sampleDelay, missingSampleRate, dedicatedCoreQuota, lowPriorityCoreQuota, retainedDataSeconds, evictionWaves);
    }

    public PoolSettings withFillType(FillType fill) {
        return new PoolSettings(vmSize, vcpus, taskSlotsPerNode, fill, evaluationIntervalSeconds, initialDedicatedNodes,
                initialLowPriorityNodes, dedicatedAllocation, lowPriorityAllocation, preemptionsPerNodeHour, preemptedFor,
                sampleDelay, missingSampleRate, dedicatedCoreQuota, lowPriorityCoreQuota, retainedDataSeconds, evictionWaves);
    }

    public PoolSettings withInterval(double seconds) {
        return new PoolSettings(vmSize, vcpus, taskSlotsPerNode, fillType, seconds, initialDedicatedNodes,
                initialLowPriorityNodes, dedicatedAllocation, lowPriorityAllocation, preemptionsPerNodeHour, preemptedFor,
                sampleDelay, missingSampleRate, dedicatedCoreQuota, lowPriorityCoreQuota, retainedDataSeconds, evictionWaves);
    }

    public PoolSettings withInitialTargets(double dedicated, double lowPriority) {
        return new PoolSettings(vmSize, vcpus, taskSlotsPerNode, fillType, evaluationIntervalSeconds, dedicated,
                lowPriority, dedicatedAllocation, lowPriorityAllocation, preemptionsPerNodeHour, preemptedFor,
                sampleDelay, missingSampleRate, dedicatedCoreQuota, lowPriorityCoreQuota, retainedDataSeconds, evictionWaves);
    }

    public PoolSettings withAllocation(Distribution dedicated, Distribution lowPriority) {
        return new PoolSettings(vmSize, vcpus, taskSlotsPerNode, fillType, evaluationIntervalSeconds,
                initialDedicatedNodes, initialLowPriorityNodes, dedicated, lowPriority, preemptionsPerNodeHour,
                preemptedFor, sampleDelay, missingSampleRate, dedicatedCoreQuota, lowPriorityCoreQuota,
                retainedDataSeconds, evictionWaves);
    }

    public PoolSettings withPreemption(double perNodeHour, Distribution preempted) {
        return new PoolSettings(vmSize, vcpus, taskSlotsPerNode, fillType, evaluationIntervalSeconds,
                initialDedicatedNodes, initialLowPriorityNodes, dedicatedAllocation, lowPriorityAllocation, perNodeHour,
                preempted, sampleDelay, missingSampleRate, dedicatedCoreQuota, lowPriorityCoreQuota,
                retainedDataSeconds, evictionWaves);
    }

    /**
     * Samples readable up to {@code delaySeconds} after their end (each sample's delay uniform from 0 to it), and
     * the share of samples lost.
     */
    public PoolSettings withSamples(double delaySeconds, double missingRate) {
        return withSamples(new Distribution.Uniform(0, delaySeconds), missingRate);
    }

    /** Samples readable after a delay drawn from {@code delay} (fixed for tests), and the share of samples lost. */
    public PoolSettings withSamples(Distribution delay, double missingRate) {
        return new PoolSettings(vmSize, vcpus, taskSlotsPerNode, fillType, evaluationIntervalSeconds,
                initialDedicatedNodes, initialLowPriorityNodes, dedicatedAllocation, lowPriorityAllocation,
                preemptionsPerNodeHour, preemptedFor, delay, missingRate, dedicatedCoreQuota,
                lowPriorityCoreQuota, retainedDataSeconds, evictionWaves);
    }

    public PoolSettings withCoreQuotas(int dedicated, int lowPriority) {
        return new PoolSettings(vmSize, vcpus, taskSlotsPerNode, fillType, evaluationIntervalSeconds,
                initialDedicatedNodes, initialLowPriorityNodes, dedicatedAllocation, lowPriorityAllocation,
                preemptionsPerNodeHour, preemptedFor, sampleDelay, missingSampleRate, dedicatedCoreQuota(dedicated),
                dedicatedCoreQuota(lowPriority), retainedDataSeconds, evictionWaves);
    }

    public PoolSettings withRetainedData(double seconds) {
        return new PoolSettings(vmSize, vcpus, taskSlotsPerNode, fillType, evaluationIntervalSeconds,
                initialDedicatedNodes, initialLowPriorityNodes, dedicatedAllocation, lowPriorityAllocation,
                preemptionsPerNodeHour, preemptedFor, sampleDelay, missingSampleRate, dedicatedCoreQuota,
                lowPriorityCoreQuota, seconds, evictionWaves);
    }

    /** Region-wide eviction waves of low-priority (Spot) nodes. */
    public PoolSettings withEvictionWaves(EvictionWaves waves) {
        return new PoolSettings(vmSize, vcpus, taskSlotsPerNode, fillType, evaluationIntervalSeconds,
                initialDedicatedNodes, initialLowPriorityNodes, dedicatedAllocation, lowPriorityAllocation,
                preemptionsPerNodeHour, preemptedFor, sampleDelay, missingSampleRate, dedicatedCoreQuota,
                lowPriorityCoreQuota, retainedDataSeconds, waves);
    }

    /**
     * Correlated evictions: waves arrive at random ({@code perDay} on average, a Poisson process), and each evicts
     * every low-priority node with chance {@code share}, all in the same 30-second sample, as when a region reclaims
     * Spot capacity. Evicted nodes come back as independently preempted ones do ({@code preemptedFor}, then an
     * allocation). The rates are the user's assumption: Azure publishes eviction rates per size and region as ranges
     * (0-5 %, 5-10 %, ...), not how evictions cluster.
     */
    public record EvictionWaves(double perDay, double share) {
        public static final EvictionWaves NONE = new EvictionWaves(0, 0);

        public EvictionWaves {
            if (!(perDay >= 0) || !(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("eviction waves: a rate of 0 or more a day, and a share from 0 to 1");
            }
        }
    }

    private static int dedicatedCoreQuota(int cores) {
        return cores;
    }

    /** The most nodes of a priority the quota allows, or {@link Integer#MAX_VALUE} without a quota. */
    int maxNodes(boolean lowPriority) {
        int quota = lowPriority ? lowPriorityCoreQuota : dedicatedCoreQuota;
        return quota < 0 ? Integer.MAX_VALUE : quota / vcpus;
    }
}
