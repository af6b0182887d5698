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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The state is the record of what batchform owns, against the emulator through the real SDK. */
class IdentityEndToEndTest {
    private static final String ACCOUNT = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/"
            + "rg-batchform-dev/providers/Microsoft.Batch/batchAccounts/bfquickstartdev";
    private static final Address RENDER = Address.of(ResourceType.POOL, "render");

    @TempDir
    Path tmp;

    private ArmEmulator emulator;
    /** The emulator each test starts, checked against Microsoft's published API and closed after the test. */
    @RegisterExtension
    final CheckedEmulators emulators = new CheckedEmulators();

    private Workdir started() {
        emulator = emulators.start(ArmEmulator.builder().inMemory());
        return Workdir.quickstart(tmp).against(emulator);
    }

    private Provider portal() {
        return new AzureProvider(AzureConnection.forEmulator(emulator.endpoint(), emulator.sslContext(),
                AzureConnection.EMULATOR_SUBSCRIPTION, Duration.ofMillis(20), AzureConnection.RetrySettings.DEFAULT),
                "portal");
    }

    /** The pool with that Azure name as the emulator has it, or null. */
    private static Attributes pool(Provider portal, String name) {
        return portal.refresh(new Provider.RefreshRequest(List.of(new Provider.ResourceRef(RENDER,
                ACCOUNT + "/pools/" + name)))).live().get(RENDER);
    }

    @Test
    void aRenamedPoolIsMadeBeforeTheOldOneGoesAndCapacityNeverDropsToZero() throws Exception {
        Workdir dir = started();
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        Provider portal = portal();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!(pool(portal, "render").get("currentDedicatedNodes") instanceof Number first && first.longValue() > 0)) {
            assertThat(System.nanoTime()).as("the first pool gets its nodes").isLessThan(deadline);
            Thread.sleep(50);
        }
        dir.edit("  render:\n    account: main", "  render:\n    name: render2\n    account: main");

        CliRun plan = dir.run("plan");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("# pool.render must be replaced (created before the old one is destroyed)",
                "the new pool render2 is created first; then the old pool render is deleted with its",
                "+/- pool.render", "# forces replacement", "Plan: 1 to add, 0 to change, 1 to destroy.");

        List<Long> capacity = new CopyOnWriteArrayList<>();
        AtomicBoolean applying = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (applying.get()) {
                long nodes = 0;
                for (String name : List.of("render", "render2")) {
                    Attributes live = pool(portal, name);
                    Object count = live == null ? null : live.get("currentDedicatedNodes");
                    nodes += count instanceof Number n ? n.longValue() : 0;
                }
                capacity.add(nodes);
            }
        });
        watcher.start();
        CliRun apply = dir.run("apply", "--auto-approve");
        applying.set(false);
        watcher.join();
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(capacity).as("dedicated nodes of render and render2, read during the apply").isNotEmpty()
                .allMatch(n -> n > 0);
        assertThat(pool(portal, "render")).as("the old pool is gone, not orphaned").isNull();
        assertThat(pool(portal, "render2")).isNotNull();
        assertThat(dir.run("state", "show", "pool.render").out()).contains(ACCOUNT + "/pools/render2");
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).as("a second plan is empty").isZero();
    }

    @Test
    void aLiveResourceTheStateDoesNotRecordIsRefusedUntilImported() {
        Workdir dir = started();
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        assertThat(dir.run("state", "rm", "pool.render").exitCode()).isZero();

        CliRun refused = dir.run("plan", "--detailed-exitcode");
        assertThat(refused.exitCode()).isEqualTo(1);
        String id = ACCOUNT + "/pools/render";
        assertThat(refused.out() + refused.err()).contains(id + " already exists, and the state does not record it: "
                + "batchform import pool.render " + id).doesNotContain("will be created");

        CliRun imported = dir.run("import", "pool.render", id);
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
    }

    /**
     * A key renamed without {@code moved:} while the Azure name stays: the new address wants the id the state records
     * under the old one. The plan says so and how to move it (it used to say the state does not record it and to
     * import it), and import refuses a second address for the id (it used to record it, and the next plan deleted
     * the pool under the old address while keeping it under the new one).
     */
    @Test
    void aKeyRenamedWithoutMovedIsNeverImportedUnderASecondAddress() throws Exception {
        Workdir dir = started();
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        dir.edit("  render:\n    account: main", "  main:\n    name: render\n    account: main");
        String id = ACCOUNT + "/pools/render";

        CliRun plan = dir.run("plan", "--detailed-exitcode");
        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(plan.out() + plan.err()).contains("pool.main: AlreadyExists: " + id + " already exists, and the "
                + "state records it as pool.render: if pool.main is pool.render renamed, say so with moved: {from: "
                + "pool.render, to: pool.main} (or batchform state mv pool.render pool.main); otherwise give pool.main "
                + "another name").doesNotContain("batchform import");

        String before = Workdir.read(dir.state.resolve("state.json"));
        CliRun imported = dir.run("import", "pool.main", id);
        assertThat(imported.exitCode()).isEqualTo(1);
        assertThat(imported.out() + imported.err()).contains(id + " is already in the state as pool.render; to manage "
                + "it as pool.main, move it: batchform state mv pool.render pool.main (or moved: {from: pool.render, "
                + "to: pool.main} in the spec)");
        assertThat(Workdir.read(dir.state.resolve("state.json"))).as("nothing recorded").isEqualTo(before);

        assertThat(dir.run("state", "mv", "pool.render", "pool.main").exitCode()).isZero();
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
        assertThat(pool(portal(), "render")).isNotNull();
    }

    /** A state that records one id at two addresses (made by hand, or by an import before it refused) is refused. */
    @Test
    void aStateRecordingOneIdAtTwoAddressesIsRefusedAndNothingIsDeleted() throws Exception {
        Workdir dir = started();
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode state = (com.fasterxml.jackson.databind.node.ObjectNode)
                json.readTree(dir.state.resolve("state.json").toFile());
        com.fasterxml.jackson.databind.node.ArrayNode resources = (com.fasterxml.jackson.databind.node.ArrayNode)
                state.get("resources");
        com.fasterxml.jackson.databind.node.ObjectNode copy = null;
        for (com.fasterxml.jackson.databind.JsonNode resource : resources) {
            if (resource.path("address").asText().equals("pool.render")) {
                copy = resource.deepCopy();
            }
        }
        assertThat(copy).as("pool.render in " + state).isNotNull();
        copy.put("address", "pool.main");
        resources.add(copy);
        java.nio.file.Files.writeString(dir.state.resolve("state.json"), state.toPrettyString());
        dir.edit("  render:\n    account: main", "  main:\n    name: render\n    account: main");

        CliRun plan = dir.run("plan", "--detailed-exitcode");
        assertThat(plan.exitCode()).isEqualTo(1);
        String id = ACCOUNT + "/pools/render";
        assertThat(plan.out() + plan.err()).contains("pool.main: StateMismatch: the state records " + id + " at "
                + "pool.main and pool.render: one resource cannot have two addresses",
                "pool.render: StateMismatch: the state records " + id).doesNotContain("will be destroyed");
        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(pool(portal(), "render")).as("the pool is untouched").isNotNull();

        assertThat(dir.run("state", "rm", "pool.render").exitCode()).isZero();
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
    }

    /**
     * A subnet's key renamed renames the subnet: the new one would be created beside the old one, whose range it
     * overlaps, and Azure refuses that; the plan refuses first (it used to plan it, and the apply deleted the old
     * subnet with the pools still in it, then failed to create the new one). With name: and moved: nothing changes.
     */
    @Test
    void aSubnetRenamedOntoTheRangeItHoldsIsRefusedAtPlanAndMovedWithItsName() {
        Workdir dir = started();
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        String original = dir.specText();
        dir.write(original.replace("      pools:\n", "      workers:\n").replace("subnet: main.pools",
                "subnet: main.workers"));

        CliRun plan = dir.run("plan");
        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(plan.out() + plan.err()).contains("subnet.main.workers: SubnetOverlap: its range 10.20.1.0/24 "
                + "overlaps 10.20.1.0/24 of subnet.main.pools in the same network, which still exists when this apply "
                + "creates it, and Azure refuses overlapping subnets (NetcfgSubnetRangesOverlap): if "
                + "subnet.main.workers is subnet.main.pools renamed, keep its Azure name (name: pools) and say so with "
                + "moved: {from: subnet.main.pools, to: subnet.main.workers}");
        String before = Workdir.read(dir.state.resolve("state.json"));
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isEqualTo(1);
        assertThat(Workdir.read(dir.state.resolve("state.json"))).as("nothing was done").isEqualTo(before);

        dir.write(original.replace("      pools:\n", "      workers:\n        name: pools\n")
                .replace("subnet: main.pools", "subnet: main.workers")
                + "\nmoved:\n  - {from: subnet.main.pools, to: subnet.main.workers}\n");
        CliRun moved = dir.run("plan", "--detailed-exitcode");
        assertThat(moved.exitCode()).as(moved.out() + moved.err()).isEqualTo(2);
        assertThat(moved.out()).contains("# subnet.main.pools has moved to subnet.main.workers",
                "Plan: 0 to add, 0 to change, 0 to destroy.");
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
    }

    /**
     * A subnet renamed to a free range: its pools are replaced into the new one, and the old subnet is deleted only
     * after them (the state's dependencies order the delete; the emulator, as Azure, refuses to delete a subnet
     * that a pool is in).
     */
    @Test
    void aSubnetRenamedToAFreeRangeGoesAfterThePoolsMovedOutOfIt() {
        Workdir dir = started();
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        dir.write(dir.specText().replace("      pools:\n        addressPrefix: 10.20.1.0/24",
                "      workers:\n        addressPrefix: 10.20.2.0/24").replace("subnet: main.pools",
                "subnet: main.workers"));
        CliRun plan = dir.run("plan");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).contains("- subnet.main.pools", "+ subnet.main.workers", "-/+ pool.render",
                "-/+ pool.batch", "Plan: 3 to add, 0 to change, 3 to destroy.");
        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        List<String> lines = apply.out().lines().toList();
        java.util.function.ToIntFunction<String> at = start -> {
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith(start)) {
                    return i;
                }
            }
            throw new AssertionError("no line starts with '" + start + "' in:\n" + apply.out());
        };
        assertThat(at.applyAsInt("subnet.main.pools: Destroying..."))
                .isGreaterThan(at.applyAsInt("pool.render: Replacement complete"))
                .isGreaterThan(at.applyAsInt("pool.batch: Replacement complete"));
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
    }

    /**
     * Azure deletes a resource group with everything in it. A plan that deletes or replaces the group while it holds
     * a resource batchform does not manage (made in the portal) refuses, naming it; it used to plan the replacement,
     * and the apply would have deleted the other resource without a word.
     */
    @Test
    void aResourceGroupHoldingWhatBatchformDoesNotManageIsNeitherReplacedNorDestroyed() {
        Workdir dir = started();
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        String group = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-batchform-dev";
        String foreign = group + "/providers/Microsoft.Storage/storageAccounts/bfotherteam";
        Provider portal = portal();
        assertThat(portal.create(new Provider.CreateRequest(Address.of(ResourceType.STORAGE_ACCOUNT, "other"), foreign,
                Attributes.of(java.util.Map.of("name", "bfotherteam", "location", "westeurope", "sku",
                        "Standard_LRS")))).diagnostics()).isEmpty();
        assertThat(portal.resourcesIn(group)).hasValueSatisfying(ids -> assertThat(ids).contains(foreign));

        dir.edit("location: westeurope", "location: northeurope");
        CliRun moved = dir.run("plan");
        assertThat(moved.exitCode()).isEqualTo(1);
        assertThat(moved.out() + moved.err()).contains("resourceGroup.main: NotEmpty: this plan replaces the resource "
                + "group rg-batchform-dev, and Azure deletes a group with everything in it, including 1 resource that "
                + "batchform does not manage: " + foreign + "; move it out or delete it first, or declare and import "
                + "it to manage it here");

        CliRun destroy = dir.run("destroy", "--auto-approve");
        assertThat(destroy.exitCode()).isEqualTo(1);
        assertThat(destroy.out() + destroy.err()).contains("resourceGroup.main: NotEmpty: this plan deletes the "
                + "resource group rg-batchform-dev");
        assertThat(pool(portal, "render")).as("nothing was deleted").isNotNull();

        assertThat(portal.delete(new Provider.DeleteRequest(Address.of(ResourceType.STORAGE_ACCOUNT, "other"),
                foreign, Attributes.EMPTY)).diagnostics()).isEmpty();
        CliRun emptied = dir.run("destroy", "--auto-approve");
        assertThat(emptied.exitCode()).as(emptied.out() + emptied.err()).isZero();
    }

    /** A moved: onto an address the state records is refused; it was skipped, and the old pool destroyed. */
    @Test
    void aMoveOntoAnotherRecordedResourceIsRefusedAndNothingIsDestroyed() {
        Workdir dir = started();
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        String text = dir.specText();
        int render = text.indexOf("  render:\n");
        dir.write(text.substring(0, render) + text.substring(text.indexOf("  batch:\n"))
                + "\nmoved:\n  - {from: pool.render, to: pool.batch}\n");
        CliRun plan = dir.run("plan");
        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(plan.out() + plan.err()).contains("pool.render: MoveConflict: moved: {from: pool.render, to: "
                + "pool.batch} cannot be made: the state records both");
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isEqualTo(1);
        assertThat(pool(portal(), "render")).as("not destroyed").isNotNull();
    }

    @Test
    void replaceOnTheCommandLineReplacesAPoolThatNothingElseWouldChange() {
        Workdir dir = started();
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        CliRun plan = dir.run("plan", "-replace=pool.render");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("# pool.render will be replaced, as requested (--replace)",
                "Plan: 1 to add, 0 to change, 1 to destroy.");
        assertThat(dir.run("apply", "--auto-approve", "--replace", "pool.render").exitCode()).isZero();
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
    }

    @Test
    void resourcesThatCannotBeReadAreUnknownNeverCreated() {
        Workdir dir = started();
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        String recorded = dir.run("state", "list").out();
        emulator.faults(io.batchform.emulator.FaultConfig.NONE.withDownRegions(java.util.Set.of("westeurope")));
        CliRun plan = dir.run("plan", "--detailed-exitcode");
        assertThat(plan.exitCode()).isEqualTo(3); // a partial plan
        assertThat(plan.out() + plan.err()).contains("pool.render: Unknown: could not be read")
                .doesNotContain("will be created").doesNotContain("will be destroyed");
        emulator.faults(io.batchform.emulator.FaultConfig.NONE);
        assertThat(dir.run("state", "list").out()).isEqualTo(recorded);
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
    }

    @Test
    void anotherEnvironmentInTheSameDirectoryReplacesWhatTheStateRecordsAndLosesNothing() {
        Workdir dir = started();
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        CliRun prod = dir.run("plan", "--var", "env=prod");
        assertThat(prod.exitCode()).as(prod.err()).isZero();
        assertThat(prod.out()).contains("-/+ resourceGroup.main", "# forces replacement")
                .contains("pool.render must be replaced (it lives in resourceGroup.main, which is replaced)")
                .doesNotContain("will be created");
        assertThat(dir.run("apply", "--auto-approve", "--var", "env=prod").exitCode()).isZero();
        assertThat(dir.run("plan", "--detailed-exitcode", "--var", "env=prod").exitCode()).isZero();
        assertThat(pool(portal(), "render")).as("the dev pool is gone with its group, not orphaned").isNull();
        CliRun back = dir.run("plan", "--var", "env=dev");
        assertThat(back.out()).doesNotContain("changed outside of batchform").contains("-/+ resourceGroup.main");
    }
}
