package io.batchform.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.plan.DesiredResource;
import io.batchform.source.Diagnostic;
import io.batchform.spec.convert.DesiredState;
import io.batchform.spec.convert.SpecToDesired;
import io.batchform.spec.load.LoadResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code jobSchedules:}: loading, the checks at the YAML's positions, and the attributes of the contract. */
class JobScheduleSpecTest {
    private static final String POOL = """
            pools:
              render:
                account: main
                vmSize: Standard_D2s_v3
                image: {publisher: canonical, offer: ubuntu, sku: "22_04"}
                nodeAgentSkuId: batch.node.ubuntu 22.04
                fixedScale: {targetDedicatedNodes: 1}
                taskSlotsPerNode: 2
            """; // lines 6-13
    private static final String ACCOUNT = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/"
            + "providers/Microsoft.Batch/batchAccounts/mainacct";

    @TempDir
    Path dir;

    private LoadResult load(String schedules) {
        return Specs.load(dir, Specs.HEADER + POOL + "jobSchedules:\n" + schedules);
    }

    @Test
    void aNightlyScheduleBecomesTheContractsAttributes() {
        LoadResult result = load("""
                  nightly:
                    account: main
                    pool: render
                    cron: "0 2 * * 1-5"
                    timeZone: Europe/Paris
                    displayName: Nightly render
                    priority: 100
                    constraints: {maxWallClockTime: 2h, maxTaskRetryCount: 1}
                    jobManagerTask:
                      commandLine: /bin/sh -c 'submit.sh'
                      requiredSlots: 2
                      environment: {TOKEN: {secret: abc}, MODE: nightly}
                    onAllTasksComplete: terminatejob
                    metadata: {team: render}
                    simulation: {tasks: 40, taskDuration: 20m}
                """);
        assertThat(result.diagnostics()).isEmpty();
        JobScheduleSpec spec = result.spec().jobSchedules().get("nightly");
        assertThat(spec.simulation()).isEqualTo(new JobScheduleSpec.Simulation(40L, java.time.Duration.ofMinutes(20),
                null));
        DesiredState desired = SpecToDesired.convert(result.spec(), result.sources(),
                Map.of("BATCHFORM_NOW", "2026-12-06T02:30:00Z"));
        DesiredResource r = desired.get(Address.of(ResourceType.JOB_SCHEDULE, "nightly")).orElseThrow();
        assertThat(r.id()).isEqualTo(ACCOUNT + "/jobSchedules/nightly");
        assertThat(r.dependsOn()).containsExactly(Address.of(ResourceType.BATCH_ACCOUNT, "main"),
                Address.of(ResourceType.POOL, "render"));
        Map<String, Object> a = r.config().values();
        assertThat(a).containsEntry("name", "nightly").containsEntry("account", ACCOUNT)
                .containsEntry("pool", ACCOUNT + "/pools/render").containsEntry("cron", "0 2 * * 1-5")
                .containsEntry("timeZone", "Europe/Paris").containsEntry("displayName", "Nightly render")
                .containsEntry("priority", 100L).containsEntry("onAllTasksComplete", "terminatejob")
                .containsEntry("constraints", Map.of("maxWallClockTime", "PT2H", "maxTaskRetryCount", 1L))
                .containsEntry("metadata", Map.of("team", "render"))
                .doesNotContainKey("simulation");
        assertThat(a.get("jobManagerTask")).isEqualTo(Map.of("commandLine", "/bin/sh -c 'submit.sh'",
                "requiredSlots", 2L, "environment", Map.of("TOKEN", "abc", "MODE", "nightly")));
        assertThat(a.get("schedules")).isEqualTo(List.of(
                Map.of("id", "nightly-mon-0200", "doNotRunUntil", "2026-12-07T01:00:00Z", "recurrenceInterval", "P7D"),
                Map.of("id", "nightly-tue-0200", "doNotRunUntil", "2026-12-08T01:00:00Z", "recurrenceInterval", "P7D"),
                Map.of("id", "nightly-wed-0200", "doNotRunUntil", "2026-12-09T01:00:00Z", "recurrenceInterval", "P7D"),
                Map.of("id", "nightly-thu-0200", "doNotRunUntil", "2026-12-10T01:00:00Z", "recurrenceInterval", "P7D"),
                Map.of("id", "nightly-fri-0200", "doNotRunUntil", "2026-12-11T01:00:00Z", "recurrenceInterval", "P7D")));
        assertThat(desired.diagnostics()).as("the next change of offset is months away: nothing to say")
                .isEmpty();
    }

    /**
     * The zone's next offset change that moves a fire time is a warning only in the fortnight before it: a warning on
     * every plan, months ahead, is one users learn to skip. Schedule preview shows it on demand.
     */
    @ParameterizedTest
    @CsvSource({
        "2026-12-06T02:30:00Z, false",  // 112 days before
        "2027-03-14T01:00:00Z, false",  // exactly 14 days before 2027-03-28T01:00Z
        "2027-03-14T01:01:00Z, true",   // within the 14 days
        "2027-03-27T12:00:00Z, true",
        "2027-03-28T02:00:00Z, false",  // after: the next change is in October
        "2027-10-17T01:30:00Z, true"})  // 14 days before the autumn change, 2027-10-31T01:00Z
    void theNextZoneChangeIsAWarningOnlyInTheFortnightBeforeIt(String now, boolean warned) {
        LoadResult result = load("""
                  nightly:
                    account: main
                    pool: render
                    cron: "0 2 * * 1-5"
                    timeZone: Europe/Paris
                    jobManagerTask: {commandLine: run.sh}
                """);
        assertThat(result.diagnostics()).isEmpty();
        DesiredState desired = SpecToDesired.convert(result.spec(), result.sources(), Map.of("BATCHFORM_NOW", now));
        List<String> warnings = desired.diagnostics().stream().map(Diagnostic::toString).toList();
        if (warned) {
            assertThat(warnings).singleElement().asString().startsWith(dir.resolve("spec.yaml") + ":19:15: warning: "
                    + "jobSchedule.nightly: Europe/Paris moves ");
        } else {
            assertThat(warnings).isEmpty();
        }
    }

    @Test
    void theServiceFormIsOneScheduleAsWritten() {
        LoadResult result = load("""
                  hourly:
                    account: main
                    pool: render
                    schedule: {doNotRunUntil: "2027-01-04T02:00:00Z", recurrenceInterval: 1h, startWindow: 10m}
                    jobManagerTask: {commandLine: run.sh}
                """);
        assertThat(result.diagnostics()).isEmpty();
        DesiredState desired = SpecToDesired.convert(result.spec(), result.sources(), Map.of());
        assertThat(desired.get(Address.of(ResourceType.JOB_SCHEDULE, "hourly")).orElseThrow().config().values()
                .get("schedules")).isEqualTo(List.of(Map.of("id", "hourly", "doNotRunUntil", "2027-01-04T02:00:00Z",
                "recurrenceInterval", "PT1H", "startWindow", "PT10M")));
        assertThat(desired.diagnostics()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            cron refused at its column  | cron: "0 2 1 * *"                     | 18:16 | cron: the service cannot run on days of the month
            cron unreadable             | cron: '0 2 * * MOM'                   | 18:20 | cron: 'MOM' is not a day of week
            unknown time zone           | cron: "0 2 * * *"\\n    timeZone: Europe/Pariss | 19:15 | 'Europe/Pariss' is not an IANA time zone such as Europe/Paris or UTC (did you mean 'Europe/Paris'?)
            slots above the pool's      | cron: "0 2 * * *"\\n    jobManagerTask: {commandLine: x, requiredSlots: 3} | 19:53 | the job manager task needs 3 slots but pool 'render' has taskSlotsPerNode 2: it would never be scheduled and each job would wait forever (Azure/Batch#117)
            no timing                   | priority: 1                           | 15:3  | a job schedule runs by exactly one of cron (with timeZone) and schedule
            reserved metadata           | cron: "0 2 * * *"\\n    metadata: {batchform-cron: x} | 19:16 | metadata key 'batchform-cron' is reserved
            bad duration                | cron: "0 2 * * *"\\n    constraints: {maxWallClockTime: soon} | 19:37 | 'soon' is not a duration
            """)
    void problemsAreReportedAtTheValue(String name, String extra, String where, String message) {
        LoadResult result = load("  nightly:\n    account: main\n    pool: render\n    " + extra.replace("\\n", "\n")
                + "\n");
        assertThat(Specs.printed(dir, result)).anySatisfy(printed -> assertThat(printed)
                .startsWith("spec.yaml:" + where + ": error: ").contains(message));
    }

    @Test
    void aPoolOfAnotherAccountIsRefused() {
        LoadResult result = Specs.load(dir, Specs.HEADER + "  other: {name: otheracct}\n" + POOL
                + "jobSchedules:\n  nightly: {account: other, pool: render, cron: \"0 2 * * *\"}\n");
        assertThat(Specs.printed(dir, result)).containsExactly("spec.yaml:16:35: error: pool 'render' is in batch "
                + "account 'main', not 'other': a job schedule runs on a pool of its own account");
    }
}
