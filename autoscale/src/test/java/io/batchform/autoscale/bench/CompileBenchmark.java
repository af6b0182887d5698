package io.batchform.autoscale.bench;

import io.batchform.autoscale.check.CheckedFormula;
import io.batchform.autoscale.check.FormulaCompiler;
import io.batchform.source.Source;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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

/** Parse + check of a typical real formula (Batch Shipyard's 31-statement active-tasks formula). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class CompileBenchmark {
    private Source source;

    @Setup
    public void load() throws IOException {
        try (InputStream in = CompileBenchmark.class.getResourceAsStream(
                "/formulas/031-shipyard-active-tasks-bias-lowpri-rebalance.formula")) {
            source = new Source("031.formula", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Benchmark
    public CheckedFormula parseAndCheck() {
        return FormulaCompiler.compile(source);
    }
}
