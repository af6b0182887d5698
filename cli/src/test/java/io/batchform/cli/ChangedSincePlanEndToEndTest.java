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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An apply carries out the plan that was reviewed, and nothing else: a saved plan applied after someone changed one of
 * its resources in Azure (through the API, as the portal does) refuses that resource with the ETags the plan read and
 * Azure has now, writes nothing to it, carries out and records the rest, exits 1, and the next plan shows the change
 * as drift; the command line against the emulator, every exchange checked against Microsoft's documents.
 */
class ChangedSincePlanEndToEndTest {
    private static final String ACCOUNT_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/"
            + "rg-batchform-dev/providers/Microsoft.Batch/batchAccounts/bfquickstartdev";
    private static final Address RENDER = Address.of(ResourceType.POOL, "render");
    private static final Address NIGHTLY = Address.of(ResourceType.JOB_SCHEDULE, "nightly");
    private static final Path NIGHTLY_YAML = Path.of("..", "examples", "quickstart", "nightly.yaml");

    @TempDir
    Path tmp;

    /** The emulator each test starts, checked against Microsoft's published API and closed after the test. */
    @RegisterExtension
    final CheckedEmulators emulators = new CheckedEmulators();

    /** Someone else, with the Azure API: reads a resource and changes its metadata. */
    private static Attributes portalChanges(ArmEmulator emulator, Address address, String id, String purpose) {
        Provider portal = new AzureProvider(AzureConnection.forEmulator(emulator.endpoint(), emulator.sslContext(),
                AzureConnection.EMULATOR_SUBSCRIPTION, Duration.ofMillis(20), AzureConnection.RetrySettings.DEFAULT),
                "portal");
        Attributes live = read(portal, address, id);
        Provider.ChangeResponse changed = portal.update(new Provider.UpdateRequest(address, id, live,
                live.with("metadata.purpose", purpose), Set.of("metadata.purpose")));
        assertThat(changed.diagnostics()).isEmpty();
        return changed.state().orElseThrow();
    }

    private static Attributes read(Provider provider, Address address, String id) {
        return provider.refresh(new Provider.RefreshRequest(List.of(new Provider.ResourceRef(address, id))))
                .live().get(address);
    }

    private static Provider reader(ArmEmulator emulator) {
        return new AzureProvider(AzureConnection.forEmulator(emulator.endpoint(), emulator.sslContext(),
                AzureConnection.EMULATOR_SUBSCRIPTION, Duration.ofMillis(20), AzureConnection.RetrySettings.DEFAULT),
                "reader");
    }

    @Test
    void aSavedPlanRefusesAPoolChangedSinceItWasMadeAndCarriesOutTheRest() {
        ArmEmulator emulator = emulators.start(ArmEmulator.builder().inMemory());
        Workdir dir = Workdir.quickstart(tmp).against(emulator);
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        String renderId = ACCOUNT_ID + "/pools/render";
        String then = read(reader(emulator), RENDER, renderId).string("etag");

        dir.edit("renderNodes: 2", "renderNodes: 3").edit("evaluationInterval: 5m", "evaluationInterval: 10m");
        Path saved = tmp.resolve("tfplan");
        CliRun plan = dir.run("plan", "-out", saved.toString());
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("Plan: 0 to add, 2 to change, 0 to destroy.");

        String now = portalChanges(emulator, RENDER, renderId, "hotfix").string("etag");
        assertThat(now).isNotEqualTo(then);

        CliRun apply = dir.run("apply", saved.toString());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isEqualTo(1);
        assertThat(apply.err()).contains("Error: pool.render: ChangedSincePlan: changed in Azure after "
                + "the plan was made (metadata.purpose; ETag " + then + " then, " + now + " now): nothing was written to it; run plan "
                + "again");
        assertThat(apply.out()).contains("pool.render: Modifications failed", "pool.batch: Modifications complete");

        Attributes render = read(reader(emulator), RENDER, renderId);
        assertThat(render.get("metadata.purpose")).as("the change made outside is kept").isEqualTo("hotfix");
        assertThat(render.get("fixedScale.targetDedicatedNodes")).as("nothing was written").isEqualTo(2L);
        assertThat(dir.run("state", "show", "pool.batch").out()).as("the rest was carried out and recorded")
                .contains("evaluationInterval = \"PT10M\"");
        assertThat(dir.run("state", "show", "pool.render").out()).contains("targetDedicatedNodes = 2",
                "purpose = \"render\"");

        CliRun again = dir.run("plan");
        assertThat(again.out()).contains("Objects have changed outside of batchform", "# pool.render has changed",
                "~ metadata.purpose = \"render\" -> \"hotfix\"", "Plan: 0 to add, 1 to change, 0 to destroy.");
        CliRun fixed = dir.run("apply", "--auto-approve");
        assertThat(fixed.exitCode()).as(fixed.err()).isZero();
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
    }

    /** The quickstart with its nightly schedule applied to {@code emulator}. */
    private Workdir nightlyApplied(ArmEmulator emulator) {
        Workdir quickstart = Workdir.quickstart(tmp);
        Workdir dir = quickstart.write(quickstart.specText() + "\n" + Workdir.read(NIGHTLY_YAML)).against(emulator);
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        return dir;
    }

    /** A saved plan that raises the nightly schedule's priority. */
    private Path priorityRaised(Workdir dir) {
        dir.edit("priority: 100", "priority: 200");
        Path saved = tmp.resolve("tfplan");
        CliRun plan = dir.run("plan", "-out", saved.toString());
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("~ jobSchedule.nightly", "Plan: 0 to add, 1 to change, 0 to destroy.");
        return saved;
    }

    @Test
    void aSavedPlanRefusesAJobScheduleChangedSinceItWasMade() {
        ArmEmulator emulator = emulators.start(ArmEmulator.builder().inMemory());
        Workdir dir = nightlyApplied(emulator);
        String nightlyId = ACCOUNT_ID + "/jobSchedules/nightly";
        String then = read(reader(emulator), NIGHTLY, nightlyId).string("etag");
        Path saved = priorityRaised(dir);

        String now = portalChanges(emulator, NIGHTLY, nightlyId, "hotfix").string("etag");

        CliRun apply = dir.run("apply", saved.toString());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isEqualTo(1);
        // The saved plan holds the job manager's environment (a secret) only hashed; compared through its salted
        // hash, it is not named: only what changed is.
        assertThat(apply.err()).contains("Error: jobSchedule.nightly: ChangedSincePlan: changed in "
                + "Azure after the plan was made (metadata.purpose; ETag " + then + " then, " + now + " now): nothing "
                + "was written to it; run plan again");
        Attributes nightly = read(reader(emulator), NIGHTLY, nightlyId);
        assertThat(nightly.get("metadata.purpose")).isEqualTo("hotfix");
        assertThat(nightly.get("priority")).as("nothing was written").isEqualTo(100L);

        CliRun again = dir.run("plan");
        assertThat(again.out()).contains("Objects have changed outside of batchform", "# jobSchedule.nightly has changed",
                "= \"render\" -> \"hotfix\"", "= 100 -> 200", "Plan: 0 to add, 1 to change, 0 to destroy.");
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
        assertThat(read(reader(emulator), NIGHTLY, nightlyId).get("metadata")).isEqualTo(Map.of("purpose", "render"));
    }

    @Test
    void aSavedPlanGoesOnWhenAJobSchedulesEtagMovedWithNothingItShowsChangedSecretsIncluded() {
        ArmEmulator emulator = emulators.start(ArmEmulator.builder().inMemory());
        Workdir dir = nightlyApplied(emulator);
        String nightlyId = ACCOUNT_ID + "/jobSchedules/nightly";
        String then = read(reader(emulator), NIGHTLY, nightlyId).string("etag");
        Path saved = priorityRaised(dir);
        // Saved again as it was (its purpose is "render"): a new ETag, nothing the plan shows.
        String now = portalChanges(emulator, NIGHTLY, nightlyId, "render").string("etag");
        assertThat(now).isNotEqualTo(then);

        CliRun apply = dir.run("apply", saved.toString());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(read(reader(emulator), NIGHTLY, nightlyId).get("priority")).isEqualTo(200L);
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
    }
}
