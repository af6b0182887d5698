package io.batchform.autoscale.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.source.Diagnostic;
import io.batchform.source.DiagnosticFormatter;
import io.batchform.source.Source;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadReaderTest {
    private static WorkloadReader.Result read(String name, String text) {
        return WorkloadReader.read(new Source(name, text));
    }

    private static List<String> errors(String name, String text) {
        Source source = new Source(name, text);
        return WorkloadReader.read(source).diagnostics().stream().filter(Diagnostic::isError)
                .map(d -> DiagnosticFormatter.header(d)).toList();
    }

    @Test
    void readersStopAtTheirBoundsWithOneErrorAtTheCrossing() {
        String longLine = "0,60," + "1".repeat(5000) + "\n";
        assertThat(errors("t.csv", "time,duration,count\n0,60,1\n" + longLine + "30,60,1\n")).containsExactly(
                "t.csv:3:4097: error[S005]: line 3 is longer than 4096 characters; a trace line holds a few values");
        assertThat(errors("t.csv", "time,duration,count\n0,60,1000001\n")).containsExactly(
                "t.csv:2:6: error[S005]: count: 1000001 tasks on one line; at most 1000000");
        assertThat(errors("t.swf", "; x\n" + "1 ".repeat(2100) + "\n")).containsExactly(
                "t.swf:2:4097: error[S005]: a line is longer than 4096 characters; an SWF line holds 18 numbers");
        assertThat(errors("w.yaml", "generators:\n  - {type: poisson, rate: 2000000, duration: 1m}\n"))
                .containsExactly("w.yaml:2:5: error[S004]: poisson: at most 1000000 tasks an hour, and 1000000 tasks "
                        + "a burst");
        StringBuilder many = new StringBuilder("generators:\n");
        for (int i = 0; i <= 100; i++) {
            many.append("  - {type: constant, rate: 1, duration: 1m}\n");
        }
        assertThat(errors("w.yaml", many.toString())).containsExactly("w.yaml:102:5: error[S004]: more than 100 generators");
    }

    @Test
    void aCsvTraceInSecondsWithAndWithoutCounts() {
        Workload w = read("t.csv", "time,duration,count\n0,60,3\n30,5m\n# a comment\n\n10,90,0\n").definition()
                .orElseThrow().workload(3600, 1);
        assertThat(w.times()).containsExactly(0, 10, 30);
        assertThat(w.durations()).containsExactly(60, 90, 300);
        assertThat(w.counts()).containsExactly(3, 0, 1);
        assertThat(w.tasks()).isEqualTo(4);
        assertThat(w.start()).isEmpty();
    }

    @Test
    void aCsvTraceMayGiveTheSlotsEachTaskNeeds() {
        Workload w = read("t.csv", "time,duration,count,slots\n0,60,3,2\n30,5m\n10,90,1,8\n").definition()
                .orElseThrow().workload(3600, 1);
        assertThat(w.slots()).containsExactly(2, 8, 1);
        assertThat(w.slotsOf(1)).isEqualTo(8);
        Workload plain = read("t.csv", "time,duration,count\n0,60,3\n").definition().orElseThrow().workload(3600, 1);
        assertThat(plain.slots()).isNull();
        assertThat(plain.slotsOf(0)).isEqualTo(1);
        assertThat(errors("t.csv", "time,duration,count,slots\n0,60,1,0\n")).containsExactly(
                "t.csv:2:8: error[S005]: slots: '0' is not a whole number of task slots (1 or more: the task's "
                        + "requiredSlots)");
    }

    @Test
    void aCsvTraceMayGiveTheNodesOfAMultiInstanceTask() {
        Workload w = read("t.csv", "time,duration,count,slots,nodes\n0,60,1,1,4\n10,60\n").definition()
                .orElseThrow().workload(3600, 1);
        assertThat(w.instances()).containsExactly(4, 1);
        assertThat(w.slots()).isNull();
        assertThat(errors("t.csv", "time,duration,count,slots,nodes\n0,60,1,2,4\n")).containsExactly(
                "t.csv:2:8: error[S005]: a multi-instance task takes 1 slot on each of its nodes: slots must be 1 "
                        + "when nodes is 4");
    }

    @Test
    void aGeneratorMayGiveTheSlotsOrTheNodesOfItsTasks() {
        Workload w = read("w.yaml", """
                generators:
                  - {type: burst, at: 0, count: 2, duration: 1m, slots: 4}
                  - {type: burst, at: 10m, count: 1, duration: 1m, nodes: 3}
                  - {type: burst, at: 20m, count: 1, duration: 1m}
                """).definition().orElseThrow().workload(3600, 1);
        assertThat(w.slots()).containsExactly(4, 4, 1, 1);
        assertThat(w.instances()).containsExactly(1, 1, 3, 1);
        assertThat(errors("w.yaml", "generators:\n  - {type: burst, count: 1, duration: 1m, slots: 2, nodes: 3}\n"))
                .singleElement().asString().contains("a multi-instance task takes 1 slot on each of its nodes");
        assertThat(errors("w.yaml", "generators:\n  - {type: burst, count: 1, duration: 1m, slots: 1.5}\n"))
                .singleElement().asString().contains("burst.slots: a whole number, 1 or more");
    }

    @Test
    void isoInstantsStartAtTheFirst() {
        WorkloadReader.Definition d = read("t.csv", "time,duration\n2025-01-06T09:00:30Z,60\n2025-01-06T09:00:00Z,60\n")
                .definition().orElseThrow();
        assertThat(d.start()).contains(Instant.parse("2025-01-06T09:00:00Z"));
        assertThat(d.workload(3600, 1).times()).containsExactly(0, 30);
    }

    @Test
    void csvMistakesArePositioned() {
        assertThat(errors("t.csv", "time,duration,count\n0,60,1\nsoon,60,1\n10,forever\n20,60,-2\n")).containsExactly(
                "t.csv:3:1: error[S005]: time: 'soon' is neither seconds from the start nor an ISO-8601 instant such as "
                        + "2025-01-06T09:00:00Z",
                "t.csv:4:4: error[S005]: duration: 'forever' is not a duration in seconds (or 90s, 5m, 2h)",
                "t.csv:5:7: error[S005]: count: '-2' is not a whole number of tasks");
        assertThat(errors("t.csv", "when,duration\n")).singleElement().asString()
                .contains("t.csv:1:1: error[S005]", "unknown column 'when'");
        assertThat(errors("t.csv", "")).singleElement().asString().contains("the trace is empty");
    }

    @Test
    void generatorsAreSeededAndEachKeepsItsOwnStream() {
        String yaml = """
                generators:
                  - {type: poisson, rate: 600, duration: {distribution: exponential, mean: 2m}}
                  - {type: burst, at: 1h, count: 100, duration: 3m, every: 2h}
                """;
        WorkloadReader.Definition d = read("w.yaml", yaml).definition().orElseThrow();
        Workload a = d.workload(6 * 3600, 7);
        assertThat(a).isEqualTo(d.workload(6 * 3600, 7)).isNotEqualTo(d.workload(6 * 3600, 8));
        // 3 bursts (1h, 3h, 5h) of 100, and about 600 an hour for 6 hours.
        assertThat(a.tasks()).isBetween(300L + 3300, 300L + 3900);
    }

    @Test
    void constantDiurnalAndWeekdayRatesFollowTheClock() {
        Workload constant = read("w.yaml", "- {type: constant, rate: 120, duration: 1m, from: 1h, until: 2h}")
                .definition().orElseThrow().workload(86_400, 1);
        assertThat(constant.tasks()).isEqualTo(120);
        assertThat(constant.times()[0]).isEqualTo(3600);
        assertThat(constant.times()[1]).isEqualTo(3630);
        // 2025-01-11 is a Saturday: the weekday generator then uses its weekend rate (0 here).
        Workload weekend = read("w.yaml", "start: 2025-01-11T00:00:00Z\ngenerators:\n"
                + "  - {type: weekday, weekdays: 500, weekend: 0, duration: 1m}").definition().orElseThrow()
                .workload(86_400, 1);
        assertThat(weekend.tasks()).isZero();
        Workload night = read("w.yaml", "- {type: diurnal, peak: 1000, trough: 0, peakHour: 12, duration: 1m}")
                .definition().orElseThrow().workload(86_400, 1);
        long beforeThree = java.util.Arrays.stream(night.times()).filter(t -> t < 3 * 3600).count();
        long noon = java.util.Arrays.stream(night.times()).filter(t -> t >= 11 * 3600 && t < 14 * 3600).count();
        assertThat(noon).isGreaterThan(10 * beforeThree);
    }

    @Test
    void yamlMistakesArePositionedWithSuggestions() {
        assertThat(errors("w.yaml", """
                generators:
                  - {type: poison, rate: 10, duration: 1m}
                  - {type: burst, count: 10, duraton: 1m}
                  - {type: constant, rate: -3, duration: {distribution: uniform, min: 1m}}
                """)).containsExactly(
                "w.yaml:2:12: error[S004]: a generator needs a type: one of constant, poisson, diurnal, weekday, burst. "
                        + "Did you mean 'poisson'?",
                "w.yaml:3:5: error[S004]: burst: needs duration: how long each task runs (5m, or a distribution)",
                "w.yaml:3:30: error[S002]: a generator: unknown key 'duraton'. Did you mean 'duration'?; expected one of "
                        + "type, rate, duration, from, until, peak, trough, peakHour, weekdays, weekend, at, count, every, "
                        + "slots, nodes",
                "w.yaml:4:28: error[S004]: constant.rate: must be at least 0, got -3",
                "w.yaml:4:42: error[S004]: constant.duration: needs max");
    }
}
