package io.batchform.autoscale.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.batchform.autoscale.check.CheckedFormula;
import io.batchform.autoscale.check.FormulaCompiler;
import io.batchform.autoscale.lang.DeallocationOption;
import io.batchform.source.Diagnostic;
import io.batchform.source.DiagnosticFormatter;
import io.batchform.source.Source;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Coverage-guided (Jazzer): any bytes as a formula, compiled and, when the checker accepts it, evaluated. What must
 * hold is {@code CompilerFuzzTest}'s and {@link EvaluatorFuzzTest}'s: every diagnostic lies inside the text and prints
 * as a positioned line, a formula without a tree has an error, and an evaluable one evaluates to a run (targets, or the
 * service's evaluation error), never an exception. In the build it replays its inputs
 * ({@code FormulaCoverageFuzzTestInputs/}: shipped formulas as seeds, and every input that once failed);
 * {@code JAZZER_FUZZ=1} fuzzes it (README, "Fuzzing").
 */
class FormulaCoverageFuzzTest {
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    @FuzzTest(maxDuration = "3m")
    void anyFormulaCompilesAndEvaluates(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        Source source = new Source("fuzz.formula", text);
        CheckedFormula checked = FormulaCompiler.compile(source);
        for (Diagnostic diagnostic : checked.diagnostics()) {
            assertThat(diagnostic.span().endOffset()).as(text).isLessThanOrEqualTo(text.length());
            assertThat(DiagnosticFormatter.format(source, diagnostic)).as(text).startsWith("fuzz.formula:");
        }
        if (!checked.isEvaluable()) {
            assertThat(checked.hasErrors()).as("a formula that cannot be evaluated says why: %s", text).isTrue();
            return;
        }
        PoolState pool = new PoolState(2, 1, 2, 1, 4, DeallocationOption.REQUEUE);
        AutoScaleRun run = Evaluator.evaluate(checked, new EvaluationContext(NOW, pool));
        assertThat(run).as(text).isNotNull();
        assertThat(run.results()).as(text).isNotNull();
    }
}
