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
