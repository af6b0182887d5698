package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.emulator.ArmEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a standby region must offer and allow before it can take the work, against the emulator through the real SDK:
 * the subscription's Compute vCPUs for UserSubscription accounts' pools, the VM sizes Batch offers in each region,
 * and a recent successful drill ({@code failover.maxDrillAge}).
 */
class StandbyRegionChecksEndToEndTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "failover", "batchform.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A UserSubscription account (where Spot lives) with a pool of 2 dedicated and 3 Spot Standard_D2s_v3 nodes. */
    private static final String SPOT_ACCOUNT = "  spot:\n"
            + "    name: bfdrspot\n"
            + "    poolAllocationMode: UserSubscription\n"
            + "    keyVaultReference:\n"
            + "      id: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-kv/providers/"
            + "Microsoft.KeyVault/vaults/bfdrkv\n"
            + "      url: https://bfdrkv.vault.azure.net/\n";
    private static final String SPOT_POOL = "  sim:\n"
            + "    account: spot\n"
            + "    vmSize: Standard_D2s_v3\n"
            + "    image: {publisher: canonical, offer: 0001-com-ubuntu-server-jammy, sku: 22_04-lts}\n"
            + "    nodeAgentSkuId: batch.node.ubuntu 22.04\n"
            + "    fixedScale: {targetDedicatedNodes: 2, targetLowPriorityNodes: 3}\n";

    @TempDir
    Path tmp;

    private ArmEmulator emulator;
    /** The emulator each test starts, checked against Microsoft's published API and closed after the test. */
    @RegisterExtension
    final CheckedEmulators emulators = new CheckedEmulators();

    private Workdir against(ArmEmulator.Builder builder, String spec) throws Exception {
        emulator = emulators.start(builder.inMemory());
        Files.copy(EXAMPLE.resolveSibling("tools-1.0.zip"), tmp.resolve("tools-1.0.zip"));
        return new Workdir(tmp).write(spec).against(emulator);
    }

    private static String withSpotPool() {
        return Workdir.read(EXAMPLE).replace("\napplications:", SPOT_ACCOUNT + "\napplications:")
                .replace("\npools:\n", "\npools:\n" + SPOT_POOL);
    }

    private static int lineOf(String text, String part) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line with " + part);
    }

    @Test
    void userSubscriptionPoolsAreCountedAgainstTheSubscriptionsComputeVcpusInEachRegion() throws Exception {
        // northeurope allows 4 Spot vCPUs; once active its copy of pool.sim wants 3 x 2. westeurope has 30 vCPUs in
        // use by VMs outside batchform. Resizes end at once: a pool still resizing when quota reads it shows no nodes
        // in its refresh but may have them by the time the region's usages are read, and the two would disagree.
        Workdir dir = against(ArmEmulator.builder().resizeDuration(Duration.ZERO)
                .computeQuota("westeurope", new ArmEmulator.ComputeQuota(100, 100, 100, 30))
                .computeQuota("northeurope", new ArmEmulator.ComputeQuota(100, 4, 100, 0)), withSpotPool());
        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.err()).as("the standby sizing is checked at every plan").contains("warning: once northeurope "
                + "is active, the pools of batchAccount.spot-northeurope (UserSubscription: they draw on the "
                + "subscription's vCPUs) need 6 Spot vCPUs in northeurope, and the subscription has 4 free there "
                + "(limit 4, 0 in use elsewhere): raise it by 2 (quota request: Compute, region northeurope, "
                + "lowPriorityCores, new limit 6)");

        CliRun quota = dir.run("quota");
        assertThat(quota.exitCode()).as(quota.out() + quota.err()).isZero();
        assertThat(quota.out()).as("an account that exists is not 'not created yet'")
                .contains("batchAccount.spot  bfdrspot  westeurope\n",
                        "    Spot vCPUs                      6        4          0        -2  short by 2",
                        "Subscription vCPUs in westeurope (UserSubscription: batchAccount.spot)",
                        "If northeurope became active")
                .doesNotContain("bfdrspot  westeurope  (not created yet)");
        JsonNode report = JSON.readTree(dir.run("quota", "--json").out());
        JsonNode vcpus = stream(report.path("subscription")).filter(r -> r.path("region").asText().equals("westeurope")
                && r.path("usage").asText().equals("cores")).findFirst().orElseThrow();
        assertThat(vcpus.path("needed").asLong()).isEqualTo(4);
        assertThat(vcpus.path("limit").asLong()).isEqualTo(100);
        assertThat(vcpus.path("usedElsewhere").asLong()).as("the pool's own 2 nodes are not 'elsewhere'").isEqualTo(30);
        assertThat(vcpus.path("headroom").asLong()).isEqualTo(66);
        JsonNode spotOnceActive = stream(report.path("ifActive").path("northeurope").path("subscription"))
                .filter(r -> r.path("usage").asText().equals("lowPriorityCores")).findFirst().orElseThrow();
        assertThat(spotOnceActive.path("short").asBoolean()).isTrue();
        assertThat(spotOnceActive.path("raiseBy").asLong()).isEqualTo(2);
        assertThat(spotOnceActive.path("newLimit").asLong()).isEqualTo(6);
        assertThat(stream(report.path("accounts")).filter(a -> a.path("address").asText().equals("batchAccount.spot"))
                .map(a -> a.path("quota").asText()).toList()).as("no Batch core quota rows for a UserSubscription "
                + "account").containsExactly("pools");

        CliRun check = dir.run("failover", "check");
        assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(1);
        assertThat(check.out()).contains("northeurope: NOT READY", "FAIL  quota once active", "ok    VM sizes offered",
                "need 6 Spot vCPUs in northeurope, and the subscription has 4 free there");
        CliRun switchover = dir.run("failover", "plan", "--to", "northeurope");
        assertThat(switchover.exitCode()).isEqualTo(1);
        assertThat(switchover.err()).contains("northeurope cannot take the load: its quotas are short");
    }

    @Test
    void aVmSizeBatchDoesNotOfferInTheStandbyRegionFailsTheCheckAndTheSwitchoverAndIsAWarningAtPlan() throws Exception {
        String override = "          subnets:\n            pools: 10.41.1.0/24\n      pools:\n        batch: {vmSize: Standard_D2s_v3}";
        Workdir dir = against(ArmEmulator.builder().vmSizes("northeurope", List.of("Standard_D2s_v3", "Standard_E4s_v3")),
                Workdir.read(EXAMPLE).replace("          subnets:\n            pools: 10.41.1.0/24", override));
        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        CliRun ready = dir.run("failover", "check");
        assertThat(ready.exitCode()).as(ready.out()).isZero();
        assertThat(ready.out()).contains("ok    VM sizes offered");

        dir.edit("\n      pools:\n        batch: {vmSize: Standard_D2s_v3}", "");
        int line = lineOf(dir.specText(), "vmSize: Standard_D4s_v3");
        CliRun plan = dir.run("plan");
        assertThat(plan.exitCode()).as("a warning, the plan goes on").isZero();
        assertThat(plan.err()).containsOnlyOnce("warning[VmSizeNotOffered]").contains(dir.spec + ":" + line + ":13: "
                + "warning[VmSizeNotOffered]: pool.batch-northeurope: Batch does not offer Standard_D4s_v3 in northeurope "
                + "(it is not among the region's supported VM sizes), so the pool cannot get nodes there: give the pool "
                + "a size offered there under failover.regions.northeurope.pools.batch.vmSize");
        assertThat(plan.out()).contains("VM sizes Batch does not offer in their region:",
                "pool.batch-northeurope  Standard_D4s_v3 in northeurope");

        CliRun check = dir.run("failover", "check", "--junit", tmp.resolve("ready.xml").toString());
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.out()).contains("FAIL  VM sizes offered", "error[VmSizeNotOffered]: pool.batch-northeurope");
        assertThat(Files.readString(tmp.resolve("ready.xml"))).contains("name=\"VM sizes offered\"",
                "<testsuite name=\"northeurope\" tests=\"5\"");
        CliRun switchover = dir.run("failover", "apply", "--to", "northeurope", "--auto-approve");
        assertThat(switchover.exitCode()).isEqualTo(1);
        assertThat(switchover.err()).contains("error: Batch does not offer the VM size of pool.batch-northeurope in "
                + "northeurope (above); give it a size offered there before switching. Nothing was changed.");
        assertThat(switchover.out()).doesNotContain("Modifying...");
    }

    @Test
    void aFailoverCheckWithMaxDrillAgeFailsUntilADrillSucceedsAndAgainWhenItIsTooOld() throws Exception {
        Workdir dir = against(ArmEmulator.builder().resizeDuration(Duration.ofSeconds(1)),
                Workdir.read(EXAMPLE).replace("  warmNodes: 1\n", "  warmNodes: 1\n  maxDrillAge: P30D\n"));
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        int line = lineOf(dir.specText(), "maxDrillAge: P30D");

        CliRun none = dir.run("failover", "check");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.out()).contains("FAIL  last drill", dir.spec + ":" + line + ":16: error[DrillMissing]: no "
                + "successful drill to northeurope is recorded in the state, and failover.maxDrillAge asks for one in "
                + "the last 30d: rehearse the switchover: batchform failover apply --to northeurope --drill");

        CliRun drill = dir.run("failover", "apply", "--to", "northeurope", "--drill", "--auto-approve");
        assertThat(drill.exitCode()).as(drill.out() + drill.err()).isZero();
        assertThat(drill.out()).contains("Recorded in the state as the last successful drill to northeurope");
        Path file = dir.state.resolve("state.json");
        JsonNode recorded = JSON.readTree(file.toFile()).path("drills").get(0);
        assertThat(recorded.path("region").asText()).isEqualTo("northeurope");
        assertThat(recorded.path("from").asText()).isEqualTo("westeurope");
        assertThat(recorded.path("nodes").asLong()).as("pool.render's 4 and pool.batch's 1").isEqualTo(5);
        assertThat(Duration.parse(recorded.path("toCapacity").asText())).isPositive();
        assertThat(Instant.parse(recorded.path("at").asText())).isAfter(Instant.now().minusSeconds(300));
        CliRun fresh = dir.run("failover", "check");
        assertThat(fresh.exitCode()).as(fresh.out()).isZero();
        assertThat(fresh.out()).contains("ok    last drill");

        // Forty days later: the same state with the drill's time moved back.
        ObjectNode state = (ObjectNode) JSON.readTree(file.toFile());
        ((ObjectNode) state.path("drills").get(0)).put("at", "2026-01-01T10:00:00Z");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state));
        CliRun old = dir.run("failover", "check", "--json");
        assertThat(old.exitCode()).isEqualTo(1);
        JsonNode finding = stream(JSON.readTree(old.out()).path("regions").get(0).path("findings"))
                .filter(f -> f.path("check").asText().equals("last drill")).findFirst().orElseThrow();
        assertThat(finding.path("code").asText()).isEqualTo("DrillTooOld");
        assertThat(finding.path("summary").asText()).startsWith("the last successful drill to northeurope was on "
                + "2026-01-01 (2026-01-01T10:00:00Z, from westeurope: capacity in ").containsPattern("\\d+ days ago, older than failover\\.maxDrillAge \\(30d\\): rehearse the switchover");
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }
}
