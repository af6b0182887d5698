package io.batchform.autoscale.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.autoscale.check.CheckedFormula;
import io.batchform.autoscale.check.FormulaCompiler;
import io.batchform.autoscale.lang.DeallocationOption;
import io.batchform.source.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The formula compiler and evaluator together, on token soup and on mutated real formulas: compiling never throws,
 * and a formula the checker accepts evaluates to a run (targets, or the service's evaluation error), never an
 * exception. Tries: {@code jqwik.tries.default} (200 in the build, more under {@code -Pfuzz}); the corpus under
 * {@code fuzz-corpus/formula/} is replayed by {@link #theCorpusEvaluates()}.
 */
class EvaluatorFuzzTest {
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final List<String> TOKENS = List.of("$TargetDedicatedNodes", "$TargetLowPriorityNodes",
            "$NodeDeallocationOption", "$PendingTasks", "$ActiveTasks", "$CPUPercent", "$CurrentDedicatedNodes",
            "x", "y", "=", ";", "(", ")", ",", ".", "GetSample", "GetSamplePercent", "Count", "HistoryBeginTime",
            "avg", "max", "min", "sum", "std", "percentile", "median", "len", "lg", "ln", "log", "rand", "range",
            "norm", "round", "floor", "ceil", "time", "val", "stop", "1", "0", "-1", "0.5", "1e308", "70",
            "TimeInterval_Minute", "TimeInterval_Second", "TimeInterval_Day", "taskcompletion", "requeue",
            "+", "-", "*", "/", "%", "<", "<=", "==", "!=", ">", "&&", "||", "!", "?", ":", "\"2026-01-01T00:00:00Z\"",
            "\n");
    private static final List<String> SEEDS = seeds();

    private static List<String> seeds() {
        try {
            Path dir = Path.of(EvaluatorFuzzTest.class.getResource("/formulas").toURI());
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(p -> p.toString().endsWith(".formula")).sorted().limit(40).map(p -> {
                    try {
                        return Files.readString(p, StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Provide
    Arbitrary<String> tokenSoup() {
        return Arbitraries.of(TOKENS).list().ofMaxSize(60).map(tokens -> String.join(" ", tokens));
    }

    @Property
    void tokenSoupCompilesAndEvaluates(@ForAll("tokenSoup") String text) {
        assertCompilesAndEvaluates(text);
    }

    @Property
    void aMutatedRealFormulaCompilesAndEvaluates(@ForAll @IntRange(min = 0, max = 1000) int seed,
                                                  @ForAll @IntRange(min = 0, max = 100_000) int position,
                                                  @ForAll @IntRange(min = 0, max = 200) int token,
                                                  @ForAll @IntRange(min = 0, max = 2) int mutation) {
        String formula = SEEDS.get(seed % SEEDS.size());
        int at = position % (formula.length() + 1);
        String piece = TOKENS.get(token % TOKENS.size());
        String mutated = switch (mutation) {
            case 0 -> formula.substring(0, at) + " " + piece + " " + formula.substring(at);
            case 1 -> formula.substring(0, at) + formula.substring(Math.min(formula.length(), at + 1 + token % 9));
            default -> formula.substring(0, at) + piece + formula.substring(Math.min(formula.length(), at + 1));
        };
        assertCompilesAndEvaluates(mutated);
    }

    @Example
    void theCorpusEvaluates() throws Exception {
        Path dir = Path.of(EvaluatorFuzzTest.class.getResource("/fuzz-corpus/formula").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path input : files.filter(p -> p.toString().endsWith(".formula")).sorted().toList()) {
                assertCompilesAndEvaluates(Files.readString(input, StandardCharsets.UTF_8));
            }
        }
    }

    static void assertCompilesAndEvaluates(String text) {
        CheckedFormula checked = FormulaCompiler.compile(new Source("fuzz.formula", text));
        if (!checked.isEvaluable()) {
            assertThat(checked.hasErrors()).as("a formula that cannot be evaluated says why: %s", text).isTrue();
            return;
        }
        EvaluationContext context = new EvaluationContext(NOW, new PoolState(2, 1, 2, 1, 4, DeallocationOption.REQUEUE));
        AutoScaleRun run = Evaluator.evaluate(checked, context);
        assertThat(run).as(text).isNotNull();
        assertThat(run.results()).as(text).isNotNull();
    }
}
