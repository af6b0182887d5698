package io.batchform.autoscale.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.autoscale.lang.DeallocationOption;
import io.batchform.autoscale.lang.SystemVariable;
import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContextLoaderTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static ContextLoader.Result load(String yaml) {
        return ContextLoader.load(new Source("ctx.yaml", yaml), NOW);
    }

    @Test
    void aHistoryLongerThanEightDaysIsAnErrorAtTheFirstSampleBeyond() {
        String samples = "0, ".repeat(23_040) + "1";
        ContextLoader.Result result = load("time: 2025-04-24T11:34:37Z\nmetrics:\n  $ActiveTasks: [" + samples + "]\n");
        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.message()).isEqualTo("more than 23040 samples (8 days of 30-second samples, more than any "
                    + "window a formula reads)");
            assertThat(d.span().line()).isEqualTo(3);
            assertThat(d.span().column()).isEqualTo(18 + 3 * 23_040);
        });
    }

    @Test
    void readsEveryKey() {
        ContextLoader.Result result = load("""
                time: 2025-04-24T11:34:37.971Z
                pool:
                  targetDedicatedNodes: 1
                  targetLowPriorityNodes: 2
                  currentDedicatedNodes: 3
                  currentLowPriorityNodes: 4
                  taskSlotsPerNode: 5
                  nodeDeallocationOption: taskcompletion
                metrics:
                  $ActiveTasks: [0, 0, null, 7]
                implicitSamplePercent: 80
                seed: 3
                """);
        assertThat(result.diagnostics()).isEmpty();
        EvaluationContext context = result.context().orElseThrow();
        assertThat(context.time()).isEqualTo(Instant.parse("2025-04-24T11:34:37.971Z"));
        assertThat(context.pool()).isEqualTo(new PoolState(1, 2, 3, 4, 5, DeallocationOption.TASK_COMPLETION));
        assertThat(context.metric(SystemVariable.ACTIVE_TASKS).toArray()).containsExactly(0, 0, Double.NaN, 7);
        assertThat(context.metric(SystemVariable.ACTIVE_TASKS).available()).isEqualTo(3);
        assertThat(context.implicitSamplePercent()).isEqualTo(80);
    }

    @Test
    void everyKeyIsOptional() {
        EvaluationContext context = load("").context().orElseThrow();
        assertThat(context.time()).isEqualTo(NOW);
        assertThat(context.pool()).isEqualTo(PoolState.EMPTY);
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', textBlock = """
            `tme: 2025-04-24T11:34:37Z`                         => 1:1 C002 => unknown key 'tme'. Did you mean 'time'?
            `time: yesterday`                                   => 1:7 C005 => 'yesterday' is not a time
            `pool:\\n  targetDedicatedNodes: many`               => 2:25 C003 => expected a number, got 'many'
            `pool:\\n  currentDedicatedNode: 1`                  => 2:3 C002 => unknown key 'currentDedicatedNode'. Did you mean 'currentDedicatedNodes'?
            `pool:\\n  nodeDeallocationOption: finish`           => 2:27 C005 => nodeDeallocationOption is one of
            `pool:\\n  targetDedicatedNodes: -1`                 => 2:25 C005 => targetDedicatedNodes cannot be negative
            `metrics:\\n  $PendingTask: [1]`                     => 2:3 C004 => unknown metric '$PendingTask'. Did you mean '$PendingTasks'?
            `metrics:\\n  $CurrentDedicatedNodes: [1]`           => 2:3 C004 => unknown metric '$CurrentDedicatedNodes' (it is not sampled: set it under pool:)
            `metrics:\\n  $ActiveTasks: 5`                       => 2:17 C003 => expected a list of samples
            `metrics:\\n  $ActiveTasks: [1, x]`                  => 2:21 C003 => expected a number, got 'x'
            `pool: [1, 2]`                                      => 1:7 C003 => pool must be a mapping
            `time: [1`                                          => 1:9 C001 => not valid YAML
            `implicitSamplePercent: 170`                        => 1:24 C005 => a sample percentage is between 0 and 100
            """)
    void reportsProblemsAtTheirPositions(String yaml, String position, String message) {
        ContextLoader.Result result = load(yaml.replace("\\n", "\n"));
        assertThat(result.context()).isEmpty();
        Diagnostic first = result.diagnostics().get(0);
        assertThat(first.span().line() + ":" + first.span().column() + " " + first.code()).isEqualTo(position);
        assertThat(first.message()).startsWith(message);
    }

    @Test
    void reportsSeveralProblemsInOnePass() {
        ContextLoader.Result result = load("tme: 1\npool:\n  targetDedicatedNodes: x\nmetrics:\n  $Foo: [1]\n");
        assertThat(result.diagnostics()).extracting(d -> d.span().line()).containsExactly(1, 3, 5);
    }

    @Test
    void refusesAliasBombs() {
        StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        char previous = 'a';
        for (char c = 'b'; c <= 'k'; c++) {
            yaml.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                yaml.append(i > 0 ? ", *" : "*").append(previous);
            }
            yaml.append("]\n");
            previous = c;
        }
        ContextLoader.Result result = load(yaml.toString());
        assertThat(result.context()).isEmpty();
        assertThat(result.diagnostics()).isNotEmpty();
    }
}
