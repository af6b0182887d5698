package io.batchform.azure.bench;

import io.batchform.azure.AzureConnection;
import io.batchform.azure.SdkListing;
import io.batchform.emulator.ArmEmulator;
import io.batchform.emulator.FaultConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The listing a refresh needs, through the real SDK against the emulator with 50 ms of latency on every request:
 * 20 Batch accounts with 50 pools each, read with one list call for the accounts and one per account for the pools,
 * the accounts in parallel. Target: at most 3 requests per account and under 2 seconds.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = "-Djdk.httpclient.allowRestrictedHeaders=content-length")
@State(Scope.Benchmark)
public class RefreshListingBenchmark {
    private ArmEmulator emulator;
    private AzureConnection azure;

    @Setup(Level.Trial)
    public void populate() {
        emulator = ArmEmulator.builder().inMemory().accountsPerRegion(50).resizeDuration(Duration.ZERO).build().start();
        azure = AzureConnection.forEmulator(emulator.endpoint(), emulator.sslContext(),
                AzureConnection.EMULATOR_SUBSCRIPTION, Duration.ofMillis(5),
                new AzureConnection.RetrySettings(3, Duration.ofMillis(5)));
        SdkListing.populate(azure, "rg-bench", 20, 50);
        emulator.faults(FaultConfig.NONE.withLatency(Duration.ofMillis(50)));
    }

    @TearDown(Level.Trial)
    public void stop() {
        emulator.close();
    }

    /** Requests the emulator served during one refresh. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Requests {
        public long requests;
        public long pools;
    }

    @Benchmark
    public void refresh(Requests counters) {
        long before = emulator.requestCount();
        counters.pools += SdkListing.listPoolsOfEveryAccount(azure, "rg-bench");
        counters.requests += emulator.requestCount() - before;
    }
}
