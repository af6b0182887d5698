package io.batchform.spec.bench;

import io.batchform.spec.convert.DesiredState;
import io.batchform.spec.convert.SpecToDesired;
import io.batchform.spec.load.LoadResult;
import io.batchform.spec.load.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading, validating and converting a spec of 1,000 pools in 20 Batch accounts (every other pool with a 6-statement
 * autoscale formula, each compiled by the checker): the spec's share of issue 4's "plan of 1,000 pools" budget.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SpecLoadBenchmark {
    private Path file;

    /** The spec text: 20 accounts, one network with 20 subnets, 1,000 pools. */
    public static String spec() {
        StringBuilder out = new StringBuilder("resourceGroup: rg-bench\nlocation: westeurope\nstorageAccounts:\n  data: {}\n");
        out.append("virtualNetworks:\n  main:\n    addressSpace: [10.0.0.0/8]\n    subnets:\n");
        for (int s = 0; s < 20; s++) {
            out.append("      s").append(s).append(": {addressPrefix: 10.").append(s).append(".0.0/16}\n");
        }
        out.append("batchAccounts:\n");
        for (int a = 0; a < 20; a++) {
            out.append("  acct").append(a).append(":\n    autoStorage: {storageAccount: data}\n");
        }
        out.append("pools:\n");
        for (int p = 0; p < 1000; p++) {
            out.append("  pool").append(p).append(":\n    account: acct").append(p % 20).append('\n')
                    .append("    vmSize: Standard_D2s_v3\n")
                    .append("    image: {publisher: canonical, offer: 0001-com-ubuntu-server-jammy, sku: 22_04-lts}\n")
                    .append("    nodeAgentSkuId: batch.node.ubuntu 22.04\n")
                    .append("    subnet: main.s").append(p % 20).append('\n');
            if (p % 2 == 0) {
                out.append("    fixedScale: {targetDedicatedNodes: 2}\n");
            } else {
                out.append("""
                            autoScale:
                              evaluationInterval: 5m
                              formula: |
                                startingNumberOfVMs = 1;
                                maxNumberOfVMs = 25;
                                pendingTaskSamplePercent = $PendingTasks.GetSamplePercent(180 * TimeInterval_Second);
                                pendingTaskSamples = pendingTaskSamplePercent < 70 ? startingNumberOfVMs : avg($PendingTasks.GetSample(180 * TimeInterval_Second));
                                $TargetDedicatedNodes = min(maxNumberOfVMs, pendingTaskSamples);
                                $NodeDeallocationOption = taskcompletion;
                        """);
            }
        }
        return out.toString();
    }

    @Setup
    public void write() throws IOException {
        file = Files.createTempFile("batchform-bench", ".yaml");
        Files.writeString(file, spec());
        LoadResult check = SpecLoader.load(List.of(file), Map.of(), Map.of());
        if (check.hasErrors()) {
            throw new IllegalStateException("the benchmark spec is invalid: " + check.errors());
        }
    }

    @TearDown
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    public DesiredState loadValidateAndConvert() {
        LoadResult loaded = SpecLoader.load(List.of(file), Map.of(), Map.of());
        return SpecToDesired.convert(loaded.spec(), loaded.sources(), Map.of());
    }
}
