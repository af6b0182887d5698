package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code formula simulate} and {@code formula test} through the command line, on the shipped examples. */
class FormulaSimulationCommandsTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "formulas");

    @TempDir
    Path tmp;

    private static String example(String name) {
        return EXAMPLES.resolve(name).toString();
    }

    @Test
    void simulatePrintsTheSummaryAndWritesTheTimelineReportAndChart() throws Exception {
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("formula", "simulate", example("pending-tasks.formula"), "--workload",
                example("bursts.workload.yaml"), "--duration", "1d", "--interval", "5m", "--seed", "1", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Simulated 1d from 2025-01-06T00:00:00.000Z on Standard_D2s_v3", "tasks done",
                "queue wait p95", "peak backlog (tasks)", "cost total (USD)", "evaluation errors",
                "bursts absorbed (backlogs of at least 10 tasks):", "Wrote timeline.csv, report.json, chart.svg to " + out);
        String csv = Files.readString(out.resolve("timeline.csv"));
        assertThat(csv.lines().findFirst().orElseThrow()).isEqualTo("time,targetDedicatedNodes,targetLowPriorityNodes,"
                + "currentDedicatedNodes,currentLowPriorityNodes,activeTasks,runningTasks,pendingTasks,preemptedNodes,cpuPercent");
        assertThat(csv.lines().count()).as("one row per 30-second sample of a day, and the header").isEqualTo(2881);
        assertThat(Files.readString(out.resolve("report.json"))).contains("\"queueWaitP95\"", "\"bursts\"");
        assertThat(Files.readString(out.resolve("chart.svg"))).startsWith("<svg").contains("pending tasks");
        CliRun again = CliRun.of("formula", "simulate", example("pending-tasks.formula"), "--workload",
                example("bursts.workload.yaml"), "--duration", "1d", "--interval", "5m", "--seed", "1", "--out",
                tmp.resolve("again").toString());
        for (String file : java.util.List.of("timeline.csv", "report.json", "chart.svg")) {
            assertThat(Files.readAllBytes(tmp.resolve("again").resolve(file))).as("the same seed: the same " + file)
                    .isEqualTo(Files.readAllBytes(out.resolve(file)));
        }
    }

    @Test
    void aCoreQuotaStopsThePoolShortOfTheFormulasTarget() throws Exception {
        // The 09:00 burst asks for 20 nodes; 8 cores of Standard_D2s_v3 (2 vCPUs) hold 4.
        Path out = tmp.resolve("quota");
        CliRun run = CliRun.of("formula", "simulate", example("pending-tasks.formula"), "--workload",
                example("bursts.workload.yaml"), "--duration", "1d", "--interval", "5m", "--core-quota", "8",
                "--low-priority-allocation", "10m", "--retained-data", "5m", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("max dedicated nodes +4\n");
        assertThat(Files.readString(out.resolve("report.json"))).contains("\"maxTargetDedicatedNodes\": 20",
                "\"lowPriorityAllocation\": \"lognormal(10m, 0.35)\"");
    }

    @Test
    void compareRunsTwoFormulasOnTheSameWorkloadSideBySide() {
        CliRun run = CliRun.of("formula", "simulate", example("pending-tasks.formula"), "--workload",
                example("bursts.workload.yaml"), "--duration", "1d", "--compare", example("working-hours.formula"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        String header = run.out().lines().filter(l -> l.contains("pending-tasks.formula")).findFirst().orElseThrow();
        assertThat(header).contains("working-hours.formula");
        assertThat(run.out()).contains("pending-tasks.formula: bursts absorbed", "working-hours.formula: bursts absorbed");
    }

    @Test
    void seedsPrintTheSpreadOfEachFigure() {
        CliRun run = CliRun.of("formula", "simulate", example("pending-tasks.formula"), "--workload",
                example("bursts.workload.yaml"), "--duration", "1d", "--interval", "5m", "--seeds", "4",
                "--wait-threshold", "5m");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Seeds: 4 (1 to 4); each figure over the seeds");
        assertThat(run.out()).containsPattern("pending-tasks.formula +min +median +max +stddev\n");
        assertThat(run.out()).containsPattern("waited over 5m \\(%\\) +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+\n");
        assertThat(run.out()).containsPattern("queue wait p99 +\\S+ +\\S+ +\\S+ +\\S+\n");
    }

    @Test
    void tuneFindsTheCheapestSettingThatKeepsTheWaitLimitAndFillsItIn() throws Exception {
        Path out = tmp.resolve("tuned");
        CliRun run = CliRun.of("formula", "tune", example("tunable.formula"), "--workload",
                example("bursts.workload.yaml"), "--param", "cap=10..40:10", "--constraint", "queueWaitP95 <= 30m",
                "--duration", "1d", "--interval", "5m", "--seeds", "2", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Tuned tunable.formula: cap 10..40:10, keep 0..6:1",
                "28 candidates (grid) x 2 seeds (1 to 2) = 56 simulations",
                "Objective: minimise costTotal; subject to queueWaitP95 <= 30m", "Best setting:", "<- best",
                "The formula with these values:");
        String tuned = Files.readString(out.resolve("tuned.formula"));
        assertThat(run.out()).contains(tuned);
        assertThat(tuned).containsPattern("\ncap = [1-4]0;\n").containsPattern("\nkeep = [0-6];\n");
        assertThat(Files.readString(out.resolve("tradeoff.svg"))).startsWith("<svg").contains("Pareto front");
        assertThat(Files.readString(out.resolve("candidates.csv")).lines()).hasSize(29);
        CliRun check = CliRun.of("formula", "check", out.resolve("tuned.formula").toString());
        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
    }

    @Test
    void tuneRefusesWhatItCannotTuneWithOneLine() {
        CliRun nothing = CliRun.of("formula", "tune", example("pending-tasks.formula"), "--workload",
                example("bursts.workload.yaml"));
        assertThat(nothing.exitCode()).isEqualTo(1);
        assertThat(nothing.err()).contains("nothing to tune: declare a constant with '// @param NAME LO..HI'");
        CliRun unknown = CliRun.of("formula", "tune", example("pending-tasks.formula"), "--workload",
                example("bursts.workload.yaml"), "--param", "capedPoolSize=1..5");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("error[T001]: @param capedPoolSize: the formula has no assignment",
                "Did you mean 'cappedPoolSize'?").doesNotContain("Exception");
        CliRun constraint = CliRun.of("formula", "tune", example("tunable.formula"), "--workload",
                example("bursts.workload.yaml"), "--constraint", "p95 < 1m");
        assertThat(constraint.exitCode()).isEqualTo(1);
        assertThat(constraint.err()).contains("--constraint: no figure 'p95'");
        CliRun impossible = CliRun.of("formula", "tune", example("tunable.formula"), "--workload",
                example("bursts.workload.yaml"), "--param", "cap=2..4:1", "--param", "keep=0..1:1", "--constraint",
                "queueWaitP95 <= 1m", "--duration", "1d", "--seeds", "1");
        assertThat(impossible.exitCode()).isEqualTo(1);
        assertThat(impossible.out()).contains("No setting meets the constraints; the closest:");
    }

    @Test
    void simulateTakesThePoolFromTheSpec() throws Exception {
        String spec = Path.of("..", "examples", "quickstart", "batchform.yaml").toString();
        Path out = tmp.resolve("spec-pool");
        CliRun run = CliRun.of("simulate", "pool.batch", "-f", spec, "--workload", example("bursts.workload.yaml"),
                "--duration", "1d", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        // Standard_D4s_v3, 4 slots, Pack, evaluated every 5 minutes, westeurope prices: all from the spec.
        assertThat(run.out()).startsWith("Simulated 1d from 2025-01-06T00:00:00.000Z on Standard_D4s_v3 (4 vCPUs, "
                + "4 task slots per node, pack, evaluated every 5m)\nPrices: westeurope, 0.2400 USD/h dedicated");
        assertThat(run.out()).containsPattern("max dedicated nodes +10\n");
        assertThat(Files.readString(out.resolve("report.json"))).contains("\"formula\": \"pool.batch\"");
        CliRun typo = CliRun.of("simulate", "pool.bacth", "-f", spec, "--workload", example("bursts.workload.yaml"));
        assertThat(typo.exitCode()).isEqualTo(1);
        assertThat(typo.err()).contains("pool.bacth: no such pool in the spec. Did you mean 'pool.batch'?");
        CliRun fixed = CliRun.of("simulate", "pool.render", "-f", spec, "--workload", example("bursts.workload.yaml"));
        assertThat(fixed.exitCode()).isEqualTo(1);
        assertThat(fixed.err()).contains("pool.render has a fixed size (no autoScale formula): nothing to simulate");
    }

    @Test
    void badInputsArePositionedWithoutAStackTrace() throws Exception {
        Path trace = tmp.resolve("broken.csv");
        Files.writeString(trace, "time,duration,count\n0,60,1\n30,sixty,1\n");
        CliRun csv = CliRun.of("formula", "simulate", example("pending-tasks.formula"), "--workload", trace.toString());
        assertThat(csv.exitCode()).isEqualTo(1);
        assertThat(csv.err()).contains(trace + ":3:4: error[S005]: duration: 'sixty' is not a duration")
                .doesNotContain("Exception");
        CliRun size = CliRun.of("formula", "simulate", example("pending-tasks.formula"), "--workload",
                example("bursts.workload.yaml"), "--vm-size", "Standard_D2s_v33");
        assertThat(size.exitCode()).isEqualTo(1);
        assertThat(size.err()).contains("error: no price for VM size 'Standard_D2s_v33' in westeurope. Did you mean");
        CliRun interval = CliRun.of("formula", "simulate", example("pending-tasks.formula"), "--workload",
                example("bursts.workload.yaml"), "--interval", "1m");
        assertThat(interval.exitCode()).isEqualTo(1);
        assertThat(interval.err()).contains("the evaluation interval is between 5m and 168h: 1m");
        CliRun formula = CliRun.of("formula", "simulate", example("invalid/mistakes.formula"), "--workload",
                example("bursts.workload.yaml"));
        assertThat(formula.exitCode()).isEqualTo(1);
        assertThat(formula.err()).contains("mistakes.formula:4:31: error[F012]");
    }

    @Test
    void everyExampleFormulaTestPassesAndJUnitIsWritten() throws Exception {
        Path junit = tmp.resolve("junit.xml");
        CliRun run = CliRun.of("formula", "test", EXAMPLES.toString(), "--junit", junit.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("PASS the daily burst of 300 tasks is absorbed", "0 failed.")
                .doesNotContain("FAIL");
        String xml = Files.readString(junit);
        assertThat(xml).startsWith("<?xml").contains("<testsuite name=", "failures=\"0\"").doesNotContain("<failure");
    }

    @Test
    void aFailedExpectationShowsTheActualValueAndFailsTheRun() throws Exception {
        Files.copy(EXAMPLES.resolve("pending-tasks.formula"), tmp.resolve("pending-tasks.formula"));
        Path test = tmp.resolve("tight.test.yaml");
        Files.writeString(test, """
                formula: pending-tasks.formula
                pool: {interval: 5m}
                scenarios:
                  - name: too strict
                    workload:
                      - {type: burst, at: 0s, count: 200, duration: 10m}
                    duration: 3h
                    expect:
                      - queueWaitP95 <= 1m
                      - at 2h: targetDedicatedNodes == 0
                      - tasksDone == 200
                """);
        Path junit = tmp.resolve("junit.xml");
        CliRun run = CliRun.of("formula", "test", test.toString(), "--junit", junit.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        // 200 ten-minute tasks on at most 20 nodes take 100 minutes: at 2h the last are still being drained.
        assertThat(run.out()).contains("FAIL too strict", "expected queueWaitP95 <= 1m (actual: 1h",
                "expected at 2h: targetDedicatedNodes == 0 (actual: ", "0 passed, 1 failed.")
                .doesNotContain("expected tasksDone");
        assertThat(Files.readString(junit)).contains("<failure message=\"2 expectations failed\">queueWaitP95 &lt;= 1m");
    }

    @Test
    void anInvalidTestFileIsReportedAtItsPositions() throws Exception {
        Path test = tmp.resolve("bad.test.yaml");
        Files.writeString(test, """
                formula: nowhere.formula
                scenarios:
                  - name: typo
                    workload: [{type: burst, count: 1, duration: 1m}]
                    expect:
                      - maxDedicatedNode <= 3
                """);
        CliRun run = CliRun.of("formula", "test", test.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(test + ":1:10: error[S004]: formula: no such file nowhere.formula",
                test + ":6:9: error[S006]: unknown figure 'maxDedicatedNode'. Did you mean 'maxDedicatedNodes'?")
                .doesNotContain("Exception");
        assertThat(run.out()).contains("INVALID " + test, "1 invalid file.");
    }

    @Test
    void aGzippedSwfTraceIsReadAsTheArchiveShipsIt() throws Exception {
        // Two jobs in the Standard Workload Format: submitted at 0 s and 600 s, running 1,800 s and 60 s.
        String trace = "; UnixStartTime: 749458800\n"
                + "1 0 -1 1800 1 -1 -1 1 -1 -1 1 1 1 -1 1 -1 -1 -1\n"
                + "2 600 -1 60 1 -1 -1 1 -1 -1 1 1 1 -1 1 -1 -1 -1\n";
        Path gz = tmp.resolve("trace.swf.gz");
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(trace.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        CliRun run = CliRun.of("formula", "simulate", example("pending-tasks.formula"), "--workload", gz.toString(),
                "--duration", "2h", "--interval", "5m", "--seed", "1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("tasks done +2\\b");

        Files.write(gz, new byte[] {1, 2, 3});
        CliRun broken = CliRun.of("formula", "simulate", example("pending-tasks.formula"), "--workload", gz.toString());
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.err()).isEqualTo("error: " + gz + ": cannot read: Not in GZIP format\n");
    }
}
