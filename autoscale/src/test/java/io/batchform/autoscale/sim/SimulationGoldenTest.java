package io.batchform.autoscale.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.source.Source;
import io.batchform.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Golden outputs (summary, JSON report, SVG chart; the CSV timeline's first rows) of simulations of the example
 * formulas and workloads, and byte-identical outputs for identical seeds. Rewrite the goldens with
 * {@code -Dgolden.update=true} and review the diff like code; a missing golden fails ({@link Golden}).
 */
class SimulationGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/sim");
    private static final Path EXAMPLES = Path.of("..", "examples", "formulas");

    private static SimulationJob job(String formula, String workload, PoolSettings pool, double seconds, long seed)
            throws IOException {
        Source workloadSource = new Source(workload, Files.readString(EXAMPLES.resolve(workload)));
        WorkloadReader.Result read = WorkloadReader.read(workloadSource);
        assertThat(read.diagnostics()).isEmpty();
        SimulationJob.Prepared prepared = SimulationJob.prepare(new Source(formula,
                Files.readString(EXAMPLES.resolve(formula))), read.definition().orElseThrow(), "Standard_D2s_v3",
                "westeurope", pool, null, seconds, seed);
        assertThat(prepared.problems()).isEmpty();
        return prepared.job().orElseThrow();
    }

    private static String outputs(SimulationJob job) {
        SimulationResult result = job.run();
        String csv = Reports.csv(result);
        return Reports.summary(job.name(), result, job.price()) + "\n--- report.json\n"
                + Reports.json(job.name(), result, job.price()).replaceAll("(?s)\"evaluations\": \\[.*", "\"evaluations\": [...]")
                + "\n--- timeline.csv (first 12 rows)\n" + String.join("\n", csv.lines().limit(13).toList()) + "\n";
    }

    private static void assertGolden(String name, String actual) {
        Golden.assertMatches(GOLDEN.resolve(name), actual);
    }

    @Test
    void pendingTasksOnDailyBursts() throws IOException {
        SimulationJob job = job("pending-tasks.formula", "bursts.workload.yaml",
                PoolSettings.defaults("Standard_D2s_v3", 2).withInterval(300), 2 * 86_400, 1);
        assertGolden("pending-tasks-bursts.txt", outputs(job));
        assertGolden("pending-tasks-bursts.svg", Chart.svg("pending-tasks.formula on bursts.workload.yaml", job.run()));
    }

    @Test
    void workingHoursOnAnOfficeWeek() throws IOException {
        SimulationJob job = job("working-hours.formula", "office-hours.workload.yaml",
                PoolSettings.defaults("Standard_D2s_v3", 2), 7 * 86_400, 1);
        assertGolden("working-hours-office.txt", outputs(job));
    }

    @Test
    void preemptedNodesWithSpotCapacityOnARenderTrace() throws IOException {
        SimulationJob job = job("preempted-nodes.formula", "renders.trace.csv",
                PoolSettings.defaults("Standard_D2s_v3", 2).withInterval(300)
                        .withPreemption(0.5, new Distribution.Fixed(1800)), 86_400, 3);
        assertThat(job.start()).as("a trace with instants starts at its first").isEqualTo(Instant.parse("2025-01-06T08:00:00Z"));
        assertGolden("preempted-nodes-renders.txt", outputs(job));
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedDoesNot() throws IOException {
        PoolSettings pool = PoolSettings.defaults("Standard_D2s_v3", 2).withInterval(300)
                .withPreemption(0.5, new Distribution.Fixed(1800)).withSamples(60, 0.05);
        SimulationJob first = job("pending-tasks.formula", "bursts.workload.yaml", pool, 86_400, 42);
        SimulationJob again = job("pending-tasks.formula", "bursts.workload.yaml", pool, 86_400, 42);
        SimulationResult a = first.run();
        SimulationResult b = again.run();
        assertThat(Reports.csv(a)).isEqualTo(Reports.csv(b));
        assertThat(Reports.json("f", a, first.price())).isEqualTo(Reports.json("f", b, again.price()));
        assertThat(Chart.svg("t", a)).isEqualTo(Chart.svg("t", b));
        SimulationResult other = job("pending-tasks.formula", "bursts.workload.yaml", pool, 86_400, 43).run();
        assertThat(Reports.csv(other)).isNotEqualTo(Reports.csv(a));
    }
}
