package io.batchform.autoscale.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.autoscale.ast.Expr;
import io.batchform.autoscale.ast.Statement;
import io.batchform.autoscale.lang.SystemVariable;
import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class CheckerTest {
    private static CheckedFormula compile(String text) {
        return FormulaCompiler.compile(new Source("test.formula", text));
    }

    private static String summary(Diagnostic d) {
        return d.span().line() + ":" + d.span().column() + " " + d.code();
    }

    static Stream<String> realFormulas() {
        return Stream.of("028-shipyard-active-tasks-config-template", "029-shipyard-active-tasks-docs-example",
                "030-shipyard-pending-tasks-nobias-rebalance-dedicated", "031-shipyard-active-tasks-bias-lowpri-rebalance",
                "032-shipyard-workday", "033-shipyard-workday-offpeak-max-lowpri", "034-shipyard-weekday-lowpri",
                "035-shipyard-weekend", "036-shipyard-2017-pending-tasks-insufficient-data");
    }

    @ParameterizedTest
    @MethodSource("realFormulas")
    void acceptsRealFormulas(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/formulas/" + name + ".formula")) {
            CheckedFormula checked = compile(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertThat(checked.hasErrors()).as(name + ": " + checked.diagnostics()).isFalse();
        }
    }

    @Test
    void warnsWhereTheServiceFailedTheShipyard2017FormulaOnANewPool() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/formulas/036-shipyard-2017-pending-tasks-insufficient-data.formula")) {
            CheckedFormula checked = compile(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            // The service reported "Line 9, Col 43: Insufficient data from data set: $PendingTasks wanted 70%".
            assertThat(checked.diagnostics()).extracting(CheckerTest::summary).containsExactly("9:43 W001");
        }
    }

    /** The documented patterns (pending tasks, preempted nodes, CPU, time of day), written for these tests. */
    static Stream<String> documentedConstructs() {
        return Stream.of(
                "startVMs = 1; capVMs = 25; pct = $PendingTasks.GetSamplePercent(180 * TimeInterval_Second);"
                        + " pending = pct < 70 ? startVMs : avg($PendingTasks.GetSample(180 * TimeInterval_Second));"
                        + " $TargetDedicatedNodes = min(capVMs, pending); $NodeDeallocationOption = taskcompletion;",
                "capVMs = 25; $TargetDedicatedNodes = min(capVMs, $PreemptedNodeCount.GetSample(180 * TimeInterval_Second, 80));"
                        + " $TargetLowPriorityNodes = min(capVMs, capVMs - $TargetDedicatedNodes); $NodeDeallocationOption = taskcompletion",
                "$total = (min($CPUPercent.GetSample(TimeInterval_Minute * 10, 90)) > 70) ? ($CurrentDedicatedNodes * 1.1)"
                        + " : $CurrentDedicatedNodes;\n$total = (avg($CPUPercent.GetSample(TimeInterval_Minute * 60, 90)) < 20)"
                        + "\n  ? ($CurrentDedicatedNodes * 0.9)\n  : $total;\n$TargetDedicatedNodes = min(400, $total)",
                "$now = time(); $workHours = $now.hour >= 8 && $now.hour < 18; $weekday = $now.weekday >= 1 && $now.weekday <= 5;"
                        + " $TargetDedicatedNodes = $workHours && $weekday ? 20 : 10; $NodeDeallocationOption = taskcompletion",
                "$samples = $PendingTasks.GetSamplePercent(TimeInterval_Minute * 15); $tasks = $samples < 70 ?"
                        + " max(0, $PendingTasks.GetSample(1)) : max($PendingTasks.GetSample(1), avg($PendingTasks.GetSample(TimeInterval_Minute * 15)));"
                        + " $targetVMs = $tasks > 0 ? $tasks : max(0, $TargetDedicatedNodes / 2); cappedPoolSize = 3;"
                        + " $TargetDedicatedNodes = max(0, min($targetVMs, cappedPoolSize)); $NodeDeallocationOption = taskcompletion",
                "t = time(\"2024-06-23T02:19:08.272769Z\") + TimeInterval_Hour; u = time(\"2024-08-10T12:00:00+00:00\") - t;"
                        + " v = u > TimeInterval_Zero; w = -TimeInterval_Week * 2; r = time(\"Mon, 06 Oct 2014 10:20:00 GMT\");"
                        + " x = $ActiveTasks.GetSample(time() - t, 50); y = lg(x) + 1;"
                        + " z = percentile(x, 95) + val(x, 0) + std(x, 3) + norm(1, x) + range(x) + len(x) + sum(x) + rand()"
                        + " + ceil(1.5) + floor(2.5) + avg(round(x * 2 / 4 - 1)) + ln(2) + log(10); $TargetLowPriority = 2",
                "a = $ActiveTasks.Count() > 0 ? 1 : 0; h = $ActiveTasks.HistoryBeginTime(); b = $ActiveTasks.GetSamplePeriod() * 2;"
                        + " c = \"abc\" < \"abd\"; $TargetDedicated = $CurrentDedicated + $TaskSlotsPerNode"
                        + " + max($UsableNodeCount.GetSample(1)) + $CurrentLowPriorityNodes",
                "$TargetDedicatedNodes = 1; stop(); $TargetDedicatedNodes = 2",
                "$NodeDeallocationOption = $ActiveTasks.Count() > 0 ? taskcompletion : requeue; o = $NodeDeallocationOption");
    }

    @ParameterizedTest
    @MethodSource("documentedConstructs")
    void acceptsTheDocumentedConstructs(String text) {
        CheckedFormula checked = compile(text);
        assertThat(checked.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', textBlock = """
            $TargetDedicatedNodes = $PendingTask.GetSample(1)           => 1:25 F010 => unknown variable '$PendingTask' (the service fails the evaluation when it reads an undefined variable). Did you mean '$PendingTasks'?
            a = b + 1; b = 2                                            => 1:5 F016  => 'b' is read before it is assigned (line 1)
            a = mex(1, 2)                                               => 1:5 F011  => unknown function 'mex'. Did you mean 'max'?
            a = Max(1, 2)                                               => 1:5 F011  => unknown function 'Max'. Did you mean 'max'?
            a = $PendingTasks.GetSamples(1)                             => 1:19 F012 => unknown sample method 'GetSamples'. Did you mean 'GetSample'?
            a = time().weekday()                                        => 1:12 F012 => a timestamp has no method 'weekday': weekday is a member, read it without parentheses
            a = time().hours                                            => 1:12 F012 => a timestamp has no member 'hours'. Did you mean 'hour'?
            a = (1 + 2).hour                                            => 1:13 F012 => a double has no member 'hour'
            a = val(1, 0)                                               => 1:9 F014  => argument 1 of val() must be a doubleVec; got a double
            a = percentile($ActiveTasks.GetSample(5))                   => 1:5 F013  => percentile() takes 2 arguments (doubleVec, double); got 1
            a = avg()                                                   => 1:5 F013  => avg() needs at least one value
            a = rand(1)                                                 => 1:5 F013  => rand() takes no arguments; got 1
            a = max(1, time())                                          => 1:12 F014 => argument 2 of max() must be a double or a doubleVec (a doubleVecList); got a timestamp
            a = time(5)                                                 => 1:10 F014 => argument 1 of time() must be a string; got a double
            a = time("2024-13-45")                                      => 1:10 F022 => "2024-13-45" is not a time in W3C-DTF
            a = 1 - $ActiveTasks.GetSample(3)                           => 1:5 F015  => operator - is not defined for double - doubleVec
            a = $ActiveTasks.GetSample(3) > 1                           => 1:5 F015  => operator > is not defined for doubleVec > double
            a = TimeInterval_Minute / TimeInterval_Second               => 1:5 F015  => operator / is not defined for timeinterval / timeinterval
            a = time() - TimeInterval_Hour                              => 1:5 F015  => operator - is not defined for timestamp - timeinterval
            a = "x" + "y"                                               => 1:5 F015  => operator + is not defined for string + string
            a = !TimeInterval_Minute                                    => 1:5 F015  => operator ! is not defined for a timeinterval (only double)
            a = 1 ? 2 : TimeInterval_Hour                               => 1:9 F015  => the two results of ?: have different types: double and timeinterval
            a = time() ? 1 : 2                                          => 1:5 F015  => the condition of ?: must be a double (non-zero is true); got a timestamp
            $CPUPercent = 3                                             => 1:1 F017  => $CPUPercent is read-only
            TimeInterval_Minute = 3                                     => 1:1 F017  => 'TimeInterval_Minute' is a constant of the language and cannot be assigned
            $NodeDeallocationOption = taskcompleted                     => 1:27 F018 => 'taskcompleted' is not a deallocation option; use requeue, terminate, taskcompletion or retaineddata. Did you mean 'taskcompletion'?
            $NodeDeallocationOption = 3                                 => 1:27 F018 => $NodeDeallocationOption takes one of requeue, terminate, taskcompletion, retaineddata; got a double
            $TargetDedicatedNodes = taskcompletion                      => 1:25 F018 => $TargetDedicatedNodes takes a number of nodes (double); got a deallocation option
            $TargetDedicatedNodes = $ActiveTasks.GetSample(5)           => 1:25 F018 => $TargetDedicatedNodes takes a number of nodes (double); got a doubleVec
            a = stop() + 1                                              => 1:5 F019  => stop() has no value; use it as a statement of its own
            a = $ActiveTasks.GetSample(1, 2, 3, 4)                      => 1:5 F013  => GetSample takes (count), (start [, percent]) or (start, end [, percent]); got 4 arguments
            a = $ActiveTasks.GetSample(TimeInterval_Hour, "x")          => 1:47 F014 => argument 2 of GetSample must be an end time or a sample percentage; got a string
            a = $ActiveTasks.GetSamplePercent(5)                        => 1:35 F014 => argument 1 of GetSamplePercent must be a timeinterval or a timestamp; got a double
            a = $RunningTasks.GetSample(10 * TimeInterval_Second, 0, 100) => 1:55 F014 => argument 2 of GetSample must be an end time (a timeinterval such as 0 * TimeInterval_Second, or a timestamp) when a percentage follows; got a double
            a = $ActiveTasks.Count(1)                                   => 1:5 F013  => Count() takes no arguments; got 1
            a = val($x == 0)                                            => 1:5 F013  => val() takes 2 arguments (doubleVec, double); got 1
            a = $ActiveTasks.GetSample($x, 1, 2, 3)                     => 1:5 F013  => GetSample takes (count), (start [, percent]) or (start, end [, percent]); got 4 arguments
            a = $ActiveTasks.Count(y)                                   => 1:5 F013  => Count() takes no arguments; got 1
            """)
    void reportsErrorsWithCodesAndPositions(String text, String position, String message) {
        CheckedFormula checked = compile(text);
        List<Diagnostic> errors = checked.diagnostics().stream().filter(Diagnostic::isError).toList();
        assertThat(errors).as(text).isNotEmpty();
        assertThat(summary(errors.get(0))).isEqualTo(position);
        assertThat(errors.get(0).message()).startsWith(message);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', textBlock = """
            a = avg($PendingTasks.GetSample(TimeInterval_Minute * 10))                   => 1:32 W001 => GetSample over a time window without a sample percentage
            a = avg($PendingTasks.GetSample(TimeInterval_Minute * 10, TimeInterval_Zero)) => 1:32 W001 => GetSample over a time window without a sample percentage
            $TargetDedicatedNodes = 2.5                                                  => 1:25 W002 => $TargetDedicatedNodes is set to 2.5, but the service truncates node targets: the pool gets 2 nodes
            half = 0.5; $TargetLowPriorityNodes = $ActiveTasks.Count() > 1 ? half : 1   => 1:39 W002 => $TargetLowPriorityNodes is set to 0.5
            a = avg($CPUPercent.GetSample(TimeInterval_Minute * 5, 80)) < 0.7            => 1:5 W003  => compares a percentage (0 to 100) with 0.7; did you mean 70?
            p = $ActiveTasks.GetSamplePercent(TimeInterval_Hour); a = p >= 0.9 ? 1 : 0   => 1:59 W003 => compares a percentage (0 to 100) with 0.9; did you mean 90?
            a = $DiskBytes.Count()                                                       => 1:5 W004  => $DiskBytes is a retired metric
            $TargetDedicatedNodes = max(0, $PendingTasks)                                => 1:32 W005 => $PendingTasks is a sampled metric used as a number
            """)
    void givesTheWarningsACarefulReviewerWould(String text, String position, String message) {
        CheckedFormula checked = compile(text);
        assertThat(checked.hasErrors()).as(checked.diagnostics().toString()).isFalse();
        assertThat(checked.diagnostics()).isNotEmpty();
        assertThat(summary(checked.diagnostics().get(0))).isEqualTo(position);
        assertThat(checked.diagnostics().get(0).message()).startsWith(message);
    }

    @Test
    void doesNotWarnAboutAGetSampleGuardedByATernary() {
        CheckedFormula checked = compile("pct = $PendingTasks.GetSamplePercent(TimeInterval_Minute * 10); "
                + "a = pct < 70 ? 0 : avg($PendingTasks.GetSample(TimeInterval_Minute * 10)); $TargetDedicatedNodes = a");
        assertThat(checked.diagnostics()).isEmpty();
    }

    @Test
    void enforcesTheServiceLimits() {
        String many = "a = 1;\n".repeat(101);
        assertThat(compile(many).diagnostics()).extracting(CheckerTest::summary).containsExactly("101:1 F021");
        String large = "a = 1; // " + "x".repeat(8200);
        assertThat(compile(large).diagnostics()).extracting(Diagnostic::code).containsExactly("F020");
        // Refused before parsing: a megabyte of stray characters is one error, not a million.
        String huge = "$TargetDedicatedNodes = " + "@".repeat(1_000_000);
        assertThat(compile(huge).diagnostics()).extracting(Diagnostic::message)
                .containsExactly("formula is 1000024 bytes; the service accepts at most 8 KB (8192 bytes)");
        assertThat(compile("a = \"" + "\u00e9".repeat(4100) + "\"").diagnostics()).as("8,200 bytes of UTF-8, 4,100 characters")
                .extracting(Diagnostic::code).containsExactly("F020");
        String near = "$TargetDedicatedNodes = 1; // " + "x".repeat(8030);
        assertThat(compile(near).diagnostics()).extracting(Diagnostic::code).containsExactly("W006");
    }

    @Test
    void reportsSeveralProblemsInOneRunSortedByPosition() {
        CheckedFormula checked = compile("""
                a = mex(1);
                $TargetDedicatedNodes = 2.5;
                b = $Pending.GetSample(1);
                """);
        assertThat(checked.diagnostics()).extracting(CheckerTest::summary)
                .containsExactly("1:5 F011", "2:25 W002", "3:5 F010");
    }

    @Test
    void recordsTypesAndResolutionsInSideTablesWithoutTouchingTheTree() {
        CheckedFormula checked = compile("$TargetDedicated = max(1, $ActiveTasks.GetSample(1)); t = time().hour");
        var statements = checked.formula().orElseThrow().statements();
        var assignment = (Statement.Assignment) statements.get(0);
        assertThat(checked.symbolOf(assignment.target()))
                .isEqualTo(new Symbol.System(SystemVariable.TARGET_DEDICATED_NODES));
        var call = (Expr.Call) assignment.value();
        assertThat(checked.typeOf(call)).isEqualTo(Type.DOUBLE);
        assertThat(checked.typeOf(call.arguments().get(1))).isEqualTo(Type.DOUBLE_VEC);
        assertThat(checked.functionOf(call).functionName()).isEqualTo("max");
        var member = (Expr.MemberAccess) ((Statement.Assignment) statements.get(1)).value();
        assertThat(checked.memberOf(member).memberName()).isEqualTo("hour");
    }

    @Test
    void undefinedVariablesLeaveTheFormulaEvaluableAsTheServiceAcceptsIt() {
        assertThat(compile("$TargetDedicatedNodes = $something_useless").isEvaluable()).isTrue();
        assertThat(compile("$TargetDedicatedNodes = mex(1)").isEvaluable()).isFalse();
        assertThat(compile("$TargetDedicatedNodes = (").isEvaluable()).isFalse();
    }
}
