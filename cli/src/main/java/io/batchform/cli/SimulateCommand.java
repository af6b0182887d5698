package io.batchform.cli;

import io.batchform.autoscale.sim.Recording;
import io.batchform.autoscale.sim.Reports;
import io.batchform.autoscale.sim.Runs;
import io.batchform.autoscale.sim.SimulationJob;
import io.batchform.autoscale.sim.SimulationResult;
import io.batchform.autoscale.sim.WorkloadReader;
import io.batchform.engine.LoadedSpec;
import io.batchform.source.DiagnosticFormatter;
import io.batchform.source.Source;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code batchform simulate POOL_ADDRESS --workload FILE}: the spec's pool, as deployed, under a workload. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulate a pool of the spec under a workload: its formula, VM size, task slots, fill type, "
                + "evaluation interval and region prices come from the spec, so the pool you deploy is the pool you "
                + "simulate (the model's other settings are formula simulate's defaults). With --schedules, the "
                + "workload is the runs of the spec's job schedules on that pool, each submitting its simulation: "
                + "tasks.",
                "Exit 0 when it ran, 1 when the spec, the address or the workload is invalid."})
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SpecOptions specOptions;

    @Parameters(index = "0", paramLabel = "POOL_ADDRESS", description = "The pool, e.g. pool.batch.")
    String address;

    @Option(names = "--workload", paramLabel = "FILE", description = "Tasks to submit (as formula simulate).")
    Path workload;

    @Option(names = "--schedules", description = "Submit what the spec's job schedules on this pool run "
            + "(simulation: tasks, taskDuration, requiredSlots at each run), instead of --workload.")
    boolean schedules;

    @Option(names = "--duration", defaultValue = "1d", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long to simulate (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--start", paramLabel = "INSTANT", description = "What time() reads at the start.")
    Instant start;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "The (first) seed (default: 1).")
    long seed;

    @Option(names = "--seeds", defaultValue = "1", paramLabel = "N", description = "Seeds to run, with each figure's spread.")
    int seeds;

    @Option(names = "--out", paramLabel = "DIR", description = "Write timeline.csv, report.json and chart.svg here.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadedSpec loaded = SpecView.load(specOptions, err);
        if (loaded == null) {
            return 1;
        }
        SpecPool pool = SpecPool.of(loaded, address);
        if (schedules == (workload != null)) {
            throw new UserException("give one of --workload FILE and --schedules");
        }
        if (duration.toSeconds() < 30 || seeds < 1 || seeds > 1000) {
            throw new UserException("--duration must be at least 30s and --seeds 1 to 1000");
        }
        Optional<WorkloadReader.Definition> definition = schedules
                ? Optional.of(WorkloadReader.trace(ScheduleWorkload.of(loaded, address.substring("pool.".length()),
                        start != null ? start : WorkloadReader.DEFAULT_START, duration.toSeconds()).workload()))
                : read(err);
        if (definition.isEmpty()) {
            err.flush();
            return 1;
        }
        SimulationJob.Prepared prepared = SimulationJob.prepare(pool.formula(), definition.get(), pool.vmSize(),
                pool.region(), pool.settings(), start, duration.toSeconds(), seed);
        err.print(DiagnosticFormatter.formatAll(prepared.formula().source(), prepared.formula().diagnostics()));
        prepared.problems().forEach(p -> err.println("error: " + p));
        err.flush();
        if (prepared.job().isEmpty()) {
            return 1;
        }
        SimulationJob job = prepared.job().get();
        List<String> names = List.of(address);
        List<Long> seedList = LongStream.range(seed, seed + seeds).boxed().toList();
        List<SimulationResult> runs = Runs.map(seedList, s -> s == seed && out != null
                ? SimulationView.runAndWrite(job, Recording.DEFAULT_WAIT_THRESHOLD, out,
                        workload != null ? workload : Path.of("schedules"), names, 0)
                : job.with(job.formula(), s).run(Recording.FIGURES));
        stdout.print(seeds == 1 ? Reports.summary(address, runs.get(0), job.price())
                : Reports.spread(names, List.of(runs), seedList, job.price()));
        if (out != null) {
            stdout.println("\nWrote timeline.csv, report.json, chart.svg to " + out);
        }
        stdout.flush();
        return 0;
    }

    private Optional<WorkloadReader.Definition> read(PrintWriter err) {
        Source workloadSource = FormulaFiles.workload(workload);
        WorkloadReader.Result read = WorkloadReader.read(workloadSource);
        err.print(DiagnosticFormatter.formatAll(workloadSource, read.diagnostics()));
        return read.definition();
    }
}
