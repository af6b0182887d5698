package io.batchform.cli;

import io.batchform.autoscale.sim.Chart;
import io.batchform.autoscale.sim.Distribution;
import io.batchform.autoscale.sim.PoolSettings;
import io.batchform.autoscale.sim.Prices;
import io.batchform.autoscale.sim.Reports;
import io.batchform.autoscale.sim.SimulationJob;
import io.batchform.autoscale.sim.SimulationResult;
import io.batchform.autoscale.sim.WorkloadReader;
import io.batchform.source.DiagnosticFormatter;
import io.batchform.source.Source;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code batchform formula simulate FORMULA --workload FILE}: what a formula does to a pool under a workload. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay a workload against a formula on a model pool, offline and deterministically: node "
                + "allocation delays, sample delays, evaluations every interval, preemption, deallocation options.",
                "Prints a summary; --out DIR also writes timeline.csv, report.json and chart.svg. "
                        + "Exit 0 when it ran, 1 when an input is invalid."})
final class FormulaSimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FORMULA", description = "The formula file.")
    Path formula;

    @Option(names = "--workload", required = true, paramLabel = "FILE",
            description = "Tasks to submit: a CSV trace (time,duration,count) or YAML generators.")
    Path workload;

    @Option(names = "--duration", defaultValue = "1d", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long to simulate (default: ${DEFAULT-VALUE}).")
    Duration duration;

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

    @Option(names = "--sample-delay", defaultValue = "60s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long before a sample can be read by the formula (default: ${DEFAULT-VALUE}).")
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

    @Option(names = "--start", paramLabel = "INSTANT",
            description = "What time() reads at the start (default: the trace's first instant, else 2025-01-06T00:00:00Z).")
    Instant start;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of every random choice (default: 1).")
    long seed;

    @Option(names = "--compare", paramLabel = "OTHER.formula",
            description = "Run another formula on the same workload and print both side by side.")
    Path compare;

    @Option(names = "--out", paramLabel = "DIR", description = "Write timeline.csv, report.json and chart.svg here.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Source workloadSource = readText(workload);
        WorkloadReader.Result read = WorkloadReader.read(workloadSource);
        err.print(DiagnosticFormatter.formatAll(workloadSource, read.diagnostics()));
        PoolSettings pool;
        try {
            Distribution delay = new Distribution.LogNormal(Math.max(1, allocation.toSeconds()), 0.35);
            Distribution lowDelay = lowPriorityAllocation == null ? delay
                    : new Distribution.LogNormal(Math.max(1, lowPriorityAllocation.toSeconds()), 0.35);
            pool = PoolSettings.defaults(vmSize, 1).withTaskSlots(taskSlots).withFillType(fill)
                    .withInterval(interval.toSeconds()).withInitialTargets(initialNodes, 0)
                    .withAllocation(delay, lowDelay).withPreemption(preemptionRate, new Distribution.Fixed(900))
                    .withSamples(sampleDelay.toSeconds(), missingSamples)
                    .withCoreQuotas(coreQuota, lowPriorityCoreQuota).withRetainedData(retainedData.toSeconds());
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        List<Path> formulas = compare == null ? List.of(formula) : List.of(formula, compare);
        List<SimulationJob> jobs = new ArrayList<>();
        boolean failed = read.definition().isEmpty();
        for (Path file : formulas) {
            if (read.definition().isEmpty()) {
                break;
            }
            SimulationJob.Prepared prepared = SimulationJob.prepare(FormulaFiles.read(file), read.definition().get(),
                    vmSize, region, pool, start, duration.toSeconds(), seed);
            err.print(DiagnosticFormatter.formatAll(prepared.formula().source(), prepared.formula().diagnostics()));
            prepared.problems().forEach(p -> err.println("error: " + p));
            prepared.job().ifPresentOrElse(jobs::add, () -> { });
            failed |= prepared.job().isEmpty();
        }
        err.flush();
        if (failed) {
            return 1;
        }
        if (duration.toSeconds() < 30) {
            throw new UserException("--duration must be at least 30s (one sample)");
        }
        List<SimulationResult> results = jobs.stream().map(SimulationJob::run).toList();
        List<String> names = formulas.stream().map(p -> p.getFileName().toString()).toList();
        stdout.print(Reports.compare(names, results, jobs.get(0).price()));
        if (out != null) {
            write(names, results, jobs.get(0).price());
            stdout.println("\nWrote " + String.join(", ", outputs(names)) + " to " + out);
        }
        stdout.flush();
        return 0;
    }

    private List<String> outputs(List<String> names) {
        List<String> files = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String prefix = names.size() == 1 ? "" : stem(names.get(i)) + ".";
            files.addAll(List.of(prefix + "timeline.csv", prefix + "report.json", prefix + "chart.svg"));
        }
        return files;
    }

    private void write(List<String> names, List<SimulationResult> results, Prices.Price price) {
        try {
            Files.createDirectories(out);
            for (int i = 0; i < names.size(); i++) {
                String prefix = names.size() == 1 ? "" : stem(names.get(i)) + ".";
                Files.writeString(out.resolve(prefix + "timeline.csv"), Reports.csv(results.get(i)), StandardCharsets.UTF_8);
                Files.writeString(out.resolve(prefix + "report.json"), Reports.json(names.get(i), results.get(i), price),
                        StandardCharsets.UTF_8);
                Files.writeString(out.resolve(prefix + "chart.svg"), Chart.svg(names.get(i) + " on "
                        + workload.getFileName(), results.get(i)), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UserException("cannot write to " + out + ": " + e.getMessage());
        }
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    static Source readText(Path path) {
        try {
            if (Files.size(path) > 64L << 20) {
                throw new UserException(path + ": larger than 64 MB");
            }
            return new Source(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserException(path + ": no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new UserException(path + ": not UTF-8 text");
        } catch (IOException e) {
            throw new UserException(path + ": cannot read: " + e.getMessage());
        }
    }
}
