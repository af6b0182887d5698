package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchform.emulator.ArmEmulator;
import io.batchform.emulator.FaultConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two regions against the emulator: warm standby, switchover with the primary down, drill, switching back. */
class FailoverEndToEndTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "failover", "batchform.yaml");

    @TempDir
    Path tmp;

    private ArmEmulator emulator;

    /** The emulator each test starts, checked against Microsoft's published API and closed after the test. */
    @RegisterExtension
    final CheckedEmulators emulators = new CheckedEmulators();

    private Workdir applied(ArmEmulator.Builder builder) {
        emulator = emulators.start(builder.inMemory());
        Workdir dir = example(tmp).write(Workdir.read(EXAMPLE)).always("--endpoint", emulator.endpoint().toString(),
                "--ca-cert", emulator.caCertificatePath().toString());
        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        return dir;
    }

    /** A work directory in {@code root} with the example's package zip, ready for the example's spec. */
    private static Workdir example(Path root) {
        try {
            Files.createDirectories(root);
            Files.copy(EXAMPLE.resolveSibling("tools-1.0.zip"), root.resolve("tools-1.0.zip"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Workdir(root);
    }

    private JsonNode state(Workdir dir) throws Exception {
        return new ObjectMapper().readTree(dir.state.resolve("state.json").toFile());
    }

    @Test
    void applyKeepsTheStandbyRegionWarmAndInShape() throws Exception {
        Workdir dir = applied(ArmEmulator.builder());
        assertThat(state(dir).path("activeRegion").asText()).isEqualTo("westeurope");
        assertThat(dir.run("state", "list").out().lines()).hasSize(18).contains("pool.render-northeurope",
                "batchAccount.main-northeurope", "resourceGroup.main-northeurope");
        String standby = dir.run("state", "show", "pool.render-northeurope").out();
        assertThat(standby).contains("fixedScale.targetDedicatedNodes = 1", "bfdrbatchne", "rg-batchform-dr-ne");
        assertThat(dir.run("state", "show", "pool.batch-northeurope").out())
                .as("cold: no nodes, no formula").contains("fixedScale.targetDedicatedNodes = 0").doesNotContain("formula");
        assertThat(dir.run("state", "show", "pool.batch").out()).contains("autoScale.formula");

        dir.edit("warmNodes: 1", "warmNodes: 2");
        CliRun plan = dir.run("plan");
        assertThat(plan.out()).contains("Active region: westeurope (standby: northeurope, warm by default)",
                "~ pool.render-northeurope {", "~ fixedScale.targetDedicatedNodes = 1 -> 2",
                "Plan: 0 to add, 1 to change, 0 to destroy.");
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
    }

    @Test
    void aPlanWithThePrimaryDownShowsItsResourcesUnknownAndStillPlansTheStandby() throws Exception {
        Workdir dir = applied(ArmEmulator.builder());
        dir.edit("warmNodes: 1", "warmNodes: 2");
        emulator.faults(FaultConfig.NONE.withDownRegions(Set.of("westeurope")));
        CliRun plan = dir.run("plan", "--detailed-exitcode");
        assertThat(plan.exitCode()).as("a partial plan\n" + plan.out() + plan.err()).isEqualTo(3);
        assertThat(plan.out()).as("the region that answers is planned").contains("~ pool.render-northeurope {",
                "~ fixedScale.targetDedicatedNodes = 1 -> 2");
        assertThat(plan.out()).as("one error names the region, its resources and the way out").containsOnlyOnce(
                "RegionUnreachable").contains("westeurope does not answer (9 resources could not be read, the first: "
                + "RequestFailed: no answer, after retries (EOFException", "resourceGroup.main, storageAccount.data, virtualNetwork.main, "
                + "subnet.main.pools, batchAccount.main, application.tools, applicationPackage.tools[\"1.0\"], pool.batch, "
                + "pool.render are unknown, neither created nor changed",
                "batchform failover apply --to northeurope", "This plan is partial")
                .doesNotContain("will be created", "Unknown:", "Error: pool.batch");

        CliRun json = dir.run("plan", "--json");
        assertThat(json.exitCode()).isEqualTo(3);
        JsonNode partial = new ObjectMapper().readTree(json.out());
        assertThat(partial.path("complete").asBoolean(true)).isFalse();
        assertThat(partial.path("errored").asBoolean()).isTrue();
        assertThat(partial.path("applyable").asBoolean(true)).isFalse();

        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as("a partial plan is not applied").isEqualTo(1);
        assertThat(apply.out()).doesNotContain("Apply complete");
    }

    @Test
    void aSwitchoverWorksWithThePrimaryDownAndItIsCleanedUpWhenItAnswers() throws Exception {
        Workdir dir = applied(ArmEmulator.builder());
        emulator.faults(FaultConfig.NONE.withDownRegions(Set.of("westeurope")));
        CliRun plan = dir.run("failover", "plan", "--to", "northeurope");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).contains("Switchover from westeurope to northeurope",
                "westeurope does not answer: its resources are left as they are",
                "~ fixedScale.targetDedicatedNodes = 1 -> 4", "Time to capacity in northeurope once applied:",
                "pool.render-northeurope: 1 -> 4 dedicated nodes: 3 to 8 min to allocate nodes",
                "the region: about 13 min to capacity, up to 35 min on a bad day", "Azure/Batch#145").doesNotContain("~ pool.render {");

        CliRun apply = dir.run("failover", "apply", "--to", "northeurope", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).contains("Active region is now northeurope. To clean up when it answers: westeurope.");
        JsonNode state = state(dir);
        assertThat(state.path("activeRegion").asText()).isEqualTo("northeurope");
        assertThat(state.path("unreachableRegions").get(0).asText()).isEqualTo("westeurope");
        assertThat(state.path("resources").size()).as("nothing in state is lost").isEqualTo(18);
        assertThat(dir.run("state", "show", "pool.render-northeurope").out())
                .contains("fixedScale.targetDedicatedNodes = 4");

        emulator.faults(FaultConfig.NONE); // westeurope is back
        CliRun cleanup = dir.run("plan");
        assertThat(cleanup.out()).contains("Active region: northeurope", "Not reached at the last switchover: westeurope",
                "~ pool.render {", "~ fixedScale.targetDedicatedNodes = 4 -> 1");
        CliRun applyCleanup = dir.run("apply", "--auto-approve");
        assertThat(applyCleanup.exitCode()).as(applyCleanup.out() + applyCleanup.err()).isZero();
        assertThat(applyCleanup.out()).contains("Regions cleaned up after the last switchover: westeurope");
        assertThat(state(dir).has("unreachableRegions")).isFalse();
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();

        CliRun back = dir.run("failover", "apply", "--to", "westeurope", "--auto-approve");
        assertThat(back.exitCode()).as(back.out() + back.err()).isZero();
        assertThat(state(dir).path("activeRegion").asText()).isEqualTo("westeurope");
        assertThat(dir.run("state", "show", "pool.render").out()).contains("fixedScale.targetDedicatedNodes = 4");
        assertThat(dir.run("state", "show", "pool.render-northeurope").out()).contains("fixedScale.targetDedicatedNodes = 1");
    }

    @Test
    void aDrillSwitchesWaitsForCapacitySwitchesBackAndWritesARunbook() throws Exception {
        Workdir dir = applied(ArmEmulator.builder().resizeDuration(java.time.Duration.ofSeconds(3)));
        Path runbook = tmp.resolve("drill.md");
        CliRun drill = dir.run("failover", "apply", "--to", "northeurope", "--drill", "--auto-approve", "--runbook",
                runbook.toString());
        assertThat(drill.exitCode()).as(drill.out() + drill.err()).isZero();
        assertThat(drill.out()).contains("Switchover from westeurope to northeurope",
                "Switchover from northeurope to westeurope", "Drill complete:",
                "the plan's estimate: about 13 min to capacity, up to 35 min on a bad day")
                .containsPattern("Capacity in northeurope after \\d+s")
                .containsPattern("pool.render-northeurope: 4 node\\(s\\) after [2-9]s \\(estimated about 8 min, up "
                        + "to 30 min on a bad day\\): idle or running, start tasks succeeded")
                .containsPattern("Capacity in northeurope after \\d+s \\(from the end of the switchover's apply; the "
                        + "plan estimated about 13 min, up to 35 min on a bad day\\)")
                .containsPattern("    pool.render-northeurope: \\d+s \\(estimated about 8 min\\)")
                .containsPattern("westeurope -> northeurope: applied in \\d+s")
                .containsPattern("time to capacity in northeurope: \\d+s \\(apply \\d+s, then nodes [2-9]s\\)")
                .containsPattern("northeurope -> westeurope: applied in \\d+s");
        assertThat(drill.out().indexOf("Capacity in northeurope")).as("the way back waits for capacity")
                .isLessThan(drill.out().indexOf("Switchover from northeurope to westeurope"));
        assertThat(state(dir).path("activeRegion").asText()).isEqualTo("westeurope");
        JsonNode recorded = state(dir).path("drills").get(0);
        assertThat(recorded.path("estimate").asText()).as("the plan's estimate for the region").isEqualTo("PT13M");
        assertThat(recorded.path("pools")).extracting(p -> p.path("address").asText())
                .containsExactly("pool.batch-northeurope", "pool.render-northeurope");
        JsonNode pool = recorded.path("pools").get(1);
        assertThat(pool.path("address").asText()).isEqualTo("pool.render-northeurope");
        assertThat(pool.path("nodes").asInt()).isEqualTo(4);
        assertThat(pool.path("estimate").asText()).isEqualTo("PT8M");
        assertThat(java.time.Duration.parse(pool.path("toCapacity").asText()))
                .as("nodes take 3s to allocate, 1s to start and 1s to run the start task")
                .isGreaterThanOrEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
        String markdown = Files.readString(runbook);
        assertThat(markdown).startsWith("# Switchover runbook: westeurope to northeurope")
                .contains("`pool.render-northeurope`: update", "Quotas in northeurope: enough.",
                        "batchform failover apply --to westeurope", "`batchAccount.main-northeurope` at `https://",
                        "     ```\n     pending = $PendingTasks", "batchform plan --detailed-exitcode");
        assertThat(markdown.indexOf("### northeurope scales up first")).as("steps in the order they are carried out")
                .isPositive().isLessThan(markdown.indexOf("### Then the other regions scale down"));
        assertThat(markdown.indexOf("`pool.render-northeurope`: update"))
                .isLessThan(markdown.indexOf("`pool.render`: update"));
    }

    @Test
    void aDrillWhosePoolsDoNotReachCapacityInTimeFailsAndSwitchesBack() throws Exception {
        Workdir dir = applied(ArmEmulator.builder().resizeDuration(java.time.Duration.ofSeconds(2)));
        // The same cloud, slower: a second emulator (the first is closed) cannot take over the first's resources, so
        // apply again there.
        emulator = emulators.start(ArmEmulator.builder().inMemory().resizeDuration(java.time.Duration.ofMinutes(10)));
        Workdir again = example(tmp.resolve("slow")).always("--endpoint", emulator.endpoint().toString(),
                "--ca-cert", emulator.caCertificatePath().toString());
        again.write(Workdir.read(dir.spec));
        assertThat(again.run("apply", "--auto-approve").exitCode()).isZero();
        CliRun drill = again.run("failover", "apply", "--to", "northeurope", "--drill", "--auto-approve",
                "--timeout", "2s");
        assertThat(drill.exitCode()).as(drill.out() + drill.err()).isEqualTo(1);
        assertThat(drill.out()).contains("Capacity NOT reached in northeurope",
                "is still short of its target after 2s (--timeout)", "The drill has failed; switching back.",
                "Switchover from northeurope to westeurope", "Drill failed:", "time to capacity in northeurope: NOT reached");
        assertThat(state(again).path("activeRegion").asText()).as("switched back").isEqualTo("westeurope");
    }

    @Test
    void aDrillWhoseStandbyStartTasksFailNamesTheNodesAndExitCodeAndSwitchesBack() throws Exception {
        Workdir dir = applied(ArmEmulator.builder().resizeDuration(java.time.Duration.ofSeconds(1)));
        // The standby's nodes cannot mount what they read: their start task (waitForSuccess) exits with 32.
        emulator.faults(FaultConfig.NONE.withNodeFaults(List.of(new FaultConfig.NodeFault(null, "northeurope", 32,
                null, "mount error(13): Permission denied", false))));
        CliRun drill = dir.run("failover", "apply", "--to", "northeurope", "--drill", "--auto-approve",
                "--timeout", "2m");
        assertThat(drill.exitCode()).as(drill.out() + drill.err()).isEqualTo(1);
        assertThat(drill.out()).contains("Capacity NOT reached in northeurope",
                        "pool.render-northeurope: 4 of 4 node(s) failed: tvmps_",
                        "The drill has failed; switching back.", "Switchover from northeurope to westeurope",
                        "Drill failed:", "time to capacity in northeurope: NOT reached (pool.render-northeurope 4 of 4")
                .containsPattern("tvmps_[0-9a-f]{64}_d starttaskfailed, start task exit code 32: mount error\\(13\\): "
                        + "Permission denied")
                .doesNotContain("Recorded in the state");
        assertThat(drill.out().indexOf("Capacity NOT reached")).as("it failed without waiting for the timeout")
                .isLessThan(drill.out().indexOf("Switchover from northeurope to westeurope"));
        JsonNode state = state(dir);
        assertThat(state.path("activeRegion").asText()).as("switched back").isEqualTo("westeurope");
        assertThat(state.path("drills").isMissingNode()).as("a failed drill is not recorded").isTrue();
    }

    @Test
    void theStandbyOfTheExampleIsReadyItsPoolsReadingTheirOwnRegionsStorage() throws Exception {
        Workdir dir = applied(ArmEmulator.builder());
        assertThat(dir.run("state", "show", "pool.render-northeurope").out()).as("region-local by construction")
                .contains("accountName = \"bfdrdatane\"", "https://bfdrdatane.blob.core.windows.net/tools/setup.sh")
                .doesNotContain("\"bfdrdata\"", "//bfdrdata.");
        assertThat(dir.run("state", "list").out()).as("the application package is in both regions' accounts")
                .contains("applicationPackage.tools[\"1.0\"]", "applicationPackage.tools-northeurope[\"1.0\"]");
        Path junit = tmp.resolve("readiness.xml");
        CliRun check = dir.run("failover", "check", "--junit", junit.toString());
        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("northeurope: ready (0 errors, 1 warning)", "ok    answers",
                "warn  region-local", "ok    in shape", "ok    VM sizes offered", "ok    quota once active",
                "warning[RegistryReplication]: pool.render-northeurope pulls from bfdrregistry.azurecr.io",
                "Every standby region is ready.", "What northeurope's pools read, which batchform does not copy",
                "    blob bfdrdatane.blob.core.windows.net/tools/setup.sh\n", "    blob container bfdrdatane/inputs\n",
                "    image bfdrregistry.azurecr.io/render:1.0\n");
        assertThat(Files.readString(junit)).contains("<testsuite name=\"northeurope\" tests=\"5\" failures=\"0\">",
                "<testcase classname=\"failover.northeurope\" name=\"region-local\">", "<system-out>");

        CliRun json = dir.run("failover", "check", "--json");
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertThat(report.path("ready").asBoolean()).isTrue();
        assertThat(report.path("regions").get(0).path("findings").get(0).path("check").asText()).isEqualTo("region-local");
    }

    @Test
    void aStandbyThatReadsOutsideItsRegionFailsTheCheckAtEachPosition() throws Exception {
        Workdir dir = applied(ArmEmulator.builder());
        dir.edit("accountName: bfdrdata,", "accountName: bfsharedwe,");
        dir.edit("    mountConfiguration:\n", "    mountConfiguration:\n      - nfs: {source: \"10.40.1.4:/exports\", "
                + "relativeMountPath: nfs}\n");
        Path junit = tmp.resolve("readiness.xml");
        CliRun check = dir.run("failover", "check", "--junit", junit.toString());
        assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(1);
        String spec = dir.spec.toString();
        int nfs = lineOf(dir, "- nfs:");
        int blob = lineOf(dir, "accountName: bfsharedwe");
        assertThat(check.out()).contains("northeurope: NOT READY", "FAIL  region-local",
                spec + ":" + nfs + ":23: error[CrossRegionReference]: pool.render-northeurope mounts the file server "
                        + "10.40.1.4:/exports (mountConfiguration[0].nfs.source)",
                spec + ":" + blob + ":44: error[CrossRegionReference]: pool.render-northeurope reads the storage "
                        + "account 'bfsharedwe' (mountConfiguration[1].azureBlobFileSystem.accountName)",
                "Not ready: fix the errors above");
        assertThat(Files.readString(junit)).contains("failures=\"2\"", "<failure message=\"2 finding(s): ");
    }

    private static int lineOf(Workdir dir, String text) {
        List<String> lines = dir.specText().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line with " + text);
    }

    @Test
    void aQuotaShortfallInTheTargetRegionIsRefusedBeforeAnyChange() throws Exception {
        // In northeurope the autoscaled pool runs on Standard_D16s_v3: 8 x 16 + 4 x 2 = 136 cores against 100.
        emulator = emulators.start(ArmEmulator.builder().inMemory().coreQuotas(100, 0, 100));
        Workdir dir = example(tmp).write(Workdir.read(EXAMPLE).replace("          subnets:\n            pools: 10.41.1.0/24",
                "          subnets:\n            pools: 10.41.1.0/24\n      pools:\n        batch: {vmSize: Standard_D16s_v3}"))
                .against(emulator);
        CliRun first = dir.run("apply", "--auto-approve");
        assertThat(first.exitCode()).as("the standby shape fits: 1 warm node, the cold pool empty").isZero();
        assertThat(first.err()).as("the failover sizing is checked at every plan, long before it is needed")
                .contains("warning: once northeurope is active, batchAccount.main-northeurope needs 136 dedicated "
                        + "cores in northeurope, and its declared quota is 100: raise it by 36");
        String before = Files.readString(dir.state.resolve("state.json"));
        CliRun apply = dir.run("failover", "apply", "--to", "northeurope", "--auto-approve");
        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.err()).contains("needs 136 dedicated cores in northeurope, and its quota is 100: raise it by 36",
                "northeurope cannot take the load: its quotas are short");
        assertThat(apply.out()).doesNotContain("Modifying...");
        assertThat(Files.readString(dir.state.resolve("state.json"))).isEqualTo(before);
        assertThat(dir.run("failover", "plan", "--to", "sahara").err())
                .contains("--to sahara: not a failover region of the spec [westeurope, northeurope]");
    }

    @Test
    void aSpecOverQuotaInEitherRegionIsRefusedAtPlanTimeWithTheNumbers() {
        // westeurope needs 4 x D2s_v3 + at most 8 x D4s_v3 = 40 dedicated cores; the account has 30.
        emulator = emulators.start(ArmEmulator.builder().inMemory().coreQuotas(30, 0, 30));
        Workdir dir = example(tmp).write(Workdir.read(EXAMPLE)).always("--endpoint", emulator.endpoint().toString(),
                "--ca-cert", emulator.caCertificatePath().toString());
        CliRun accounts = dir.run("apply", "--auto-approve", "--target", "batchAccount.main", "--target",
                "batchAccount.main-northeurope");
        assertThat(accounts.exitCode()).as(accounts.out() + accounts.err()).isZero();

        CliRun plan = dir.run("plan");
        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(plan.out()).contains("batchAccount.main  bfdrbatch  westeurope",
                "dedicated cores                          40       30       -10  short by 10",
                "batchAccount.main-northeurope  bfdrbatchne  northeurope",
                "If northeurope became active (batchform failover plan --to northeurope):");
        assertThat(plan.err()).contains("batchform.yaml:", "error: batchAccount.main needs 40 dedicated cores in "
                        + "westeurope, and its quota is 30: raise it by 10 (quota request: Batch account bfdrbatch, "
                        + "region westeurope, dedicated cores, new limit 40)",
                "warning: once northeurope is active, batchAccount.main-northeurope needs 40 dedicated cores in "
                        + "northeurope, and its quota is 30: raise it by 10 (quota request: Batch account bfdrbatchne, "
                        + "region northeurope, dedicated cores, new limit 40)",
                "batchAccount.main: the spec expects 100 dedicated cores, the account has 30",
                "Nothing was saved or applied.");
        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.out()).doesNotContain("Creating...");
        assertThat(dir.run("state", "list").out()).doesNotContain("pool.");
    }

    @Test
    void anActiveActiveSwitchoverShiftsTheWorkAndSwitchingBackSplitsItAgain() throws Exception {
        emulator = emulators.start(ArmEmulator.builder().inMemory());
        Workdir dir = example(tmp).write(Workdir.read(EXAMPLE)
                        .replace("  mode: warm\n", "  mode: active-active\n  weights: {westeurope: 75, northeurope: 25}\n"))
                .against(emulator);
        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).contains("Active-active pools serve by weight: westeurope 75%, northeurope 25%");
        // 4 nodes split 75/25, rounded up: 3 and 1.
        assertThat(dir.run("state", "show", "pool.render").out()).contains("fixedScale.targetDedicatedNodes = 3");
        assertThat(dir.run("state", "show", "pool.render-northeurope").out()).contains("fixedScale.targetDedicatedNodes = 1");
        assertThat(dir.run("state", "show", "pool.batch-northeurope").out()).as("cold by its own mode")
                .contains("fixedScale.targetDedicatedNodes = 0");

        CliRun plan = dir.run("failover", "plan", "--to", "northeurope");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).contains("Work served by the active-active pools (route job submission accordingly): "
                + "westeurope 75% -> 0%, northeurope 25% -> 100%", "~ pool.render-northeurope {",
                "~ fixedScale.targetDedicatedNodes = 1 -> 4", "~ pool.render {", "~ fixedScale.targetDedicatedNodes = 3 -> 1");
        CliRun switched = dir.run("failover", "apply", "--to", "northeurope", "--auto-approve");
        assertThat(switched.exitCode()).as(switched.out() + switched.err()).isZero();
        String out = switched.out();
        assertThat(out.indexOf("pool.render-northeurope: Modifications complete"))
                .as("the new region scales up before the old one scales down")
                .isLessThan(out.indexOf("pool.render: Modifying..."));
        assertThat(dir.run("state", "show", "pool.render-northeurope").out()).contains("fixedScale.targetDedicatedNodes = 4");
        assertThat(dir.run("state", "show", "pool.render").out()).as("no weight: kept warm for the way back")
                .contains("fixedScale.targetDedicatedNodes = 1")
                .as("the switchover's ordering is not recorded as a dependency").doesNotContain("northeurope");
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();

        CliRun back = dir.run("failover", "apply", "--to", "westeurope", "--auto-approve");
        assertThat(back.exitCode()).as(back.out() + back.err()).isZero();
        assertThat(dir.run("state", "show", "pool.render").out()).contains("fixedScale.targetDedicatedNodes = 3");
        assertThat(dir.run("state", "show", "pool.render-northeurope").out()).contains("fixedScale.targetDedicatedNodes = 1")
                .doesNotContain("pool.render,", "pool.render]");
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
        CliRun destroy = dir.run("destroy", "--auto-approve");
        assertThat(destroy.exitCode()).as("no dependency cycle left in the state\n" + destroy.out() + destroy.err()).isZero();
    }

    @Test
    void badInputInTheFailoverBlockIsReportedAtItsPositionWithoutAStackTrace() {
        Workdir dir = example(tmp).write(Workdir.read(EXAMPLE)
                .replace("  mode: warm\n", "  mode: lukewarm\n  weights: {westeurope: 60, northeurope: 30, sahara: 5}\n")
                .replace("    batch: cold", "    batchh: cold")
                .replace("  secondary: northeurope", "  secondary: northeurope\n  more: [West Europe]")
                .replace("          subnets:\n            pools: 10.41.1.0/24", "          subnets:\n            pools: 10.41.1.0/24\n"
                        + "      pools:\n        render: {vmSize: Standard_D2s_v9}"));
        for (String command : new String[] {"plan", "failover plan --to northeurope"}) {
            CliRun run = dir.run(command.split(" "));
            assertThat(run.exitCode()).as(command).isEqualTo(1);
            assertThat(run.err()).as(command).contains(
                    "batchform.yaml:85:10: error: failover: region 'West Europe' is listed twice",
                    "batchform.yaml:86:9: error: failover.mode: expected one of cold, warm, active-active, got 'lukewarm'",
                    "batchform.yaml:87:46: error: failover.weights: 'sahara' is not one of the failover regions",
                    "batchform.yaml:87:13: error: failover.weights: the weights are percentages of the work and add up "
                            + "to 95, not 100",
                    "batchform.yaml:90:5: error: failover: no pool 'batchh' in the spec (did you mean 'batch'?)",
                    "batchform.yaml:103:26: error: failover.regions.northeurope.pools.render: unknown VM size 'Standard_D2s_v9' "
                            + "(did you mean 'Standard_D2s_v3'?)", "error: the spec is invalid (6 errors); nothing was planned")
                    .doesNotContain("Exception", "\tat io.batchform");
        }
    }
}
