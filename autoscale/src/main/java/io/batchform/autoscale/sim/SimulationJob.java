package io.batchform.autoscale.sim;

import io.batchform.autoscale.check.CheckedFormula;
import io.batchform.autoscale.check.FormulaCompiler;
import io.batchform.autoscale.eval.Evaluator;
import io.batchform.autoscale.eval.PreparedFormula;
import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import io.batchform.source.Suggestions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything one simulation needs, checked: a formula the service would accept, a workload, a priced VM size and
 * the pool settings. {@link #prepare} reports what is wrong instead of throwing.
 */
public record SimulationJob(String name, PreparedFormula formula, WorkloadReader.Definition workload,
                           PoolSettings pool, Prices.Price price, Instant start, double durationSeconds, long seed) {
    /** A job, or why there is none: diagnostics of the formula, or a message about the VM size. */
    public record Prepared(Optional<SimulationJob> job, CheckedFormula formula, List<String> problems) {
    }

    /**
     * Checks a formula and prices a VM size; {@code pool} is completed with the size's vCPUs. {@code start} null
     * means the workload's own start, else {@link WorkloadReader#DEFAULT_START}.
     */
    public static Prepared prepare(Source formula, WorkloadReader.Definition workload, String vmSize, String region,
                                   PoolSettings pool, Instant start, double durationSeconds, long seed) {
        CheckedFormula checked = FormulaCompiler.compile(formula);
        List<String> problems = new java.util.ArrayList<>();
        Optional<Prices.Price> price = Prices.shipped().find(region, vmSize);
        if (price.isEmpty()) {
            if (!Prices.shipped().regions().contains(region)) {
                problems.add("no prices for region '" + region + "'" + Suggestions.didYouMean(region,
                        Prices.shipped().regions()) + "; known: " + String.join(", ", Prices.shipped().regions()));
            } else {
                problems.add("no price for VM size '" + vmSize + "' in " + region
                        + Suggestions.didYouMean(vmSize, Prices.shipped().sizes(region)));
            }
        }
        if (!checked.isEvaluable() || !problems.isEmpty()) {
            return new Prepared(Optional.empty(), checked, problems);
        }
        Prices.Price p = price.get();
        PoolSettings priced = new PoolSettings(p.vmSize(), p.vcpus(), pool.taskSlotsPerNode(), pool.fillType(),
                pool.evaluationIntervalSeconds(), pool.initialDedicatedNodes(), pool.initialLowPriorityNodes(),
                pool.dedicatedAllocation(), pool.lowPriorityAllocation(), pool.preemptionsPerNodeHour(),
                pool.preemptedFor(), pool.sampleDelay(), pool.missingSampleRate(), pool.dedicatedCoreQuota(),
                pool.lowPriorityCoreQuota(), pool.retainedDataSeconds(), pool.evictionWaves());
        Instant at = start != null ? start : workload.start().orElse(WorkloadReader.DEFAULT_START);
        return new Prepared(Optional.of(new SimulationJob(formula.name(), Evaluator.prepare(checked), workload, priced, p,
                at, durationSeconds, seed)), checked, problems);
    }

    /** Runs it, keeping everything in memory ({@link Recording#ALL}). */
    public SimulationResult run() {
        return run(Recording.ALL);
    }

    /** Runs it, keeping what {@code recording} asks; the workload is drawn as the run goes. */
    public SimulationResult run(Recording recording) {
        return Simulator.run(formula, pool, workload.chunks(durationSeconds, seed), start, durationSeconds, seed,
                recording);
    }

    /** The same job with another formula (the tuner's candidates) or seed. */
    public SimulationJob with(PreparedFormula other, long otherSeed) {
        return new SimulationJob(name, other, workload, pool, price, start, durationSeconds, otherSeed);
    }

    /** Whether any diagnostic is an error (for callers printing them). */
    public static boolean hasErrors(List<Diagnostic> diagnostics) {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
