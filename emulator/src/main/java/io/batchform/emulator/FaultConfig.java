package io.batchform.emulator;

import io.batchform.source.Region;
import java.time.Duration;
import java.util.Set;

/**
 * Faults to inject, for reliability tests: latency on every request; a share of requests failing with HTTP 429
 * (with {@code Retry-After}) or 5xx, or with the connection dropped; the next N requests failing; the next N
 * long-running operations ending Failed; whole regions not answering. Random choices use {@link #seed()}.
 */
public record FaultConfig(Duration latency, double throttleRate, int retryAfterSeconds, double serverErrorRate,
                          double dropRate, int failNext, int failNextOperations, Set<String> downRegions, long seed) {
    public static final FaultConfig NONE = new FaultConfig(Duration.ZERO, 0, 0, 0, 0, 0, 0, Set.of(), 1);

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
    }

    public FaultConfig withLatency(Duration value) {
        return new FaultConfig(value, throttleRate, retryAfterSeconds, serverErrorRate, dropRate, failNext,
                failNextOperations, downRegions, seed);
    }

    /** A share of requests answered 429 (with Retry-After) or 500/503, at the given total rate. */
    public FaultConfig withFailureRates(double throttle, double serverError) {
        return new FaultConfig(latency, throttle, retryAfterSeconds, serverError, dropRate, failNext,
                failNextOperations, downRegions, seed);
    }

    public FaultConfig withFailNext(int count) {
        return new FaultConfig(latency, throttleRate, retryAfterSeconds, serverErrorRate, dropRate, count,
                failNextOperations, downRegions, seed);
    }

    public FaultConfig withFailNextOperations(int count) {
        return new FaultConfig(latency, throttleRate, retryAfterSeconds, serverErrorRate, dropRate, failNext,
                count, downRegions, seed);
    }

    public FaultConfig withDownRegions(Set<String> regions) {
        return new FaultConfig(latency, throttleRate, retryAfterSeconds, serverErrorRate, dropRate, failNext,
                failNextOperations, regions, seed);
    }

    public FaultConfig withRetryAfterSeconds(int seconds) {
        return new FaultConfig(latency, throttleRate, seconds, serverErrorRate, dropRate, failNext,
                failNextOperations, downRegions, seed);
    }
}
