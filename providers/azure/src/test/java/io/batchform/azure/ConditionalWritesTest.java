package io.batchform.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.emulator.ArmEmulator;
import io.batchform.emulator.Exchange;
import io.batchform.emulator.contract.ContractRecorder;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.source.Diagnostic;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each write a plan decides, through the real SDK pipeline against the emulator, carries the condition Microsoft's
 * document lists for it (the ETag the plan read in {@code If-Match}, {@code If-None-Match: *} on a pool's create), and
 * the service's 412 (or, for a pool's delete, which takes no condition, a changed ETag) becomes the resource's
 * {@code ChangedSincePlan} diagnostic naming both ETags, with nothing written. Someone else's change is made by a
 * second provider ("the portal") that reads the resource first, as a person in the portal would.
 */
class ConditionalWritesTest {
    private static final String SUB = "/subscriptions/" + AzureConnection.EMULATOR_SUBSCRIPTION;
    private static final String RG_ID = SUB + "/resourceGroups/rg-match";
    private static final String ACCOUNT_ID = RG_ID + "/providers/Microsoft.Batch/batchAccounts/batchmatch";
    private static final String POOL_ID = ACCOUNT_ID + "/pools/render";
    private static final String NIGHTLY_ID = ACCOUNT_ID + "/jobSchedules/nightly";
    private static final Address POOL = Address.of(ResourceType.POOL, "render");
    private static final Address NIGHTLY = Address.of(ResourceType.JOB_SCHEDULE, "nightly");

    private final ContractRecorder contract = ContractRecorder.requestsAndResponses();
    /** Every exchange, in order, to see the conditions the provider sent. */
    private final List<Exchange> exchanges = new ArrayList<>();
    /** Run once when the emulator next answers a list of job schedules (a change made in the middle of a write). */
    private final AtomicReference<Runnable> onList = new AtomicReference<>();
    /** Run once when the emulator next answers a GET of the pool itself (a drain's wait for its nodes to go). */
    private final AtomicReference<Runnable> onPoolRead = new AtomicReference<>();
    private ArmEmulator emulator;
    private AzureProvider provider;
    private AzureProvider portal;

    @BeforeEach
    void start() {
        emulator = ArmEmulator.builder().inMemory().resizeDuration(Duration.ZERO).jobRunTime(Duration.ofMinutes(30))
                .jobScheduleDeleteDuration(Duration.ofMillis(50)).observer(contract.andThen(this::seen)).build().start();
        provider = EmulatorConnections.provider(emulator, Duration.ofMillis(5), 2);
        portal = EmulatorConnections.provider(emulator, Duration.ofMillis(5), 2);
        created(Address.of(ResourceType.RESOURCE_GROUP, "main"), RG_ID, Map.of("location", "westeurope"));
        created(Address.of(ResourceType.BATCH_ACCOUNT, "main"), ACCOUNT_ID, Map.of("location", "westeurope"));
    }

    private void seen(Exchange exchange) {
        synchronized (exchanges) {
            exchanges.add(exchange);
        }
        if (exchange.method().equals("GET") && exchange.path().toLowerCase().endsWith("/pools/render")) {
            Runnable hook = onPoolRead.getAndSet(null);
            if (hook != null) {
                hook.run();
            }
        }
        if (exchange.method().equals("GET") && exchange.path().toLowerCase().endsWith("/jobschedules")) {
            Runnable hook = onList.getAndSet(null);
            if (hook != null) {
                hook.run();
            }
        }
    }

    @AfterEach
    void stop() {
        emulator.close();
        contract.assertConforms();
    }

    private Attributes created(Address address, String id, Map<String, Object> desired) {
        return EmulatorConnections.created(provider, address, id, desired);
    }

    private static Map<String, Object> pool(long nodes) {
        return Map.of("vmSize", "Standard_D2s_v3",
                "image", Map.of("publisher", "canonical", "offer", "0001-com-ubuntu-server-jammy", "sku", "22_04-lts"),
                "nodeAgentSkuId", "batch.node.ubuntu 22.04", "fixedScale", Map.of("targetDedicatedNodes", nodes),
                "metadata", Map.of("team", "vfx"));
    }

    private Attributes read(AzureProvider reader, Address address, String id) {
        Provider.RefreshResponse refresh = reader.refresh(new Provider.RefreshRequest(List.of(
                new Provider.ResourceRef(address, id))));
        assertThat(refresh.diagnostics()).isEmpty();
        return refresh.live().get(address);
    }

    /** The conditions of the requests with this method whose path ends as given, in order. */
    private List<Map<String, String>> sent(String method, String pathEnd) {
        synchronized (exchanges) {
            return exchanges.stream().filter(e -> e.method().equals(method)
                    && e.path().toLowerCase().endsWith(pathEnd.toLowerCase())).map(Exchange::conditions).toList();
        }
    }

    private void forget() {
        synchronized (exchanges) {
            exchanges.clear();
        }
    }

    /** The portal changes the pool's metadata, as someone would after the plan; its new ETag. */
    private String portalChangesThePool(String team) {
        Attributes live = read(portal, POOL, POOL_ID);
        Provider.ChangeResponse changed = portal.update(new Provider.UpdateRequest(POOL, POOL_ID, live,
                live.with("metadata.team", team), Set.of("metadata.team")));
        assertThat(changed.diagnostics()).isEmpty();
        return changed.state().orElseThrow().string("etag");
    }

    private static Diagnostic only(List<Diagnostic> diagnostics) {
        assertThat(diagnostics).hasSize(1);
        return diagnostics.get(0);
    }

    @Test
    void aPoolUpdateSendsThePlansEtagAndIsRefusedWhenThePoolChangedSince() {
        created(POOL, POOL_ID, pool(1));
        Attributes planned = read(provider, POOL, POOL_ID);
        String then = planned.string("etag");
        assertThat(then).isNotBlank();
        String now = portalChangesThePool("lighting");
        forget();

        Provider.ChangeResponse refused = provider.update(new Provider.UpdateRequest(POOL, POOL_ID, planned,
                planned.with("fixedScale.targetDedicatedNodes", 2L), Set.of("fixedScale.targetDedicatedNodes")));
        assertThat(refused.state()).isEmpty();
        Diagnostic diagnostic = only(refused.diagnostics());
        assertThat(diagnostic.code()).isEqualTo("ChangedSincePlan");
        assertThat(diagnostic.message()).isEqualTo("changed in Azure after the plan was made (metadata.team; ETag "
                + then + " then, " + now + " now): nothing was written to it; run plan again");
        assertThat(sent("PATCH", "/pools/render")).as("one conditional PATCH, not retried")
                .containsExactly(Map.of("If-Match", then));
        Attributes kept = read(provider, POOL, POOL_ID);
        assertThat(kept.get("metadata.team")).isEqualTo("lighting");
        assertThat(kept.get("fixedScale.targetDedicatedNodes")).isEqualTo(1L);

        forget();
        Provider.ChangeResponse done = provider.update(new Provider.UpdateRequest(POOL, POOL_ID, kept,
                kept.with("fixedScale.targetDedicatedNodes", 2L), Set.of("fixedScale.targetDedicatedNodes")));
        assertThat(done.diagnostics()).isEmpty();
        assertThat(sent("PATCH", "/pools/render")).containsExactly(Map.of("If-Match", now));
        assertThat(read(provider, POOL, POOL_ID).get("fixedScale.targetDedicatedNodes")).isEqualTo(2L);
    }

    @Test
    void aPoolCreateSendsIfNoneMatchAndDoesNotOverwriteAPoolMadeSinceThePlan() {
        created(POOL, POOL_ID, pool(1));
        assertThat(sent("PUT", "/pools/render")).containsExactly(Map.of("If-None-Match", "*"));
        String made = read(provider, POOL, POOL_ID).string("etag");

        Provider.ChangeResponse refused = provider.create(new Provider.CreateRequest(POOL, POOL_ID,
                Attributes.of(pool(3))));
        Diagnostic diagnostic = only(refused.diagnostics());
        assertThat(diagnostic.code()).isEqualTo("ChangedSincePlan");
        assertThat(diagnostic.message()).isEqualTo("made in Azure after the plan was made, which found "
                + "none (ETag " + made + " now): nothing was written to it; run plan again");
        assertThat(read(provider, POOL, POOL_ID).get("fixedScale.targetDedicatedNodes")).isEqualTo(1L);
    }

    @Test
    void aPoolDeleteComparesThePlansEtagFirstSinceItTakesNoCondition() {
        created(POOL, POOL_ID, pool(1));
        Attributes planned = read(provider, POOL, POOL_ID);
        String now = portalChangesThePool("lighting");
        forget();

        Provider.DeleteResponse refused = provider.delete(new Provider.DeleteRequest(POOL, POOL_ID, planned));
        assertThat(refused.succeeded()).isFalse();
        assertThat(only(refused.diagnostics()).message()).isEqualTo("changed in Azure after the plan was "
                + "made (metadata.team; ETag " + planned.string("etag") + " then, " + now + " now): nothing was "
                + "written to it; run plan again");
        assertThat(sent("DELETE", "/pools/render")).as("no delete was sent").isEmpty();
        assertThat(read(provider, POOL, POOL_ID)).isNotNull();

        Provider.DeleteResponse deleted = provider.delete(new Provider.DeleteRequest(POOL, POOL_ID,
                read(provider, POOL, POOL_ID)));
        assertThat(deleted.diagnostics()).isEmpty();
        assertThat(sent("DELETE", "/pools/render")).as("Pool_Delete documents no condition").containsExactly(Map.of());
        assertThat(read(provider, POOL, POOL_ID)).isNull();
    }

    @Test
    void aDrainIsRefusedBeforeItScalesThePoolDownWhenThePoolChangedSince() {
        created(POOL, POOL_ID, pool(2));
        Attributes planned = read(provider, POOL, POOL_ID);
        portalChangesThePool("lighting");
        forget();

        Provider.ChangeResponse refused = provider.drainAndUpdate(new Provider.UpdateRequest(POOL, POOL_ID, planned,
                planned.with("vmSize", "Standard_D4s_v3"), Set.of("vmSize")));
        assertThat(only(refused.diagnostics()).code()).isEqualTo("ChangedSincePlan");
        assertThat(only(refused.diagnostics()).message()).contains("nothing was written to it");
        assertThat(sent("PATCH", "/pools/render")).containsExactly(Map.of("If-Match", planned.string("etag")));
        Attributes kept = read(provider, POOL, POOL_ID);
        assertThat(kept.get("fixedScale.targetDedicatedNodes")).as("not scaled to zero").isEqualTo(2L);
        assertThat(kept.get("vmSize")).isEqualTo("Standard_D2s_v3");

        forget();
        Provider.ChangeResponse drained = provider.drainAndUpdate(new Provider.UpdateRequest(POOL, POOL_ID, kept,
                kept.with("vmSize", "Standard_D4s_v3"), Set.of("vmSize")));
        assertThat(drained.diagnostics()).isEmpty();
        List<Map<String, String>> patches = sent("PATCH", "/pools/render");
        assertThat(patches).as("to zero, the empty-pool change, the scale back: each conditional").hasSize(3)
                .allSatisfy(c -> assertThat(c).containsKey("If-Match"));
        assertThat(patches.get(0)).as("the drain's first PATCH: the plan's ETag")
                .isEqualTo(Map.of("If-Match", kept.string("etag")));
        assertThat(patches.get(1)).as("then the ETag of the apply's own PATCH").isNotEqualTo(patches.get(0));
        assertThat(read(provider, POOL, POOL_ID).get("vmSize")).isEqualTo("Standard_D4s_v3");
    }

    @Test
    void aChangeMadeDuringADrainRefusesItsNextPatchAndSaysThePoolIsLeftAtZero() {
        created(POOL, POOL_ID, pool(2));
        Attributes planned = read(provider, POOL, POOL_ID);
        AtomicReference<String> changedTo = new AtomicReference<>();
        onPoolRead.set(() -> changedTo.set(portalChangesThePool("lighting"))); // while the drain waits
        forget();

        Provider.ChangeResponse refused = provider.drainAndUpdate(new Provider.UpdateRequest(POOL, POOL_ID, planned,
                planned.with("vmSize", "Standard_D4s_v3"), Set.of("vmSize")));
        Diagnostic diagnostic = only(refused.diagnostics());
        assertThat(diagnostic.code()).isEqualTo("ChangedSincePlan");
        assertThat(diagnostic.message()).startsWith("changed in Azure after the plan was made (metadata.team; ETag ")
                .endsWith(changedTo.get() + " now): this apply had scaled it to zero nodes, and it is left so; run "
                        + "plan again");
        List<Map<String, String>> patches = sent("PATCH", "/pools/render");
        assertThat(patches).as("to zero, the portal's, the refused empty-pool change").hasSize(3);
        assertThat(patches.get(0)).isEqualTo(Map.of("If-Match", planned.string("etag")));
        Attributes kept = read(provider, POOL, POOL_ID);
        assertThat(kept.get("metadata.team")).isEqualTo("lighting");
        assertThat(kept.get("vmSize")).isEqualTo("Standard_D2s_v3");
        assertThat(kept.get("fixedScale.targetDedicatedNodes")).isEqualTo(0L);
    }

    // ---- job schedules (the Batch data plane) ----------------------------------------------------------------

    private static Map<String, Object> nightly(String team, List<String> ids) {
        String first = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        return Map.of("name", "nightly", "account", ACCOUNT_ID, "pool", POOL_ID, "metadata", Map.of("team", team),
                "jobManagerTask", Map.of("id", "manager", "commandLine", "/bin/bash -c 'run.sh'"),
                "schedules", ids.stream().map(id -> Map.of("id", id, "doNotRunUntil", first,
                        "recurrenceInterval", "P7D")).toList());
    }

    /** The portal changes the job schedule's metadata; its new {@code etag} attribute. */
    private String portalChangesTheSchedule(String team) {
        Attributes live = read(portal, NIGHTLY, NIGHTLY_ID);
        Provider.ChangeResponse changed = portal.update(new Provider.UpdateRequest(NIGHTLY, NIGHTLY_ID, live,
                live.with("metadata.team", team), Set.of("metadata.team")));
        assertThat(changed.diagnostics()).isEmpty();
        return changed.state().orElseThrow().string("etag");
    }

    @Test
    void aJobScheduleUpdateSendsEachSchedulesEtagAndIsRefusedWhenOneChangedSince() {
        created(POOL, POOL_ID, pool(1));
        created(NIGHTLY, NIGHTLY_ID, nightly("vfx", List.of("nightly-mon", "nightly-tue")));
        Attributes planned = read(provider, NIGHTLY, NIGHTLY_ID);
        String then = planned.string("etag");
        assertThat(then.split(", ")).hasSize(2);
        String now = portalChangesTheSchedule("lighting");
        forget();

        Provider.ChangeResponse refused = provider.update(new Provider.UpdateRequest(NIGHTLY, NIGHTLY_ID, planned,
                planned.with("metadata.team", "render"), Set.of("metadata.team")));
        assertThat(only(refused.diagnostics()).code()).isEqualTo("ChangedSincePlan");
        assertThat(only(refused.diagnostics()).message()).isEqualTo("changed in Azure after the plan was made "
                + "(metadata.team; ETag " + then + " then, " + now + " now): nothing was written to it; run plan "
                + "again");
        assertThat(sent("PATCH", "/jobschedules/nightly-mon")).as("refused before any write").isEmpty();
        assertThat(read(provider, NIGHTLY, NIGHTLY_ID).get("metadata.team")).isEqualTo("lighting");

        Attributes fresh = read(provider, NIGHTLY, NIGHTLY_ID);
        String[] etags = fresh.string("etag").split(", ");
        forget();
        Provider.ChangeResponse done = provider.update(new Provider.UpdateRequest(NIGHTLY, NIGHTLY_ID, fresh,
                fresh.with("metadata.team", "render"), Set.of("metadata.team")));
        assertThat(done.diagnostics()).isEmpty();
        assertThat(sent("PATCH", "/jobschedules/nightly-mon")).containsExactly(Map.of("If-Match", etags[0]));
        assertThat(sent("PATCH", "/jobschedules/nightly-tue")).containsExactly(Map.of("If-Match", etags[1]));
    }

    @Test
    void aJobScheduleChangedWhileTheApplyWritesItIsRefusedByTheServicesPreconditionNotOverwritten() {
        created(POOL, POOL_ID, pool(1));
        created(NIGHTLY, NIGHTLY_ID, nightly("vfx", List.of("nightly")));
        Attributes planned = read(provider, NIGHTLY, NIGHTLY_ID);
        AtomicReference<String> changedTo = new AtomicReference<>();
        // Between the provider's read of the schedules and its PATCH, someone changes the schedule.
        onList.set(() -> changedTo.set(portalChangesTheSchedule("lighting")));
        forget();

        Provider.ChangeResponse refused = provider.update(new Provider.UpdateRequest(NIGHTLY, NIGHTLY_ID, planned,
                planned.with("metadata.team", "render"), Set.of("metadata.team")));
        Diagnostic diagnostic = only(refused.diagnostics());
        assertThat(diagnostic.code()).isEqualTo("ChangedSincePlan");
        assertThat(diagnostic.message()).isEqualTo("changed in Azure after the plan was made (metadata.team; ETag "
                + planned.string("etag") + " then, " + changedTo.get() + " now): nothing was written to it; run plan "
                + "again");
        synchronized (exchanges) {
            assertThat(exchanges).filteredOn(e -> e.method().equals("PATCH") && e.status() == 412)
                    .as("the service's 412, once: not retried").hasSize(1)
                    .allSatisfy(e -> assertThat(e.conditions()).isEqualTo(Map.of("If-Match", planned.string("etag"))));
        }
        assertThat(read(provider, NIGHTLY, NIGHTLY_ID).get("metadata.team")).isEqualTo("lighting");
    }

    @Test
    void aJobScheduleDeleteSendsThePlansEtagsAndIsRefusedWhenItChangedSince() {
        created(POOL, POOL_ID, pool(1));
        created(NIGHTLY, NIGHTLY_ID, nightly("vfx", List.of("nightly-mon", "nightly-tue")));
        Attributes planned = read(provider, NIGHTLY, NIGHTLY_ID);
        portalChangesTheSchedule("lighting");
        forget();

        Provider.DeleteResponse refused = provider.delete(new Provider.DeleteRequest(NIGHTLY, NIGHTLY_ID, planned));
        assertThat(refused.succeeded()).isFalse();
        assertThat(only(refused.diagnostics()).code()).isEqualTo("ChangedSincePlan");
        assertThat(sent("DELETE", "/jobschedules/nightly-mon")).isEmpty();
        assertThat(read(provider, NIGHTLY, NIGHTLY_ID)).isNotNull();

        Attributes fresh = read(provider, NIGHTLY, NIGHTLY_ID);
        String[] etags = fresh.string("etag").split(", ");
        Provider.DeleteResponse deleted = provider.delete(new Provider.DeleteRequest(NIGHTLY, NIGHTLY_ID, fresh));
        assertThat(deleted.diagnostics()).isEmpty();
        assertThat(sent("DELETE", "/jobschedules/nightly-mon")).containsExactly(Map.of("If-Match", etags[0]));
        assertThat(sent("DELETE", "/jobschedules/nightly-tue")).containsExactly(Map.of("If-Match", etags[1]));
        assertThat(read(provider, NIGHTLY, NIGHTLY_ID)).isNull();
    }

    // ---- an ETag that moved with nothing the plan compares ----------------------------------------------------

    @Test
    void aPoolWhoseEtagMovedWithNothingThePlanComparesIsWrittenOnItsNewEtag() {
        created(POOL, POOL_ID, pool(1));
        Attributes planned = read(provider, POOL, POOL_ID);
        String then = planned.string("etag");
        String now = portalChangesThePool("vfx"); // saved again as it was: a new ETag, nothing the plan shows
        assertThat(now).isNotEqualTo(then);
        forget();

        Provider.ChangeResponse done = provider.update(new Provider.UpdateRequest(POOL, POOL_ID, planned,
                planned.with("fixedScale.targetDedicatedNodes", 2L), Set.of("fixedScale.targetDedicatedNodes")));
        assertThat(done.diagnostics()).isEmpty();
        assertThat(sent("PATCH", "/pools/render")).as("refused on the plan's ETag, then sent on the new one")
                .containsExactly(Map.of("If-Match", then), Map.of("If-Match", now));
        assertThat(read(provider, POOL, POOL_ID).get("fixedScale.targetDedicatedNodes")).isEqualTo(2L);
    }

    @Test
    void aPoolWhoseEtagMovedWithNothingThePlanComparesIsDeleted() {
        created(POOL, POOL_ID, pool(1));
        Attributes planned = read(provider, POOL, POOL_ID);
        portalChangesThePool("vfx");

        Provider.DeleteResponse deleted = provider.delete(new Provider.DeleteRequest(POOL, POOL_ID, planned));
        assertThat(deleted.diagnostics()).isEmpty();
        assertThat(read(provider, POOL, POOL_ID)).isNull();
    }

    @Test
    void aJobScheduleWhoseEtagsMovedWithNothingThePlanComparesIsWrittenOnTheirNewEtags() {
        created(POOL, POOL_ID, pool(1));
        created(NIGHTLY, NIGHTLY_ID, nightly("vfx", List.of("nightly-mon", "nightly-tue")));
        Attributes planned = read(provider, NIGHTLY, NIGHTLY_ID);
        String[] now = portalChangesTheSchedule("vfx").split(", ");
        assertThat(now).doesNotContain(planned.string("etag").split(", "));
        forget();

        Provider.ChangeResponse done = provider.update(new Provider.UpdateRequest(NIGHTLY, NIGHTLY_ID, planned,
                planned.with("metadata.team", "render"), Set.of("metadata.team")));
        assertThat(done.diagnostics()).isEmpty();
        assertThat(sent("PATCH", "/jobschedules/nightly-mon")).containsExactly(Map.of("If-Match", now[0]));
        assertThat(sent("PATCH", "/jobschedules/nightly-tue")).containsExactly(Map.of("If-Match", now[1]));
        assertThat(read(provider, NIGHTLY, NIGHTLY_ID).get("metadata.team")).isEqualTo("render");
    }

    @Test
    void aJobSchedulesPreconditionFailingWithNothingThePlanComparesChangedIsSentAgainOnTheNewEtag() {
        created(POOL, POOL_ID, pool(1));
        created(NIGHTLY, NIGHTLY_ID, nightly("vfx", List.of("nightly")));
        Attributes planned = read(provider, NIGHTLY, NIGHTLY_ID);
        AtomicReference<String> changedTo = new AtomicReference<>();
        // Between the provider's read of the schedules and its PATCH, the schedule is saved again as it was.
        onList.set(() -> changedTo.set(portalChangesTheSchedule("vfx")));
        forget();

        Provider.ChangeResponse done = provider.update(new Provider.UpdateRequest(NIGHTLY, NIGHTLY_ID, planned,
                planned.with("metadata.team", "render"), Set.of("metadata.team")));
        assertThat(done.diagnostics()).isEmpty();
        synchronized (exchanges) {
            assertThat(exchanges).filteredOn(e -> e.method().equals("PATCH")
                            && e.path().toLowerCase().endsWith("/jobschedules/nightly"))
                    .extracting(e -> e.status() + " " + e.conditions().get("If-Match"))
                    .as("the portal's, the apply's refused on the plan's ETag, the apply's sent again on the new one")
                    .containsExactly("200 " + planned.string("etag"), "412 " + planned.string("etag"),
                            "200 " + changedTo.get());
        }
        assertThat(read(provider, NIGHTLY, NIGHTLY_ID).get("metadata.team")).isEqualTo("render");
    }

    @Test
    void aPlanWithoutAnEtagWritesAsBeforeWithoutACondition() {
        created(POOL, POOL_ID, pool(1));
        Attributes planned = read(provider, POOL, POOL_ID).with("etag", null);
        forget();
        Provider.ChangeResponse done = provider.update(new Provider.UpdateRequest(POOL, POOL_ID, planned,
                planned.with("fixedScale.targetDedicatedNodes", 2L), Set.of("fixedScale.targetDedicatedNodes")));
        assertThat(done.diagnostics()).isEmpty();
        assertThat(sent("PATCH", "/pools/render")).containsExactly(Map.of());
    }
}
