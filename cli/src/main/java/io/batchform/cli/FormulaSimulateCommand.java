package io.batchform.cli;

import io.batchform.autoscale.sim.PoolSettings;
import io.batchform.autoscale.sim.Recording;
import io.batchform.autoscale.sim.Reports;
import io.batchform.autoscale.sim.Runs;
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
                "Prints a summary; --out DIR also writes timeline.csv, report.json and chart.svg (streamed as the run "
                        + "goes: a year takes no more memory than a day). --seeds N runs N seeds in parallel and "
                        + "prints each figure's spread. Exit 0 when it ran, 1 when an input is invalid."})
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

    @Option(names = "--seeds", defaultValue = "1", paramLabel = "N",
            description = "Run N seeds (--seed, --seed+1, ...) in parallel and print min, median, max and stddev of "
                    + "each figure; --out writes the first seed's files (default: 1).")
    int seeds;

    @Option(names = "--wait-threshold", defaultValue = "10m", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "The wait the 'waited over' figure counts tasks beyond "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration waitThreshold;

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
        if (seeds < 1 || seeds > 1000) {
            throw new UserException("--seeds must be 1 to 1000");
        }
        List<String> names = formulas.stream().map(p -> p.getFileName().toString()).toList();
        Recording figures = Recording.FIGURES.withWaitThreshold(waitThreshold.toSeconds());
        List<Long> seedList = java.util.stream.LongStream.range(seed, seed + seeds).boxed().toList();
        List<List<SimulationResult>> runs = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            SimulationJob job = jobs.get(i);
            int index = i;
            runs.add(Runs.map(seedList, s -> s == seed && out != null
                    ? SimulationView.runAndWrite(job, waitThreshold.toSeconds(), out, workload, names, index)
                    : job.with(job.formula(), s).run(figures)));
        }
        stdout.print(seeds == 1 ? Reports.compare(names, runs.stream().map(r -> r.get(0)).toList(), jobs.get(0).price())
                : Reports.spread(names, runs, seedList, jobs.get(0).price()));
        if (out != null) {
            stdout.println("\nWrote " + String.join(", ", SimulationView.outputs(names)) + " to " + out
                    + (seeds == 1 ? "" : " (seed " + seed + ")"));
        }
        stdout.flush();
        return 0;
    }
}
