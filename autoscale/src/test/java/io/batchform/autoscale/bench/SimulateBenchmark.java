package io.batchform.autoscale.bench;

import io.batchform.autoscale.check.FormulaCompiler;
import io.batchform.autoscale.eval.Evaluator;
import io.batchform.autoscale.eval.PreparedFormula;
import io.batchform.autoscale.sim.PoolSettings;
import io.batchform.autoscale.sim.SimulationResult;
import io.batchform.autoscale.sim.Simulator;
import io.batchform.autoscale.sim.Workload;
import io.batchform.autoscale.sim.WorkloadReader;
import io.batchform.source.Source;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 5's budget: a 30-day simulation of 1,000 tasks an hour (Poisson, 2 to 8 minutes each; 720,000 tasks) with
 * the documented pending-tasks formula evaluated every 5 minutes (8,640 evaluations, 86,400 samples), under 1 second
 * on one core. The workload is drawn once; the measurement is the simulation alone, timeline and report figures
 * included.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-XX:ActiveProcessorCount=1"})
@State(Scope.Benchmark)
public class SimulateBenchmark {
    static final String PENDING_TASKS = """
            $samples = $PendingTasks.GetSamplePercent(TimeInterval_Minute * 15);
            $tasks = $samples < 70 ? max(0, $PendingTasks.GetSample(1))
                   : max($PendingTasks.GetSample(1), avg($PendingTasks.GetSample(TimeInterval_Minute * 15)));
            $targetVMs = $tasks > 0 ? $tasks / $TaskSlotsPerNode : max(0, $TargetDedicatedNodes / 2);
            $TargetDedicatedNodes = max(0, min($targetVMs, 200));
            $NodeDeallocationOption = taskcompletion;
            """;
    private static final double THIRTY_DAYS = 30 * 86_400;

    private PreparedFormula formula;
    private PreparedFormula constant;
    private PoolSettings pool;
    private Workload workload;

    @Setup
    public void setUp() {
        formula = Evaluator.prepare(FormulaCompiler.compile(new Source("pending-tasks.formula", PENDING_TASKS)));
        constant = Evaluator.prepare(FormulaCompiler.compile(new Source("constant.formula",
                "$TargetDedicatedNodes = 80;\n$NodeDeallocationOption = taskcompletion;")));
        pool = PoolSettings.defaults("Standard_D2s_v3", 2).withInterval(300);
        WorkloadReader.Result read = WorkloadReader.read(new Source("bench.workload.yaml", """
                generators:
                  - {type: poisson, rate: 1000, duration: {distribution: uniform, min: 2m, max: 8m}}
                """));
        workload = read.definition().orElseThrow().workload(THIRTY_DAYS, 1);
    }

    /** What one run did, so the figures can be checked against the budget's assumptions. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Work {
        public long tasks;
        public long evaluations;
    }

    @Benchmark
    public SimulationResult thirtyDaysAtAThousandTasksAnHour(Work work) {
        SimulationResult result = Simulator.run(formula, pool, workload, WorkloadReader.DEFAULT_START, THIRTY_DAYS, 1);
        work.tasks += result.tasksDone();
        work.evaluations += result.evaluations().size();
        return result;
    }

    /**
     * The same simulation with a formula that only assigns a constant near the pending-tasks formula's average size:
     * the difference from the run above, divided by 8,640, is what an evaluation of the real formula costs.
     */
    @Benchmark
    public SimulationResult thirtyDaysWithAConstantFormula(Work work) {
        SimulationResult result = Simulator.run(constant, pool, workload, WorkloadReader.DEFAULT_START, THIRTY_DAYS, 1);
        work.tasks += result.tasksDone();
        work.evaluations += result.evaluations().size();
        return result;
    }
}
