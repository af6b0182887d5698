package io.batchform.emulator;

import io.batchform.source.Region;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Faults to inject, for reliability tests: latency on every request; a share of requests failing with HTTP 429
 * (with {@code Retry-After}) or 5xx, or with the connection dropped; the next N requests failing; the next N
 * long-running operations ending Failed; whole regions not answering; the compute nodes of some pools (or of every
 * pool of a region) whose start task fails or that go unusable ({@link NodeFault}). Random choices use
 * {@link #seed()}.
 */
public record FaultConfig(Duration latency, double throttleRate, int retryAfterSeconds, double serverErrorRate,
                          double dropRate, int failNext, int failNextOperations, Set<String> downRegions, long seed,
                          List<NodeFault> nodeFaults) {
    public static final FaultConfig NONE = new FaultConfig(Duration.ZERO, 0, 0, 0, 0, 0, 0, Set.of(), 1);

    /** Without node faults. */
    public FaultConfig(Duration latency, double throttleRate, int retryAfterSeconds, double serverErrorRate,
                       double dropRate, int failNext, int failNextOperations, Set<String> downRegions, long seed) {
        this(latency, throttleRate, retryAfterSeconds, serverErrorRate, dropRate, failNext, failNextOperations,
                downRegions, seed, List.of());
    }

    /**
     * What happens to the nodes of the pools it names: their start task ends with {@code exitCode} and the
     * {@code failureCode} and {@code failureMessage} of its failureInfo (after every retry its maxTaskRetryCount
     * allows), so a node whose start task waits for success goes {@code starttaskfailed}; or, when
     * {@code unusable}, the nodes go {@code unusable} once started. A fault names a pool (its id, the ARM pool's
     * name), a region (every pool of the accounts there), or both (that pool in that region).
     */
    public record NodeFault(String pool, String region, int exitCode, String failureCode, String failureMessage,
                            boolean unusable) {
        /** What the service reports for a task whose process exited with a code other than 0. */
        public static final String EXIT_CODE = "FailureExitCode";
        public static final String EXIT_MESSAGE = "The task exited with an exit code representing a failure";

        public NodeFault {
            if (pool == null && region == null) {
                throw new IllegalArgumentException("a node fault names a pool, a region or both");
            }
            if (!unusable && exitCode == 0) {
                throw new IllegalArgumentException("a failing start task exits with a code other than 0");
            }
            region = region == null ? null : Region.canonical(region);
            failureCode = failureCode == null ? EXIT_CODE : failureCode;
            failureMessage = failureMessage == null ? EXIT_MESSAGE : failureMessage;
        }

        /** The start tasks of the nodes of {@code pool} (any region) exit with {@code exitCode}. */
        public static NodeFault startTaskFails(String pool, int exitCode) {
            return new NodeFault(pool, null, exitCode, null, null, false);
        }

        /** The start tasks of every pool's nodes in {@code region} exit with {@code exitCode}. */
        public static NodeFault startTaskFailsIn(String region, int exitCode) {
            return new NodeFault(null, region, exitCode, null, null, false);
        }

        /** The nodes of {@code pool} (any region) go unusable. */
        public static NodeFault unusable(String pool) {
            return new NodeFault(pool, null, 0, null, null, true);
        }

        /** Whether the fault is for the pool {@code poolId} of an account in {@code location}. */
        public boolean matches(String poolId, String location) {
            return (pool == null || pool.equalsIgnoreCase(poolId))
                    && (region == null || location != null && region.equals(Region.canonical(location)));
        }
    }

    /**
     * The node fault for a pool of an account in {@code location}, if any: the first that names the pool, else the
     * first for its region.
     */
    public java.util.Optional<NodeFault> nodeFault(String poolId, String location) {
        return nodeFaults.stream().filter(f -> f.pool() != null && f.matches(poolId, location)).findFirst()
                .or(() -> nodeFaults.stream().filter(f -> f.matches(poolId, location)).findFirst());
    }

    /** These faults with {@code faults} for compute nodes instead of the ones it had. */
    public FaultConfig withNodeFaults(List<NodeFault> faults) {
        return new FaultConfig(latency, throttleRate, retryAfterSeconds, serverErrorRate, dropRate, failNext,
                failNextOperations, downRegions, seed, faults);
    }

    public FaultConfig {
        if (latency == null || latency.isNegative()) {
            throw new IllegalArgumentException("latency must be zero or positive");
        }
        for (double rate : new double[] {throttleRate, serverErrorRate, dropRate}) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("a rate is between 0 and 1: " + rate);
            }
        }
        if (throttleRate + serverErrorRate + dropRate > 1) {
            throw new IllegalArgumentException("the failure rates add up to more than 1");
        }
        downRegions = Set.copyOf(downRegions.stream().map(Region::canonical).toList());
        nodeFaults = List.copyOf(nodeFaults);
    }

    public FaultConfig withLatency(Duration value) {
        return new FaultConfig(value, throttleRate, retryAfterSeconds, serverErrorRate, dropRate, failNext,
                failNextOperations, downRegions, seed, nodeFaults);
    }

    /** A share of requests answered 429 (with Retry-After) or 500/503, at the given total rate. */
    public FaultConfig withFailureRates(double throttle, double serverError) {
        return new FaultConfig(latency, throttle, retryAfterSeconds, serverError, dropRate, failNext,
                failNextOperations, downRegions, seed, nodeFaults);
    }

    public FaultConfig withFailNext(int count) {
        return new FaultConfig(latency, throttleRate, retryAfterSeconds, serverErrorRate, dropRate, count,
                failNextOperations, downRegions, seed, nodeFaults);
    }

    public FaultConfig withFailNextOperations(int count) {
        return new FaultConfig(latency, throttleRate, retryAfterSeconds, serverErrorRate, dropRate, failNext,
                count, downRegions, seed, nodeFaults);
    }

    public FaultConfig withDownRegions(Set<String> regions) {
        return new FaultConfig(latency, throttleRate, retryAfterSeconds, serverErrorRate, dropRate, failNext,
                failNextOperations, regions, seed, nodeFaults);
    }

    public FaultConfig withRetryAfterSeconds(int seconds) {
        return new FaultConfig(latency, throttleRate, seconds, serverErrorRate, dropRate, failNext,
                failNextOperations, downRegions, seed, nodeFaults);
    }
}
