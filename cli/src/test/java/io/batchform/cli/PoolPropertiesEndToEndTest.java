package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.emulator.ArmEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pool that sets every property the spec accepts (start task resource files and identity, containers with a private
 * registry, user accounts, mounts, public IPs, certificates aside as retired), with secrets in three places, through
 * the real SDK against an emulator set up as the embedded one is (data in a directory, 5 s resizes): once applied it
 * plans no changes, its secrets are never printed or written in clear, an in-place change stays in place, and a
 * changed secret is noticed. Every request the provider sends and every answer is checked against Microsoft's
 * published API (the embedded emulator has no observer, so the commands are pointed at this one with --endpoint).
 */
// Its methods run at once (each its own emulator and directory): they wait on resizes.
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
class PoolPropertiesEndToEndTest {
    private static final Path SPEC = Path.of("src", "test", "resources", "specs", "every-pool-property.yaml");
    private static final Path ALTERNATIVES = Path.of("src", "test", "resources", "specs",
            "every-pool-property-alternatives.yaml");
    private static final List<String> SECRETS = List.of("registry-secret-1", "worker-secret-1", "share-key-1");

    @TempDir
    Path tmp;

    /** The emulator each test starts, checked against Microsoft's published API and closed after the test. */
    @RegisterExtension
    final CheckedEmulators emulators = new CheckedEmulators();
    private ArmEmulator emulator;
    private Workdir dir;

    /** A work directory whose commands talk to a contract-checked emulator keeping its data beside the state. */
    private Workdir workdir(Path spec) {
        if (emulator == null) {
            emulator = emulators.start(ArmEmulator.builder().dataDirectory(tmp.resolve(".batchform").resolve("emulator"))
                    .port(0).resizeDuration(Duration.ofSeconds(5)));
        }
        return new Workdir(tmp).write(Workdir.read(spec)).always("--endpoint", emulator.endpoint().toString(),
                "--ca-cert", emulator.caCertificatePath().toString());
    }
    private String workerPassword = "worker-secret-1";

    /** Runs a command with the spec's secrets given as variables (in-process runs cannot set the environment). */
    private CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--var", "registryPassword=registry-secret-1", "--var", "workerPassword=" + workerPassword,
                "--var", "shareKey=share-key-1"));
        return dir.run(all.toArray(String[]::new));
    }

    private Workdir applied() throws IOException {
        dir = workdir(SPEC);
        Files.writeString(tmp.resolve("tool-1.0.zip"), "PK");
        CliRun apply = run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        return dir;
    }

    @Test
    void everyPoolPropertyRoundTripsWithoutADiff() throws IOException {
        applied();
        CliRun plan = run("plan", "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.out()).isZero();
        assertThat(plan.out()).contains("No changes.");
        String shown = dir.run("state", "show", "pool.full").out();
        assertThat(shown).contains("startTask.resourceFiles", "https://example.org/setup.sh",
                "startTask.userIdentity.autoUser.elevationLevel = \"Admin\"", "containerConfiguration.containerImageNames",
                "publicIPAddressConfiguration.provision = \"NoPublicIPAddresses\"", "azureBlobFileSystem",
                "password = (sensitive)", "accountKey = (sensitive)",
                // Microsoft.Batch 2025-06-01: read back from the emulator, so they reached it and came back.
                "targetNodeCommunicationMode = \"Simplified\"", "currentNodeCommunicationMode = \"Simplified\"",
                "identity.userAssignedIdentities", "osDisk.ephemeralOSDiskSettings.placement = \"CacheDisk\"",
                "securityProfile.securityType = \"trustedLaunch\"", "nodePlacementConfiguration.policy = \"Zonal\"",
                "KeyVaultForLinux", "upgradePolicy.rollingUpgradePolicy", "dynamicVnetAssignmentScope = \"job\"",
                "enableAcceleratedNetworking = true", "diskEncryption.targets",
                "taskSchedulingPolicy.jobDefaultOrder = \"CreationTime\"", "containerSettings.imageName",
                "containerHostBatchBindMounts", "workingDirectory = \"ContainerImageDefault\"");
        assertThat(emulators.contract().judgedOperations()).contains("Pool_Create@2025-06-01", "Pool_ListByBatchAccount@2025-06-01");
        assertThat(dir.run("state", "show", "subnet.main.pools").out()).contains("Microsoft.Storage");
        assertThat(dir.run("state", "show", "batchAccount.main").out()).contains("identity.type = \"SystemAssigned\"",
                "allowedAuthenticationModes = [\"AAD\", \"TaskAuthenticationToken\"]");
    }

    @Test
    void theAlternativesRoundTripToo() throws IOException {
        // Autoscale, a gallery image, a named start-task user, a SAS container URL, a secret environment value, and
        // every mount kind (a CIFS share's userName was not mapped: the SDK refused the pool at apply).
        dir = workdir(ALTERNATIVES);
        Files.writeString(tmp.resolve("tool-1.0.zip"), "PK");
        CliRun apply = run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        CliRun plan = run("plan", "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).contains("No changes.");
        String shown = dir.run("state", "show", "pool.alt").out();
        assertThat(shown).contains("userName = \"smbuser\"", "azureFileUrl", "identityReference", "blobfuseOptions",
                "sig=scrypt:", "se=redacted", "userIdentity.userName = \"worker\"", "evaluationInterval")
                .doesNotContain("c2lnbmF0dXJl", "share-key-1");
        assertThat(dir.run("state", "show", "pool.win").out()).contains("windowsConfiguration.enableAutomaticUpdates "
                + "= false", "inboundNatPools", "customerManagedKey", "protectedSettings = {token = (sensitive)}")
                .doesNotContain("share-key-1");
        assertThat(dir.run("state", "show", "batchAccount.main").out()).contains("networkProfile.accountAccess",
                "encryption.keySource = \"Microsoft.KeyVault\"", "autoStorage.nodeIdentityReference.resourceId = "
                + "\"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-alt/providers/"
                + "Microsoft.ManagedIdentity/userAssignedIdentities/mounter\"");
        // The identity the pools name by key: made in Azure, with the clientId Azure gives it, and its ARM id in the
        // pool's identity.
        assertThat(dir.run("state", "show", "userAssignedIdentity.mounter").out()).contains("clientId = ",
                "principalId = ", "tags.purpose = \"mounts\"");
        assertThat(dir.run("state", "show", "pool.alt").out()).contains("identity.userAssignedIdentities = [\"/subscriptions/"
                + "00000000-0000-0000-0000-000000000000/resourceGroups/rg-alt/providers/Microsoft.ManagedIdentity/"
                + "userAssignedIdentities/mounter\"]");
        assertThat(dir.run("state", "show", "storageAccount.data").out()).contains("accessTier = \"Cool\"",
                "sku = \"Standard_GRS\"");
        assertThat(dir.run("state", "show", "application.tool").out()).contains("allowUpdates = false");
        // The properties of 2025-06-01 added last: they reached the emulator, which checks them as the service does,
        // and came back.
        assertThat(dir.run("state", "show", "pool.win").out()).contains("windowsUserConfiguration = {loginMode = \"Batch\"}");
        assertThat(dir.run("state", "show", "pool.conf").out()).contains("sharedGalleryImageId",
                "securityEncryptionType = \"DiskWithVMGuestState\"", "diskEncryptionSet", "proxyAgentSettings",
                "inVMAccessControlProfileReferenceId", "ipFamilies", "FirstPartyUsage", "containerSettings.registry");
        assertThat(dir.run("state", "show", "pool.community").out()).contains("communityGalleryImageId");
    }

    @Test
    void secretsAreNeitherPrintedNorWrittenAnywhere() throws IOException {
        applied();
        dir.edit("MODE: render", "MODE: preview");
        Path saved = tmp.resolve("change.plan");
        CliRun plan = run("plan", "--out", saved.toString());
        CliRun json = run("plan", "--json");
        assertThat(plan.exitCode()).isZero();
        List<String> everything = new ArrayList<>(List.of(plan.out(), plan.err(), json.out(),
                dir.run("state", "show", "pool.full").out(), dir.run("state", "show", "pool.full", "--json").out(),
                dir.run("show", saved.toString()).out(), dir.run("show", saved.toString(), "--json").out(),
                dir.run("show", "--json").out(), dir.run("show").out()));
        assertThat(json.out()).contains("\"registryPassword\" : {\n      \"sensitive\" : true");
        try (Stream<Path> files = Files.walk(tmp)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".yaml")).toList()) {
                everything.add(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(everything).hasSizeGreaterThan(11); // state, its backup, the emulator's data and the saved plan
        for (String text : everything) {
            assertThat(text).doesNotContain(SECRETS);
        }
    }

    @Test
    void anImportedPoolIsNotReplacedForSecretsNoOneCanSee() throws IOException {
        applied();
        String id = dir.run("state", "show", "pool.full").out().lines().filter(l -> l.startsWith("id = "))
                .findFirst().orElseThrow().replaceAll("id = \"(.*)\"", "$1");
        assertThat(dir.run("state", "rm", "pool.full").exitCode()).isZero();
        CliRun imported = run("import", "pool.full", id);
        assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();
        // Azure shows neither the passwords nor the deallocation option: the option and the start task container's
        // registry password, both harmless as the start task changes in place, are sent again.
        CliRun plan = run("plan");
        assertThat(plan.out().replaceAll(" +", " ")).contains("# pool.full will be updated in place",
                "+ fixedScale.nodeDeallocationOption = \"TaskCompletion\"",
                "+ startTask.containerSettings.registry.password = (sensitive)",
                "Plan: 0 to add, 1 to change, 0 to destroy.")
                .doesNotContain("userAccounts", "must be replaced");
        assertThat(run("apply", "--auto-approve").exitCode()).isZero();
        assertThat(run("plan", "--detailed-exitcode").exitCode()).isZero();
        // From now on the spec's passwords are recorded (hashed), so a new one is noticed.
        workerPassword = "worker-secret-2";
        assertThat(run("plan").out()).contains("~ userAccounts", "must be replaced");
    }

    @Test
    void aStartTaskChangeStaysInPlaceAndAChangedSecretIsNoticed() throws IOException {
        applied();
        dir.edit("https://example.org/setup.sh", "https://example.org/setup-v2.sh");
        CliRun plan = run("plan");
        assertThat(plan.out()).contains("# pool.full will be updated in place", "~ startTask.resourceFiles",
                "Plan: 0 to add, 1 to change, 0 to destroy.");
        assertThat(run("apply", "--auto-approve").exitCode()).isZero();
        assertThat(run("plan", "--detailed-exitcode").exitCode()).isZero();

        // A new password for the worker account: user accounts change only on an empty pool, here by draining it.
        dir.edit("  full:\n", "  full:\n    updateStrategy: drain\n");
        workerPassword = "worker-secret-2";
        CliRun changed = run("plan");
        assertThat(changed.out()).contains("~ userAccounts", "password = (sensitive)", "will be drained")
                .doesNotContain("worker-secret");
        CliRun apply = run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(run("plan", "--detailed-exitcode").exitCode()).isZero();
    }
}
