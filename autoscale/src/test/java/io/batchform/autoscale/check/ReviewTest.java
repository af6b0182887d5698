package io.batchform.autoscale.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The review's warnings (W007 to W012): where each is reported, what it says, and what does not raise it. */
class ReviewTest {
    private static List<Diagnostic> review(String text) {
        CheckedFormula checked = FormulaCompiler.compile(new Source("test.formula", text));
        assertThat(checked.hasErrors()).as(checked.diagnostics().toString()).isFalse();
        return checked.diagnostics().stream().filter(d -> d.code().compareTo("W007") >= 0).toList();
    }

    private static String summary(Diagnostic d) {
        return d.span().line() + ":" + d.span().column() + " " + d.code();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', textBlock = """
            $targetDedicatedNodes = 5; $TargetLowPriorityNodes = 1                           => 1:1 W007 => '$targetDedicatedNodes' is not $TargetDedicatedNodes: names are case-sensitive, so this assigns a variable of its own and sets nothing on the pool
            $activeTasks = 3; $TargetDedicatedNodes = $activeTasks                           => 1:1 W007 => '$activeTasks' is not $ActiveTasks: names are case-sensitive, so this assigns a variable of its own and does not read the service's metric
            $targetDedicated = 5                                                             => 1:1 W007 => '$targetDedicated' is not $TargetDedicatedNodes
            $targetDedicatedNodes = 5                                                        => 1:26 W008 => no statement assigns $TargetDedicatedNodes or $TargetLowPriorityNodes ('$targetDedicatedNodes' is a variable of its own): every evaluation keeps the pool's current targets
            a = 1;\\nb = a * 2                                                                    => 2:10 W008 => no statement assigns $TargetDedicatedNodes or $TargetLowPriorityNodes: every evaluation keeps the pool's current targets
            t = max($PendingTasks.GetSample(TimeInterval_Minute * 5, 70));\\n$TargetDedicatedNodes = min(20, t / $TaskSlotsPerNode) => 2:25 W009 => $TargetDedicatedNodes can be a fraction of a node here (a task count divided at 2:33): the service truncates the target, so a queue smaller than the divisor gets 0 nodes and waits until it grows; round up with ceil(...)
            $TargetDedicatedNodes = max($ActiveTasks.GetSample(TimeInterval_Minute * 5, 70)) * 0.25 => 1:25 W009 => $TargetDedicatedNodes can be a fraction of a node here (a task count divided at 1:25)
            $TargetDedicatedNodes = max(0, $PendingTasks.GetSample(1)); $NodeDeallocationOption = taskcompletion => 1:32 W010 => every decision reads only the newest sample ($PendingTasks.GetSample(1)): the documentation advises against relying on it alone, as one sample follows every blip and may be old; combine it with a window, e.g. max($PendingTasks.GetSample(1), avg($PendingTasks.GetSample(TimeInterval_Minute * 5, 70)))
            $TargetDedicatedNodes = max($PendingTasks.GetSample(TimeInterval_Minute, 0))     => 1:53 W011 => $PendingTasks.GetSample looks back only 60 s: samples take about a minute to become readable, so this window may hold none; look back further, e.g. TimeInterval_Minute * 5
            $TargetDedicatedNodes = max($PendingTasks.GetSample(10 * TimeInterval_Second, 0 * TimeInterval_Second, 100)) => 1:53 W011 => $PendingTasks.GetSample looks back only 10 s
            p = $PendingTasks.GetSamplePercent(TimeInterval_Second * 30); $TargetDedicatedNodes = p => 1:36 W011 => $PendingTasks.GetSamplePercent looks back only 30 s
            $TargetDedicatedNodes = avg($PendingTasks.GetSample(TimeInterval_Minute * 10, 95)) => 1:52 W011 => requires 95% of the window's 20 samples, but those of the newest minute may not be readable yet: only 18 (90%) are sure, so evaluations can fail with InsufficientSampleData; ask for less or look back further
            maxNumberofVMs = 25;\\n$TargetDedicatedNodes = min(maxNumberofVMs, $PreemptedNodeCount.GetSample(180 * TimeInterval_Second));\\n$TargetLowPriorityNodes = min(maxNumberofVMs , maxNumberofVMs - $TargetDedicatedNodes);\\n$NodeDeallocationOption = taskcompletion; => 2:74 W011 => requires 70% of the window's 6 samples, but those of the newest minute may not be readable yet: only 4 (66.6667%) are sure
            $TargetDedicatedNodes = min(10, avg($ActiveTasks.GetSample(TimeInterval_Minute * 5, 70))) => 1:1 W012 => $TargetDedicatedNodes follows $ActiveTasks alone: when the queue empties it drops while tasks still run, and with requeue (the default) the removed nodes' running tasks are stopped and queued again; count running tasks too ($PendingTasks is active + running) or set $NodeDeallocationOption = taskcompletion
            """)
    void warnsAtThePositionWithTheMessage(String text, String position, String message) {
        String code = position.substring(position.indexOf(' ') + 1);
        List<Diagnostic> warnings = review(text.replace("\\n", "\n")).stream()
                .filter(d -> d.code().equals(code)).toList();
        assertThat(warnings).as(text).isNotEmpty();
        assertThat(summary(warnings.get(0))).isEqualTo(position);
        assertThat(warnings.get(0).message()).startsWith(message);
        assertThat(warnings.get(0).isError()).isFalse();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', textBlock = """
            the documented pending-tasks formula => startingNumberOfVMs = 1; maxNumberofVMs = 25; pendingTaskSamplePercent = $PendingTasks.GetSamplePercent(180 * TimeInterval_Second); pendingTaskSamples = pendingTaskSamplePercent < 70 ? startingNumberOfVMs : avg($PendingTasks.GetSample(180 * TimeInterval_Second)); $TargetDedicatedNodes = min(maxNumberofVMs, pendingTaskSamples); $NodeDeallocationOption = taskcompletion;
            a division rounded up                => t = max($PendingTasks.GetSample(TimeInterval_Minute * 5, 70)); $TargetDedicatedNodes = min(20, ceil(t / $TaskSlotsPerNode))
            a division with a floor of one node  => t = max($PendingTasks.GetSample(TimeInterval_Minute * 5, 70)); $TargetDedicatedNodes = max(1, t / 4)
            shipyard's guard of a fraction       => t = max($PendingTasks.GetSample(TimeInterval_Minute * 5, 70)); v = t / 4; v = (v > 0 && v < 1) ? 1 : v; $TargetDedicatedNodes = v
            a division by one                    => t = max($PendingTasks.GetSample(TimeInterval_Minute * 5, 70)); $TargetDedicatedNodes = t / 1
            active tasks that finish their work  => $TargetDedicatedNodes = min(10, avg($ActiveTasks.GetSample(TimeInterval_Minute * 5, 70))); $NodeDeallocationOption = taskcompletion
            active and running tasks             => $TargetDedicatedNodes = min(10, avg($ActiveTasks.GetSample(TimeInterval_Minute * 5, 70)) + max($RunningTasks.GetSample(1)))
            the newest sample beside a window    => s = $PendingTasks.GetSamplePercent(TimeInterval_Minute * 15); $TargetDedicatedNodes = s < 70 ? max(0, $PendingTasks.GetSample(1)) : max($PendingTasks.GetSample(1), avg($PendingTasks.GetSample(TimeInterval_Minute * 15)))
            a schedule                           => $TargetDedicatedNodes = time().hour >= 8 && time().hour < 18 ? 10 : 0
            """)
    void staysQuietWhereTheFormulaIsFine(String name, String text) {
        assertThat(review(text)).as(name).isEmpty();
    }

    @Test
    void aSampleMethodOnATargetThatAlreadyHasAnErrorIsLeftAlone() {
        // Found by CompilerFuzzTest: '$A.tiveTasks' is an undefined name (F010, evaluable) read as a member.
        CheckedFormula checked = FormulaCompiler.compile(new Source("test.formula",
                "a = $A.tiveTasks.GetSamplePercent(TimeInterval_Minute * 5);\n$TargetDedicatedNodes = 1"));
        assertThat(checked.diagnostics()).extracting(ReviewTest::summary).containsExactly("1:5 F010");
    }

    @Test
    void theShippedExamplesPassTheReview() throws IOException {
        try (var files = Files.list(Path.of("..", "examples", "formulas"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".formula")).sorted().toList()) {
                assertThat(review(Files.readString(file))).as(file.toString()).isEmpty();
            }
        }
    }
}
