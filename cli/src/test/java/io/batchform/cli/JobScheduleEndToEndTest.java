package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.azure.AzureConnection;
import io.batchform.azure.AzureProvider;
import io.batchform.emulator.ArmEmulator;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart's nightly job schedule ({@code examples/quickstart/nightly.yaml}) through the command line, the real SDK pipeline and the emulator's data
 * plane: applied and planned clean, a change made outside shown as drift and undone, a change the service cannot
 * make in place planned as a replacement that names the jobs it terminates, forgotten and imported again.
 */
class JobScheduleEndToEndTest {
    private static final String ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/"
            + "rg-batchform-dev/providers/Microsoft.Batch/batchAccounts/bfquickstartdev/jobSchedules/nightly";
    private static final Address NIGHTLY = Address.of(ResourceType.JOB_SCHEDULE, "nightly");
    /** The quickstart's nightly job, which the README applies with the quickstart ({@code -f .}). */
    private static final Path NIGHTLY_YAML = Path.of("..", "examples", "quickstart", "nightly.yaml");

    @TempDir
    Path tmp;

    private ArmEmulator emulator;
    /** The emulator each test starts, checked against Microsoft's published API and closed after the test. */
    @RegisterExtension
    final CheckedEmulators emulators = new CheckedEmulators();

    /**
     * The zone's changes of offset are said when they matter: not on the plans of the months before (a warning on
     * every plan is one users learn to skip), in the fortnight before the change, and after it while the service
     * still fires on the grid compiled before, beside the update of {@code schedules} that corrects it; not once
     * that update is applied.
     */
    @Test
    void aChangeOfSummerTimeIsSaidInTheFortnightBeforeItAndAfterItUntilApplied() {
        emulator = emulators.start(ArmEmulator.builder().inMemory());
        Workdir quickstart = Workdir.quickstart(tmp);
        Workdir dir = quickstart.write(quickstart.specText() + "\n" + Workdir.read(NIGHTLY_YAML)).against(emulator);
        String warning = "warning: jobSchedule.nightly: Europe/Paris moves to summer time on 2027-03-28";

        CliRun january = dir.runWithEnvironment(Map.of("BATCHFORM_NOW", "2027-01-04T00:00:00Z"), "apply",
                "--auto-approve");
        assertThat(january.exitCode()).as(january.err()).isZero();
        assertThat(january.out() + january.err()).as("83 days ahead: nothing to say").doesNotContain("summer time");

        CliRun march = dir.runWithEnvironment(Map.of("BATCHFORM_NOW", "2027-03-20T00:00:00Z"), "plan",
                "--detailed-exitcode");
        assertThat(march.exitCode()).as("the same grid: " + march.out()).isZero();
        assertThat(march.err()).contains(warning + ": from then the service fires at 03:00 local instead of 02:00; "
                + "an apply after 2027-03-28T01:00Z corrects it");

        Map<String, String> after = Map.of("BATCHFORM_NOW", "2027-03-29T12:00:00Z");
        CliRun moved = dir.runWithEnvironment(after, "plan", "--detailed-exitcode");
        assertThat(moved.exitCode()).as(moved.out() + moved.err()).isEqualTo(2);
        // At the schedule's timeZone in the spec, as validate would point at it.
        int zoneLine = dir.specText().lines().toList().indexOf(
                "    timeZone: Europe/Paris       # plans warn in the fortnight before each change of summer/standard time")
                + 1;
        assertThat(moved.out()).contains("# jobSchedule.nightly will be updated in place", "~ schedules",
                dir.spec + ":" + zoneLine + ":15: warning: jobSchedule.nightly: ZoneChanged: Europe/Paris moved to "
                        + "summer time on 2027-03-28: since then the service fires at 03:00 local instead of 02:00 (the "
                        + "schedules were compiled before the change); this plan's update of schedules puts the runs "
                        + "back on the cron's times\n"
                        + "      timeZone: Europe/Paris       # plans warn in the fortnight before each change of "
                        + "summer/standard time\n"
                        + "                ^\n",
                "Plan: 0 to add, 1 to change, 0 to destroy.").doesNotContain("Error:", "Warning: jobSchedule");
        assertThat(moved.err()).doesNotContain("summer time");
        assertThat(dir.runWithEnvironment(after, "apply", "--auto-approve").exitCode()).isZero();
        CliRun clean = dir.runWithEnvironment(after, "plan", "--detailed-exitcode");
        assertThat(clean.exitCode()).as(clean.out()).isZero();
        assertThat(clean.out() + clean.err()).doesNotContain("summer time");
    }

    @Test
    void theNightlyScheduleIsAppliedDriftsIsReplacedWithItsJobsAndIsImported() {
        // The emulator's clock runs 8 days ahead: by its time each of the five weekly schedules has run once, and
        // its job is still active (a job runs 10 days here).
        emulator = emulators.start(ArmEmulator.builder().inMemory()
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofDays(8))).jobRunTime(Duration.ofDays(10)));
        Workdir quickstart = Workdir.quickstart(tmp);
        Workdir dir = quickstart.write(quickstart.specText() + "\n" + Workdir.read(NIGHTLY_YAML)).against(emulator);
        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("jobSchedule.nightly: Creation complete", "Resources: 8 added");
        CliRun clean = dir.run("plan", "--detailed-exitcode");
        assertThat(clean.exitCode()).as("planned clean").isZero();
        assertThat(clean.out()).as("its environment values, recorded hashed, are no drift")
                .doesNotContain("changed outside of batchform");
        assertThat(dir.run("state", "show", "jobSchedule.nightly").out()).contains("nightly-mon-0200",
                "nightly-fri-0200", "cron = \"0 2 * * 1-5\"");

        // Someone changes the schedule's metadata with the Batch API.
        Provider portal = new AzureProvider(AzureConnection.forEmulator(emulator.endpoint(), emulator.sslContext(),
                AzureConnection.EMULATOR_SUBSCRIPTION, Duration.ofMillis(20), AzureConnection.RetrySettings.DEFAULT),
                "portal");
        Attributes live = portal.refresh(new Provider.RefreshRequest(List.of(new Provider.ResourceRef(NIGHTLY, ID))))
                .live().get(NIGHTLY);
        assertThat(live.get("activeJobs")).as("one job of each weekly schedule is running").asList().hasSize(5);
        assertThat(portal.update(new Provider.UpdateRequest(NIGHTLY, ID, live, live.with("metadata",
                Map.of("purpose", "hotfix")), Set.of("metadata.purpose"))).diagnostics()).isEmpty();
        CliRun drift = dir.run("plan");
        assertThat(drift.out()).contains("Objects have changed outside of batchform", "# jobSchedule.nightly has changed",
                "~ metadata.purpose = \"hotfix\" -> \"render\"", "Plan: 0 to add, 1 to change, 0 to destroy.");
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).as("the spec won").isZero();

        // The service cannot rename a schedule's display name: a replacement, with the jobs it terminates.
        dir.edit("displayName: Nightly render batch", "displayName: Nightly frames");
        CliRun replace = dir.run("plan");
        assertThat(replace.out()).contains("-/+ jobSchedule.nightly", "# forces replacement",
                "it goes with its 5 active jobs and their tasks", "Plan: 1 to add, 0 to change, 1 to destroy.");
        CliRun replaced = dir.run("apply", "--auto-approve");
        assertThat(replaced.exitCode()).as(replaced.err()).isZero();
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();

        // Forgotten, then imported by its id: the state takes it as it is, and the plan is clean again.
        assertThat(dir.run("state", "rm", "jobSchedule.nightly").exitCode()).isZero();
        CliRun imported = dir.run("import", "jobSchedule.nightly", ID);
        assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();
        CliRun after = dir.run("plan", "--detailed-exitcode");
        assertThat(after.exitCode()).as(after.out()).isZero();
        assertThat(emulators.contract().judgedOperations()).as("the data plane was judged against Microsoft's document")
                .contains("JobSchedules_CreateJobSchedule@2025-06-01", "JobSchedules_DeleteJobSchedule@2025-06-01");
    }
}
