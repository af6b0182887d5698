package io.batchform.cli;

import io.batchform.autoscale.sim.Distribution;
import io.batchform.autoscale.sim.PoolSettings;
import io.batchform.autoscale.sim.Prices;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The model pool {@code formula simulate} runs a formula on: size, prices, allocation, preemption, samples, quotas. */
final class PoolModelOptions {
    @Option(names = "--interval", defaultValue = "15m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Evaluation interval, 5m to 168h (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--vm-size", defaultValue = "Standard_D2s_v3", paramLabel = "SIZE",
            description = "VM size, for vCPUs and prices (default: ${DEFAULT-VALUE}).")
    String vmSize;

    @Option(names = "--region", defaultValue = Prices.DEFAULT_REGION, paramLabel = "REGION",
            description = "Region of the prices: westeurope or eastus (default: ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--task-slots", defaultValue = "1", paramLabel = "N", description = "Task slots per node (default: 1).")
    int taskSlots;

    @Option(names = "--fill", defaultValue = "spread", paramLabel = "spread|pack",
            description = "How tasks fill nodes (default: ${DEFAULT-VALUE}).")
    PoolSettings.FillType fill;

    @Option(names = "--initial-nodes", defaultValue = "0", paramLabel = "N",
            description = "Dedicated nodes the pool starts with (default: 0).")
    int initialNodes;

    @Option(names = "--allocation", defaultValue = "5m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Median time to allocate a node; times vary log-normally around it (default: ${DEFAULT-VALUE}).")
    Duration allocation;

    @Option(names = "--low-priority-allocation", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Median time to allocate a low-priority node (default: as --allocation).")
    Duration lowPriorityAllocation;

    @Option(names = "--preemption-rate", defaultValue = "0", paramLabel = "PER_NODE_HOUR",
            description = "Chance per hour that a low-priority node is preempted (default: 0).")
    double preemptionRate;

    @Option(names = "--eviction-waves", defaultValue = "0", paramLabel = "PER_DAY",
            description = "Region-wide eviction waves a day, on average (default: 0): each evicts low-priority nodes "
                    + "together, with chance --eviction-wave-share each.")
    double evictionWaves;

    @Option(names = "--eviction-wave-share", defaultValue = "0.5", paramLabel = "SHARE",
            description = "The chance a wave evicts each low-priority node, 0 to 1 (default: ${DEFAULT-VALUE}).")
    double evictionWaveShare;

    @Option(names = "--sample-delay", defaultValue = "60s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "The longest a sample takes to become readable by the formula; each sample's delay is "
                    + "uniform from 0 to this (default: ${DEFAULT-VALUE}).")
    Duration sampleDelay;

    @Option(names = "--missing-samples", defaultValue = "0", paramLabel = "SHARE",
            description = "Share of samples that never arrive, 0 to 1 (default: 0).")
    double missingSamples;

    @Option(names = "--core-quota", defaultValue = "-1", paramLabel = "CORES",
            description = "Dedicated core quota that caps the nodes (default: none).")
    int coreQuota;

    @Option(names = "--low-priority-core-quota", defaultValue = "-1", paramLabel = "CORES",
            description = "Low-priority core quota that caps the nodes (default: none).")
    int lowPriorityCoreQuota;

    @Option(names = "--retained-data", defaultValue = "0s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "With retaineddata, how long a removed node keeps its tasks' data (default: ${DEFAULT-VALUE}).")
    Duration retainedData;

    /** The pool these options describe; an impossible one (a negative share, say) is the user's mistake. */
    PoolSettings settings() {
        try {
            Distribution delay = new Distribution.LogNormal(Math.max(1, allocation.toSeconds()), 0.35);
            Distribution lowDelay = lowPriorityAllocation == null ? delay
                    : new Distribution.LogNormal(Math.max(1, lowPriorityAllocation.toSeconds()), 0.35);
            return PoolSettings.defaults(vmSize, 1).withTaskSlots(taskSlots).withFillType(fill)
                    .withInterval(interval.toSeconds()).withInitialTargets(initialNodes, 0)
                    .withAllocation(delay, lowDelay).withPreemption(preemptionRate, new Distribution.Fixed(900))
                    .withSamples(sampleDelay.toSeconds(), missingSamples)
                    .withCoreQuotas(coreQuota, lowPriorityCoreQuota).withRetainedData(retainedData.toSeconds())
                    .withEvictionWaves(new PoolSettings.EvictionWaves(evictionWaves, evictionWaveShare));
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }
}
