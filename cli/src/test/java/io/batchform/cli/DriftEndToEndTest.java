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
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Changes made outside batchform: reported as drift, adopted with --refresh-only, or undone by apply. */
class DriftEndToEndTest {
    @TempDir
    Path tmp;

    private ArmEmulator emulator;
    /** The emulator each test starts, checked against Microsoft's published API and closed after the test. */
    @RegisterExtension
    final CheckedEmulators emulators = new CheckedEmulators();

    @Test
    void driftIsShownAdoptedWithRefreshOnlyAndTheSpecStillWins() {
        emulator = emulators.start(ArmEmulator.builder().inMemory());
        Workdir dir = Workdir.quickstart(tmp).against(emulator);
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        // Someone edits the pool's metadata in the portal.
        Provider portal = new AzureProvider(AzureConnection.forEmulator(emulator.endpoint(), emulator.sslContext(),
                AzureConnection.EMULATOR_SUBSCRIPTION, Duration.ofMillis(20), AzureConnection.RetrySettings.DEFAULT), "portal");
        String id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-batchform-dev/providers/"
                + "Microsoft.Batch/batchAccounts/bfquickstartdev/pools/render";
        Address render = Address.of(ResourceType.POOL, "render");
        Attributes live = portal.refresh(new Provider.RefreshRequest(java.util.List.of(new Provider.ResourceRef(render, id))))
                .live().get(render);
        assertThat(portal.update(new Provider.UpdateRequest(render, id, live, live.with("metadata",
                Map.of("purpose", "hotfix")), Set.of("metadata.purpose"))).diagnostics()).isEmpty();

        CliRun plan = dir.run("plan");
        assertThat(plan.out()).contains("Objects have changed outside of batchform", "# pool.render has changed",
                "~ metadata.purpose = \"render\" -> \"hotfix\"", "~ metadata.purpose = \"hotfix\" -> \"render\"",
                "Plan: 0 to add, 1 to change, 0 to destroy.");

        CliRun refreshOnly = dir.run("plan", "--refresh-only", "--detailed-exitcode");
        assertThat(refreshOnly.exitCode()).isEqualTo(2);
        assertThat(refreshOnly.out()).contains("# pool.render has changed", "This is a refresh-only plan")
                .doesNotContain("Plan:");
        CliRun adopt = dir.run("apply", "--refresh-only", "--auto-approve");
        assertThat(adopt.exitCode()).as(adopt.err()).isZero();
        assertThat(dir.run("state", "show", "pool.render").out()).contains("metadata.purpose = \"hotfix\"");

        CliRun after = dir.run("plan");
        assertThat(after.out()).doesNotContain("Objects have changed outside of batchform")
                .contains("~ metadata.purpose = \"hotfix\" -> \"render\"");
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
    }
}
