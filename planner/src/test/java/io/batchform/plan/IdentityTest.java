package io.batchform.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.apply.Applier;
import io.batchform.provider.Attributes;
import io.batchform.source.Diagnostic;
import io.batchform.state.FileStateStore;
import io.batchform.state.ResourceState;
import io.batchform.state.State;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state is the record of what batchform owns: refresh by recorded id, renames replace, nothing is adopted silently. */
class IdentityTest {
    private static final Address ACCOUNT = Address.of(ResourceType.BATCH_ACCOUNT, "main");
    private static final Address RENDER = Address.of(ResourceType.POOL, "render");
    private static final Address ETL = Address.of(ResourceType.POOL, "etl");

    @TempDir
    Path dir;

    private static DesiredResource account() {
        return new DesiredResource(ACCOUNT, "/a", Attributes.of(Map.of("name", "main", "location", "westeurope")),
                Set.of(), false, Set.of());
    }

    /** The pool at {@code pool.render}, named {@code name} in Azure. */
    private static DesiredResource render(String name, boolean protect) {
        return new DesiredResource(RENDER, "/a/pools/" + name, Attributes.of(Map.of("name", name, "account", "/a",
                "vmSize", "Standard_D2s_v3", "fixedScale", Map.of("targetDedicatedNodes", 2))), Set.of(ACCOUNT),
                protect, Set.of());
    }

    private State applied(InMemoryProvider provider, List<DesiredResource> desired, State prior) {
        Plan plan = Planner.plan(desired, prior, provider);
        assertThat(plan.diagnostics()).isEmpty();
        Applier.ApplyOutcome outcome = new Applier(provider, new FileStateStore(dir, Clock.systemUTC()),
                Clock.systemUTC()).apply(plan, prior, 4, Applier.Listener.NONE);
        assertThat(outcome.succeeded()).as(outcome.diagnostics().toString()).isTrue();
        return outcome.state();
    }

    @Test
    void aRenamedPoolIsReplacedTheOldOneDeletedByItsRecordedIdAndSwitchingBackShowsNoDrift() {
        InMemoryProvider provider = new InMemoryProvider();
        State dev = applied(provider, List.of(account(), render("render", false)), State.empty());

        Plan rename = Planner.plan(List.of(account(), render("render2", false)), dev, provider);
        ResourceChange change = rename.changes().stream().filter(c -> c.address().equals(RENDER)).findFirst().orElseThrow();
        assertThat(change.action()).as("a pool under a new name is made first").isEqualTo(Action.CREATE_THEN_DELETE);
        assertThat(change.recordedId()).isEqualTo("/a/pools/render");
        assertThat(change.id()).isEqualTo("/a/pools/render2");
        assertThat(change.changes()).filteredOn(c -> c.path().equals("name")).singleElement()
                .satisfies(c -> assertThat(c.forcesReplacement()).isTrue());
        assertThat(rename.summary()).isEqualTo("Plan: 1 to add, 0 to change, 1 to destroy.");
        assertThat(rename.drift()).isEmpty();

        provider.ids.clear();
        State prod = applied(provider, List.of(account(), render("render2", false)), dev);
        assertThat(provider.ids).containsExactly("create /a/pools/render2", "delete /a/pools/render");
        assertThat(provider.displaced).isEmpty();
        assertThat(prod.get(RENDER).orElseThrow().id()).isEqualTo("/a/pools/render2");
        assertThat(Planner.plan(List.of(account(), render("render2", false)), prod, provider).canApply())
                .as("a second plan is empty").isFalse();

        Plan back = Planner.plan(List.of(account(), render("render", false)), prod, provider);
        assertThat(back.drift()).as("switching back is no drift").isEmpty();
        assertThat(back.summary()).isEqualTo("Plan: 1 to add, 0 to change, 1 to destroy.");
    }

    @Test
    void protectRefusesARename() {
        InMemoryProvider provider = new InMemoryProvider();
        State dev = applied(provider, List.of(account(), render("render", true)), State.empty());
        Plan rename = Planner.plan(List.of(account(), render("render2", true)), dev, provider);
        assertThat(rename.canApply()).isFalse();
        assertThat(rename.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("Protected");
            assertThat(d.message()).contains("name cannot change in place");
        });
    }

    @Test
    void aLiveResourceTheStateDoesNotRecordIsAnErrorNamingTheImport() {
        InMemoryProvider provider = new InMemoryProvider();
        applied(provider, List.of(account(), render("render", false)), State.empty());
        Plan fresh = Planner.plan(List.of(account(), render("render", false)), State.empty(), provider);
        assertThat(fresh.canApply()).isFalse();
        assertThat(fresh.changes()).isEmpty();
        assertThat(fresh.diagnostics()).extracting(Diagnostic::toString).containsExactly(
                "batchAccount.main: AlreadyExists: /a already exists, and the state does not record it: batchform "
                        + "import batchAccount.main /a to manage it, or give the resource another name",
                "pool.render: AlreadyExists: /a/pools/render already exists, and the state does not record it: "
                        + "batchform import pool.render /a/pools/render to manage it, or give the resource another name");
    }

    @Test
    void aRenameOntoANameThatIsTakenIsAnError() {
        InMemoryProvider provider = new InMemoryProvider();
        State dev = applied(provider, List.of(account(), render("render", false)), State.empty());
        provider.live.put(RENDER, provider.live.get(RENDER).with("id", null));
        Plan rename = Planner.plan(List.of(account(), render("render2", false)), dev, provider);
        assertThat(rename.canApply()).isFalse();
        assertThat(rename.diagnostics()).singleElement().satisfies(d -> assertThat(d.code()).isEqualTo("AlreadyExists"));
    }

    /**
     * A move whose both ends the state records (two resources) cannot be made: it was skipped without a word, and
     * the resource at its old address, gone from the spec, was planned for deletion as if nothing had been said.
     */
    @Test
    void aMoveOntoAnAddressTheStateRecordsIsAnError() {
        InMemoryProvider provider = new InMemoryProvider();
        DesiredResource etl = new DesiredResource(ETL, "/a/pools/etl", Attributes.of(Map.of("name", "etl", "account",
                "/a", "vmSize", "Standard_D2s_v3")), Set.of(ACCOUNT), false, Set.of());
        State both = applied(provider, List.of(account(), render("render", false), etl), State.empty());
        Plan plan = Planner.plan(List.of(account(), etl), both, provider, Set.of(), List.of(new Move(RENDER, ETL)));
        assertThat(plan.canApply()).isFalse();
        assertThat(plan.diagnostics()).extracting(Diagnostic::toString).containsExactly("pool.render: MoveConflict: "
                + "moved: {from: pool.render, to: pool.etl} cannot be made: the state records both, pool.etl as "
                + "/a/pools/etl and pool.render as /a/pools/render; remove the moved entry to plan pool.render on its "
                + "own, or forget one of them with batchform state rm");
        assertThat(plan.moved()).isEmpty();
    }

    @Test
    void aResourceThatCannotBeReadIsUnknownNeverCreatedNorForgotten() {
        InMemoryProvider provider = new InMemoryProvider();
        State prior = applied(provider, List.of(account(), render("render", false),
                new DesiredResource(ETL, "/a/pools/etl", Attributes.of(Map.of("name", "etl", "account", "/a")),
                        Set.of(ACCOUNT), false, Set.of())), State.empty());
        provider.unreadable.add(RENDER);
        provider.unreadable.add(ETL);
        Plan plan = Planner.plan(List.of(account(), render("render", false)), prior, provider);
        assertThat(plan.changes()).extracting(c -> c.address().toString()).containsExactly("batchAccount.main");
        assertThat(plan.canApply()).isFalse();
        assertThat(plan.diagnostics()).filteredOn(d -> d.code().equals("Unknown"))
                .extracting(d -> d.address().toString()).containsExactly("pool.render", "pool.etl");
        assertThat(plan.summary()).isEqualTo("Plan: 0 to add, 0 to change, 0 to destroy.");

        Plan refresh = Planner.refreshOnly(prior, provider);
        assertThat(refresh.forgotten()).as("not read is not gone").isEmpty();
    }

    @Test
    void aStateEntryWhoseIdIsNotOfItsTypeIsRefusedNotDeleted() {
        InMemoryProvider provider = new InMemoryProvider();
        String storage = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/data";
        State edited = State.empty().with(new ResourceState(RENDER, storage, Attributes.EMPTY, Set.of()));
        Plan plan = Planner.plan(List.of(), edited, provider);
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("StateMismatch");
            assertThat(d.message()).contains(storage, "not the id of a pool", "batchform state rm pool.render");
        });
        assertThat(provider.calls).containsExactly("refresh 0");
        String pool = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Batch/batchAccounts/a/pools/render";
        assertThat(Identity.mismatch(RENDER, pool)).isEmpty();
        assertThat(Identity.mismatch(ACCOUNT, pool)).isPresent();
    }

    @Test
    void aPoolReplacedUnderANewNameIsMadeFirstSoThereIsAlwaysAPool() {
        InMemoryProvider memory = new InMemoryProvider();
        State dev = applied(memory, List.of(account(), render("render", false)), State.empty());
        List<Integer> pools = new java.util.ArrayList<>();
        io.batchform.provider.Provider counting = new io.batchform.provider.Provider() {
            @Override
            public Map<ResourceType, io.batchform.provider.ResourceSchema> schema() {
                return memory.schema();
            }

            @Override
            public String target() {
                return memory.target();
            }

            @Override
            public RefreshResponse refresh(RefreshRequest request) {
                return memory.refresh(request);
            }

            private ChangeResponse counted(ChangeResponse response) {
                count();
                return response;
            }

            private void count() {
                synchronized (memory) {
                    pools.add((int) memory.live.keySet().stream().filter(a -> a.type() == ResourceType.POOL).count()
                            + memory.displaced.size());
                }
            }

            @Override
            public ChangeResponse create(CreateRequest request) {
                return counted(memory.create(request));
            }

            @Override
            public ChangeResponse update(UpdateRequest request) {
                return counted(memory.update(request));
            }

            @Override
            public DeleteResponse delete(DeleteRequest request) {
                DeleteResponse response = memory.delete(request);
                count();
                return response;
            }

            @Override
            public ChangeResponse importResource(ImportRequest request) {
                return memory.importResource(request);
            }
        };
        Plan rename = Planner.plan(List.of(account(), render("render2", false)), dev, counting);
        Applier.ApplyOutcome outcome = new Applier(counting, new FileStateStore(dir, Clock.systemUTC()),
                Clock.systemUTC()).apply(rename, dev, 4, Applier.Listener.NONE);
        assertThat(outcome.succeeded()).isTrue();
        assertThat(pools).as("pools alive after each call").containsExactly(2, 1);
        assertThat(memory.ids).containsSubsequence("create /a/pools/render2", "delete /a/pools/render");
    }

    /** The state of an apply of {@code rename} that stopped after creating the new pool (deleting the old one too). */
    private static State stoppedAfterTheCreate(InMemoryProvider memory, State before, Plan rename, boolean oldDeleted) {
        ResourceChange change = rename.changes().stream().filter(c -> c.address().equals(RENDER)).findFirst().orElseThrow();
        memory.create(new io.batchform.provider.Provider.CreateRequest(RENDER, change.id(), change.after()));
        if (oldDeleted) {
            memory.delete(new io.batchform.provider.Provider.DeleteRequest(RENDER, change.recordedId(), change.before()));
        }
        memory.ids.clear();
        return before.withIntent(RENDER, change.id());
    }

    @Test
    void anApplyStoppedBetweenTheNewPoolAndTheOldOnesDeleteIsFinishedByTheNextWithoutCreatingTwice() {
        InMemoryProvider memory = new InMemoryProvider();
        State dev = applied(memory, List.of(account(), render("render", false)), State.empty());
        List<DesiredResource> renamed = List.of(account(), render("render2", false));
        State stopped = stoppedAfterTheCreate(memory, dev, Planner.plan(renamed, dev, memory), false);

        Plan next = Planner.plan(renamed, stopped, memory);
        assertThat(next.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.isError()).isFalse();
            assertThat(d.code()).isEqualTo("ReplacementResumed");
            assertThat(d.message()).contains("created /a/pools/render2 to replace /a/pools/render", "deletes the old");
        });
        assertThat(next.changes()).filteredOn(c -> c.address().equals(RENDER)).singleElement()
                .satisfies(c -> assertThat(c.action()).isEqualTo(Action.CREATE_THEN_DELETE));
        Applier.ApplyOutcome outcome = new Applier(memory, new FileStateStore(dir, Clock.systemUTC()),
                Clock.systemUTC()).apply(next, stopped, 4, Applier.Listener.NONE);
        assertThat(outcome.succeeded()).as(outcome.diagnostics().toString()).isTrue();
        assertThat(memory.ids).as("the new pool is kept, not created again").containsExactly("delete /a/pools/render");
        assertThat(outcome.state().get(RENDER).orElseThrow().id()).isEqualTo("/a/pools/render2");
        assertThat(outcome.state().intents()).isEmpty();
        assertThat(Planner.plan(renamed, outcome.state(), memory).canApply()).as("a second plan is empty").isFalse();
    }

    @Test
    void anApplyStoppedAfterTheOldPoolWasDeletedAdoptsTheNewOne() {
        InMemoryProvider memory = new InMemoryProvider();
        State dev = applied(memory, List.of(account(), render("render", false)), State.empty());
        List<DesiredResource> renamed = List.of(account(), render("render2", false));
        State stopped = stoppedAfterTheCreate(memory, dev, Planner.plan(renamed, dev, memory), true);

        Plan next = Planner.plan(renamed, stopped, memory);
        assertThat(next.diagnostics()).isEmpty();
        assertThat(next.canApply()).as("nothing left to do in the cloud").isFalse();
        State finished = new Applier(memory, new FileStateStore(dir, Clock.systemUTC()), Clock.systemUTC())
                .apply(next, stopped, 4, Applier.Listener.NONE).state();
        assertThat(memory.ids).isEmpty();
        assertThat(finished.get(RENDER).orElseThrow().id()).as("adopted by its intent").isEqualTo("/a/pools/render2");
        assertThat(finished.intents()).isEmpty();
    }
}
