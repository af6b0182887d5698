package io.batchform.autoscale.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchform.autoscale.check.CheckedFormula;
import io.batchform.autoscale.check.FormulaCompiler;
import io.batchform.autoscale.sim.PoolSettings;
import io.batchform.autoscale.sim.SimulationJob;
import io.batchform.autoscale.sim.SimulationResult;
import io.batchform.autoscale.sim.WorkloadReader;
import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tuner: declarations read at their positions, values filled into the text, constraints parsed; a grid finds
 * the cheapest setting that keeps the wait limit (checked against every candidate it simulated), CMA-ES keeps to its
 * budget, and a candidate's figures are those of the filled-in formula simulated alone.
 */
class TunerTest {
    private static final String FORMULA = """
            // @param cap 1..12:1
            cap = 6;
            // @param keep 0..3:1
            $keep = 0;
            $tasks = max(0, $PendingTasks.GetSample(1));
            $TargetDedicatedNodes = max($keep, min(ceil($tasks / $TaskSlotsPerNode), cap));
            $NodeDeallocationOption = taskcompletion;
            """;
    private static final String WORKLOAD = """
            generators:
              - {type: poisson, rate: 120, duration: {distribution: uniform, min: 2m, max: 6m}}
              - {type: burst, at: 3h, count: 60, every: 8h, duration: 4m}
            """;

    private static CheckedFormula checked(String text) {
        return FormulaCompiler.compile(new Source("t.formula", text));
    }

    private static SimulationJob job(Source formula) {
        WorkloadReader.Definition workload = WorkloadReader.read(new Source("w.workload.yaml", WORKLOAD)).definition()
                .orElseThrow();
        return SimulationJob.prepare(formula, workload, "Standard_D2s_v3", "westeurope",
                PoolSettings.defaults("Standard_D2s_v3", 2).withInterval(300), null, 86_400, 1).job().orElseThrow();
    }

    @Test
    void declarationsAreReadFromTheirCommentsAndTheCommandLineAddsOrReplaces() {
        Tunables.Result read = Tunables.read(checked(FORMULA), List.of(new Param("keep", 0, 2, 1)));
        assertThat(read.diagnostics()).isEmpty();
        assertThat(read.params()).extracting(d -> d.param().toString()).containsExactly("cap 1..12:1", "keep 0..2:1");
        assertThat(read.params().get(0).literal().line()).isEqualTo(2);
        String filled = Tunables.fill(new Source("t.formula", FORMULA), read.params(), Map.of("cap", 9.0, "keep", 2.0));
        assertThat(filled).contains("cap = 9;\n", "$keep = 2;\n").contains("// @param cap 1..12:1");
        assertThat(checked(filled).isEvaluable()).isTrue();
    }

    @Test
    void badDeclarationsAreErrorsAtTheirPosition() {
        String text = "// @param cpa 1..5\ncap = 2;\n// @param cap five\nx = 1;\nx = 2;\n// @param x 1..2\n"
                + "$TargetDedicatedNodes = cap + x;\n";
        Tunables.Result read = Tunables.read(checked(text), List.of(new Param("nope", 1, 2, 0)));
        assertThat(read.failed()).isTrue();
        assertThat(read.diagnostics()).extracting(d -> d.span().line() + ": " + d.message()).containsExactly(
                "1: @param cpa: the formula has no assignment of a number to cpa (such as cpa = 20;) to tune. "
                        + "Did you mean 'cap'?",
                "3: @param cap: 'five' is not a range such as 5..60 or 5..60:5",
                "6: @param x: the formula assigns x more than once; tune a constant assigned once",
                "0: @param nope: the formula has no assignment of a number to nope (such as nope = 20;) to tune");
        assertThat(read.diagnostics()).allMatch(d -> d.code().equals(Tunables.CODE)).allMatch(Diagnostic::isError);
    }

    @Test
    void rangesAndConstraintsParseOrSayWhyNot() {
        assertThat(Param.option("cap=5..60:5").grid(100, 100)).hasSize(12).startsWith(5, 10).endsWith(60);
        assertThat(Param.option("$f=0.1..0.9:0.1").snap(0.34)).isEqualTo(0.3);
        assertThat(Param.option("f=0..1").grid(5, 5)).containsExactly(0, 0.25, 0.5, 0.75, 1);
        assertThatThrownBy(() -> Param.option("cap=60..5")).hasMessageContaining("low end");
        assertThatThrownBy(() -> Param.option("cap")).hasMessageContaining("NAME=LO..HI");
        Constraint wait = Constraint.parse("queueWaitP95 <= 10m");
        assertThat(wait).isEqualTo(new Constraint("queueWaitP95", true, 600));
        assertThat(wait.violation(900)).isEqualTo(0.5);
        assertThat(wait.violation(300)).isZero();
        assertThat(Constraint.parse("cost>=3").toString()).isEqualTo("costTotal >= 3");
        assertThatThrownBy(() -> Constraint.parse("queueWaitP96 <= 10m")).hasMessageContaining("Did you mean 'queueWaitP95'");
        assertThatThrownBy(() -> Constraint.parse("queueWaitP95 <= ten")).hasMessageContaining("not a duration");
    }

    @Test
    void theGridFindsTheCheapestSettingThatKeepsTheLimit() {
        Source formula = new Source("t.formula", FORMULA);
        Tunables.Result read = Tunables.read(checked(FORMULA), List.of());
        Tuner.Settings settings = Tuner.settings("cost", List.of("queueWaitP95 <= 30m"), 2, 1, 200);
        Tuner.Outcome outcome = Tuner.tune(formula, read.params(), job(formula), settings);
        assertThat(outcome.method()).isEqualTo("grid");
        assertThat(outcome.candidates()).hasSize(12 * 4);
        assertThat(outcome.simulations()).isEqualTo(96);
        assertThat(outcome.found()).isTrue();
        Tuner.Candidate cheapest = outcome.candidates().stream().filter(Tuner.Candidate::feasible)
                .min(Comparator.comparingDouble(c -> c.figure("costTotal"))).orElseThrow();
        assertThat(outcome.best()).isEqualTo(cheapest);
        assertThat(outcome.best().figure("queueWaitP95")).isLessThanOrEqualTo(1800);
        assertThat(outcome.candidates().stream().filter(c -> !c.feasible())).isNotEmpty()
                .allMatch(c -> c.figure("queueWaitP95") > 1800);
        // The front: cheaper means a longer wait, all along it.
        List<Tuner.Candidate> front = outcome.paretoFront();
        for (int i = 1; i < front.size(); i++) {
            assertThat(front.get(i).figure("costTotal")).isGreaterThanOrEqualTo(front.get(i - 1).figure("costTotal"));
            assertThat(front.get(i).figure("queueWaitP95")).isLessThan(front.get(i - 1).figure("queueWaitP95"));
        }
        // The best's figures are those of its filled-in formula simulated on its own, seed by seed.
        String filled = Tunables.fill(formula, read.params(), outcome.best().values());
        Source tuned = new Source("t.formula", filled);
        double cost = (job(tuned).run().figure("costTotal", job(tuned).price())
                + job(tuned).with(job(tuned).formula(), 2).run().figure("costTotal", job(tuned).price())) / 2;
        assertThat(outcome.best().figure("costTotal")).isEqualTo(cost);
        String text = TuneReport.text("t.formula", settings, outcome, read.params(), filled);
        assertThat(text).contains("Best setting:", "<- best", "cap = " + Param.format(outcome.best().values().get("cap")));
        assertThat(TuneReport.svg("t", settings, outcome)).contains("Pareto front", "limit");
        assertThat(TuneReport.csv(outcome).lines()).hasSize(1 + 48);
    }

    @Test
    void threeOrMoreConstantsAreSearchedByCmaesWithinTheBudget() {
        String text = FORMULA.replace("$tasks = max(0, $PendingTasks.GetSample(1));",
                "// @param scale 0.5..2\nscale = 1;\n$tasks = max(0, $PendingTasks.GetSample(1)) * scale;");
        Source formula = new Source("t.formula", text);
        Tunables.Result read = Tunables.read(checked(text), List.of());
        assertThat(read.params()).hasSize(3);
        Tuner.Settings settings = Tuner.settings("cost", List.of("queueWaitP95 <= 30m"), 1, 1, 30);
        Tuner.Outcome outcome = Tuner.tune(formula, read.params(), job(formula), settings);
        assertThat(outcome.method()).isEqualTo("CMA-ES");
        assertThat(outcome.candidates()).hasSizeBetween(10, 30);
        assertThat(outcome.candidates()).extracting(Tuner.Candidate::values).doesNotHaveDuplicates();
        assertThat(outcome.found()).isTrue();
        assertThat(outcome.best().figure("queueWaitP95")).isLessThanOrEqualTo(1800);
        assertThat(outcome.best().figures().keySet()).containsExactlyElementsOf(SimulationResult.FIGURES);
        Tuner.Outcome again = Tuner.tune(formula, read.params(), job(formula), settings);
        assertThat(again.best().values()).as("deterministic").isEqualTo(outcome.best().values());
    }
}
