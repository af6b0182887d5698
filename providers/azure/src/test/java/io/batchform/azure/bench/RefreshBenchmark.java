package io.batchform.azure.bench;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.azure.AzureConnection;
import io.batchform.azure.AzureProvider;
import io.batchform.provider.Provider;
import java.util.ArrayList;
import java.util.List;
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
 * {@link AzureProvider#refresh} of 20 Batch accounts with 50 pools each, through the real SDK against the emulator
 * with 50 ms of latency on every request. Target: at most 3 requests per account and under 2 seconds.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = "-Djdk.httpclient.allowRestrictedHeaders=content-length")
@State(Scope.Benchmark)
public class RefreshBenchmark {
    private ArmEmulator emulator;
    private AzureProvider provider;
    private Provider.RefreshRequest request;

    @Setup(Level.Trial)
    public void populate() {
        emulator = ArmEmulator.builder().inMemory().accountsPerRegion(50).resizeDuration(Duration.ZERO).build().start();
        AzureConnection azure = AzureConnection.forEmulator(emulator.endpoint(), emulator.sslContext(),
                AzureConnection.EMULATOR_SUBSCRIPTION, Duration.ofMillis(5),
                new AzureConnection.RetrySettings(3, Duration.ofMillis(5)));
        provider = new AzureProvider(azure, "benchmark");
        request = populate(provider, 20, 50);
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
        Provider.RefreshResponse response = provider.refresh(request);
        if (!response.diagnostics().isEmpty()) {
            throw new IllegalStateException("refresh failed: " + response.diagnostics());
        }
        counters.pools += response.live().keySet().stream().filter(a -> a.type() == ResourceType.POOL).count();
        counters.requests += emulator.requestCount() - before;
    }

    /** Creates the accounts and pools through the provider; returns the refresh request naming all of them. */
    private static Provider.RefreshRequest populate(AzureProvider provider, int accounts, int poolsPerAccount) {
        String group = "/subscriptions/" + AzureConnection.EMULATOR_SUBSCRIPTION + "/resourceGroups/rg-bench";
        List<Provider.ResourceRef> refs = new ArrayList<>();
        Address groupAddress = Address.of(ResourceType.RESOURCE_GROUP, "main");
        create(provider, groupAddress, group, io.batchform.provider.Attributes.of(java.util.Map.of("location", "westeurope")));
        refs.add(new Provider.ResourceRef(groupAddress, group));
        io.batchform.provider.Attributes pool = io.batchform.provider.Attributes.of(java.util.Map.of(
                "vmSize", "Standard_D2s_v3", "nodeAgentSkuId", "batch.node.ubuntu 22.04",
                "image", java.util.Map.of("publisher", "canonical", "offer", "0001-com-ubuntu-server-jammy", "sku", "22_04-lts")));
        for (int a = 0; a < accounts; a++) {
            String accountId = group + "/providers/Microsoft.Batch/batchAccounts/batchbench" + a;
            Address account = Address.of(ResourceType.BATCH_ACCOUNT, "account" + a);
            create(provider, account, accountId, io.batchform.provider.Attributes.of(java.util.Map.of("location", "westeurope")));
            refs.add(new Provider.ResourceRef(account, accountId));
            for (int p = 0; p < poolsPerAccount; p++) {
                Address poolAddress = Address.of(ResourceType.POOL, "a" + a + "p" + p);
                String poolId = accountId + "/pools/pool" + p;
                create(provider, poolAddress, poolId, pool);
                refs.add(new Provider.ResourceRef(poolAddress, poolId));
            }
        }
        return new Provider.RefreshRequest(refs);
    }

    private static void create(AzureProvider provider, Address address, String id, io.batchform.provider.Attributes desired) {
        Provider.ChangeResponse response = provider.create(new Provider.CreateRequest(address, id, desired));
        if (!response.diagnostics().isEmpty()) {
            throw new IllegalStateException("setup failed: " + response.diagnostics());
        }
    }
}
