package io.batchform.autoscale.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.source.Diagnostic;
import io.batchform.source.DiagnosticFormatter;
import io.batchform.source.Source;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random and mutated formulas never crash the compiler: every input gives a checked formula, and every rejected one
 * carries at least one error diagnostic with a position inside the text.
 */
class CompilerFuzzTest {
    private static final List<String> TOKENS = List.of("$TargetDedicatedNodes", "$PendingTasks", "$CPUPercent",
            "x", "y", "$v", "=", ";", "(", ")", ",", ".", "GetSample", "GetSamplePercent", "Count", "avg", "max",
            "min", "time", "val", "stop", "percentile", "1", "0.5", "70", "\"2024-01-01T00:00:00Z\"", "\"x\"",
            "TimeInterval_Minute", "taskcompletion", "+", "-", "*", "/", "<", "<=", "==", "!=", "&&", "||", "!",
            "?", ":", "weekday", "hour", "//c\n", "\n", "%", "{", "'", "\"", "/*", "\t", "é", "\u0000");
    private static final String SEED_FORMULA;

    static {
        try (InputStream in = CompilerFuzzTest.class.getResourceAsStream(
                "/formulas/031-shipyard-active-tasks-bias-lowpri-rebalance.formula")) {
            SEED_FORMULA = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Provide
    Arbitrary<String> tokenSoup() {
        return Arbitraries.of(TOKENS).list().ofMaxSize(60).map(tokens -> String.join(" ", tokens));
    }

    @Property(tries = 2000)
    void tokenSoupNeverCrashes(@ForAll("tokenSoup") String text) {
        assertCompilesToDiagnostics(text);
    }

    @Property(tries = 500)
    void arbitraryStringsNeverCrash(@ForAll String text) {
        assertCompilesToDiagnostics(text);
    }

    @Property(tries = 1000)
    void mutatedRealFormulasNeverCrash(@ForAll @IntRange(min = 0, max = 4000) int position,
                                       @ForAll @IntRange(min = 0, max = 127) int replacement,
                                       @ForAll @IntRange(min = 0, max = 2) int mutation) {
        int at = position % (SEED_FORMULA.length() + 1);
        String mutated = switch (mutation) {
            case 0 -> SEED_FORMULA.substring(0, at);
            case 1 -> SEED_FORMULA.substring(0, at) + (char) replacement + SEED_FORMULA.substring(Math.min(at + 1, SEED_FORMULA.length()));
            default -> SEED_FORMULA.substring(0, at) + SEED_FORMULA.substring(Math.min(at + 7, SEED_FORMULA.length()));
        };
        assertCompilesToDiagnostics(mutated);
    }

    @Property(tries = 30)
    void deepNestingNeverOverflowsTheStack(@ForAll @IntRange(min = 1, max = 20000) int depth,
                                           @ForAll @IntRange(min = 0, max = 3) int kind) {
        String text = switch (kind) {
            case 0 -> "a = " + "(".repeat(depth) + "1" + ")".repeat(depth);
            case 1 -> "a = " + "-".repeat(depth) + "1";
            case 2 -> "a = " + "1 ? ".repeat(depth) + "1" + " : 2".repeat(depth);
            default -> "a = " + "max(".repeat(depth) + "1" + ")".repeat(depth);
        };
        assertCompilesToDiagnostics(text);
    }

    private static void assertCompilesToDiagnostics(String text) {
        Source source = new Source("fuzz.formula", text);
        CheckedFormula checked = FormulaCompiler.compile(source);
        if (checked.formula().isEmpty()) {
            assertThat(checked.hasErrors()).as("a formula without a tree has an error: %s", text).isTrue();
        }
        for (Diagnostic diagnostic : checked.diagnostics()) {
            assertThat(diagnostic.span().endOffset()).isLessThanOrEqualTo(text.length());
            assertThat(DiagnosticFormatter.format(source, diagnostic)).startsWith("fuzz.formula:");
        }
    }
}
