package io.batchform.cli;

import io.batchform.autoscale.sim.PoolSettings;
import io.batchform.autoscale.sim.Reports;
import io.batchform.autoscale.sim.SimulationJob;
import io.batchform.autoscale.sim.SimulationResult;
import io.batchform.autoscale.sim.WorkloadReader;
import io.batchform.source.DiagnosticFormatter;
import io.batchform.source.Source;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    PoolModelOptions pool;

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
        Source workloadSource = FormulaFiles.workload(workload);
        WorkloadReader.Result read = WorkloadReader.read(workloadSource);
        err.print(DiagnosticFormatter.formatAll(workloadSource, read.diagnostics()));
        PoolSettings settings = pool.settings();
        List<Path> formulas = compare == null ? List.of(formula) : List.of(formula, compare);
        List<SimulationJob> jobs = new ArrayList<>();
        boolean failed = read.definition().isEmpty();
        for (Path file : formulas) {
            if (read.definition().isEmpty()) {
                break;
            }
            SimulationJob.Prepared prepared = SimulationJob.prepare(FormulaFiles.read(file), read.definition().get(),
                    pool.vmSize, pool.region, settings, start, duration.toSeconds(), seed);
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
            SimulationView.write(out, workload, names, results, jobs.get(0).price());
            stdout.println("\nWrote " + String.join(", ", SimulationView.outputs(names)) + " to " + out);
        }
        stdout.flush();
        return 0;
    }
}
