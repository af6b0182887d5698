package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/managed-identity}: a pool with a managed identity pulling from a private registry, the Key Vault
 * extension in place of a certificate, simplified communication without public IPs, an ephemeral OS disk and a
 * data disk, Trusted Launch and zones. It plans, applies through the real SDK to the embedded emulator, and then
 * plans clean.
 */
class ManagedIdentityExampleTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "managed-identity", "batchform.yaml");

    @TempDir
    Path tmp;

    @Test
    void theExamplePlansAppliesAndThenPlansClean() {
        Workdir dir = new Workdir(tmp).write(Workdir.read(EXAMPLE));
        CliRun plan = dir.run("plan");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).contains("userAssignedIdentity.nodes", "pool.render");

        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();

        CliRun again = dir.run("plan", "--detailed-exitcode");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("No changes.");
        String pool = dir.run("state", "show", "pool.render").out();
        assertThat(pool).contains("Microsoft.ManagedIdentity/userAssignedIdentities/nodes", "KeyVaultForLinux",
                "targetNodeCommunicationMode = \"Simplified\"", "NoPublicIPAddresses",
                "osDisk.ephemeralOSDiskSettings.placement = \"CacheDisk\"", "diskSizeGB = 256",
                "securityProfile.securityType = \"trustedLaunch\"", "nodePlacementConfiguration.policy = \"Zonal\"");
        assertThat(dir.run("state", "show", "userAssignedIdentity.nodes").out()).contains("clientId = ");
    }
}
