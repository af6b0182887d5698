package io.batchform.cli;

import io.batchform.autoscale.sim.Runs;
import io.batchform.autoscale.sim.SimulationJob;
import io.batchform.autoscale.sim.WorkloadReader;
import io.batchform.autoscale.tune.Param;
import io.batchform.autoscale.tune.Tunables;
import io.batchform.autoscale.tune.Tuner;
import io.batchform.autoscale.tune.TuneReport;
import io.batchform.source.DiagnosticFormatter;
import io.batchform.source.Source;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code batchform formula tune FORMULA --workload FILE}: the formula's constants that minimise a figure. */
@Command(name = "tune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Search a formula's tunable constants (// @param NAME LO..HI[:STEP] above NAME = NUMBER;, or "
                + "--param) for the values that minimise a simulated figure under constraints, over several seeds, "
                + "in parallel: a grid for one or two constants, CMA-ES beyond.",
                "Prints the best setting with its figures, the cost / p95 wait trade-off and the formula with the "
                        + "values filled in; --out DIR also writes tuned.formula, tradeoff.svg and candidates.csv. "
                        + "Exit 0 when a setting meets the constraints, 1 when none does or an input is invalid."})
final class FormulaTuneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FORMULA", description = "The formula file.")
    Path formula;

    @Option(names = "--workload", required = true, paramLabel = "FILE", description = "Tasks to submit (as simulate).")
    Path workload;

    @Option(names = "--param", paramLabel = "NAME=LO..HI[:STEP]",
            description = "A constant to tune and its range (adds to or replaces the formula's @param).")
    List<String> params = new ArrayList<>();

    @Option(names = "--objective", defaultValue = "cost", paramLabel = "FIGURE",
            description = "The figure to minimise: cost (costTotal) or any report figure (default: ${DEFAULT-VALUE}).")
    String objective;

    @Option(names = "--constraint", paramLabel = "'FIGURE <= LIMIT'",
            description = "A bound each chosen setting keeps, e.g. 'queueWaitP95 <= 10m' (repeatable).")
    List<String> constraints = new ArrayList<>();

    @Option(names = "--seeds", defaultValue = "3", paramLabel = "N", description = "Seeds per candidate (default: 3).")
    int seeds;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "The first seed (default: 1).")
    long seed;

    @Option(names = "--budget", defaultValue = "200", paramLabel = "N",
            description = "The most candidate settings to simulate (default: ${DEFAULT-VALUE}).")
    int budget;

    @Option(names = "--duration", defaultValue = "7d", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long each simulation lasts (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--start", paramLabel = "INSTANT", description = "What time() reads at the start (as simulate).")
    Instant start;

    @Mixin
    PoolModelOptions pool;

    @Option(names = "--out", paramLabel = "DIR", description = "Write tuned.formula, tradeoff.svg and candidates.csv.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Tuner.Settings settings = settings();
        Source workloadSource = FormulaFiles.workload(workload);
        WorkloadReader.Result read = WorkloadReader.read(workloadSource);
        err.print(DiagnosticFormatter.formatAll(workloadSource, read.diagnostics()));
        if (read.definition().isEmpty()) {
            err.flush();
            return 1;
        }
        Source source = FormulaFiles.read(formula);
        SimulationJob.Prepared prepared = SimulationJob.prepare(source, read.definition().get(), pool.vmSize,
                pool.region, pool.settings(), start, Math.max(30, duration.toSeconds()), seed);
        err.print(DiagnosticFormatter.formatAll(source, prepared.formula().diagnostics()));
        prepared.problems().forEach(p -> err.println("error: " + p));
        Tunables.Result tunables = prepared.formula().isEvaluable()
                ? Tunables.read(prepared.formula(), params()) : new Tunables.Result(List.of(), List.of());
        err.print(DiagnosticFormatter.formatAll(source, tunables.diagnostics()));
        err.flush();
        if (prepared.job().isEmpty() || tunables.failed()) {
            return 1;
        }
        if (tunables.params().isEmpty()) {
            throw new UserException(formula + ": nothing to tune: declare a constant with '// @param NAME LO..HI' "
                    + "and an assignment 'NAME = NUMBER;', or pass --param NAME=LO..HI");
        }
        long began = System.nanoTime();
        Tuner.Outcome outcome = Tuner.tune(source, tunables.params(), prepared.job().get(), settings);
        double seconds = (System.nanoTime() - began) / 1e9;
        String filled = Tunables.fill(source, tunables.params(), outcome.best().values());
        stdout.print(TuneReport.text(formula.getFileName().toString(), settings, outcome, tunables.params(), filled));
        stdout.printf(Locale.ROOT, "%nTook %.1fs on %d threads.%n", seconds, Runs.threads());
        if (out != null) {
            TuneView.write(out, formula, workload, settings, outcome, filled);
            stdout.println("Wrote tuned.formula, tradeoff.svg, candidates.csv to " + out);
        }
        stdout.flush();
        return outcome.found() ? 0 : 1;
    }

    private Tuner.Settings settings() {
        try {
            return Tuner.settings(objective, constraints, seeds, seed, budget);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }

    private List<Param> params() {
        try {
            return params.stream().map(Param::option).toList();
        } catch (IllegalArgumentException e) {
            throw new UserException("--param: " + e.getMessage());
        }
    }
}
