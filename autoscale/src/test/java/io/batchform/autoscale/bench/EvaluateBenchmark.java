package io.batchform.autoscale.bench;

import io.batchform.autoscale.check.FormulaCompiler;
import io.batchform.autoscale.eval.AutoScaleRun;
import io.batchform.autoscale.eval.EvaluationContext;
import io.batchform.autoscale.eval.Evaluator;
import io.batchform.autoscale.eval.MetricHistory;
import io.batchform.autoscale.eval.PoolState;
import io.batchform.autoscale.eval.PreparedFormula;
import io.batchform.autoscale.lang.DeallocationOption;
import io.batchform.autoscale.lang.SystemVariable;
import io.batchform.source.Source;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Evaluation of typical formulas with 15-minute sample windows over full histories (30 samples a window, 2 hours of
 * history per metric). Target: under 5 µs per evaluation on one core.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-XX:ActiveProcessorCount=1"})
@State(Scope.Benchmark)
public class EvaluateBenchmark {
    /** The documented pending-tasks pattern (see examples/formulas/pending-tasks.formula). */
    static final String PENDING_TASKS = """
            $samples = $PendingTasks.GetSamplePercent(TimeInterval_Minute * 15);
            $tasks = $samples < 70 ? max(0, $PendingTasks.GetSample(1))
                   : max($PendingTasks.GetSample(1), avg($PendingTasks.GetSample(TimeInterval_Minute * 15)));
            $targetVMs = $tasks > 0 ? $tasks / $TaskSlotsPerNode : max(0, $TargetDedicatedNodes / 2);
            cappedPoolSize = 20;
            $TargetDedicatedNodes = max(0, min($targetVMs, cappedPoolSize));
            $NodeDeallocationOption = taskcompletion;
            """;

    private PreparedFormula pendingTasks;
    private PreparedFormula shipyard;
    private EvaluationContext context;

    @Setup
    public void prepare() throws IOException {
        pendingTasks = Evaluator.prepare(FormulaCompiler.compile(new Source("pending-tasks.formula", PENDING_TASKS)));
        try (InputStream in = EvaluateBenchmark.class.getResourceAsStream(
                "/formulas/031-shipyard-active-tasks-bias-lowpri-rebalance.formula")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("600.0", "900.0");
            shipyard = Evaluator.prepare(FormulaCompiler.compile(new Source("031.formula", text)));
        }
        context = new EvaluationContext(Instant.parse("2025-04-24T11:34:37.971Z"),
                new PoolState(4, 2, 4, 2, 2, DeallocationOption.REQUEUE));
        for (SystemVariable variable : new SystemVariable[] {SystemVariable.PENDING_TASKS,
                SystemVariable.ACTIVE_TASKS, SystemVariable.PREEMPTED_NODE_COUNT}) {
            MetricHistory history = MetricHistory.withCapacity(240);
            for (int i = 0; i < 240; i++) {
                history.append(i % 17 == 0 ? Double.NaN : (i * 7) % 50);
            }
            context.metric(variable, history);
        }
    }

    @Benchmark
    public AutoScaleRun pendingTasksFormula() {
        return pendingTasks.evaluate(context);
    }

    @Benchmark
    public AutoScaleRun shipyardActiveTasksFormula() {
        return shipyard.evaluate(context);
    }
}
