package io.batchform.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.apply.Applier;
import io.batchform.engine.Outcomes.ApplyOutcome;
import io.batchform.engine.Outcomes.ImportOutcome;
import io.batchform.engine.Outcomes.PlanOutcome;
import io.batchform.engine.Outcomes.SwitchoverOutcome;
import io.batchform.engine.Requests.ApplyRequest;
import io.batchform.engine.Requests.ImportRequest;
import io.batchform.engine.Requests.PlanRequest;
import io.batchform.engine.Requests.SavedApplyRequest;
import io.batchform.engine.Requests.SwitchoverRequest;
import io.batchform.plan.Action;
import io.batchform.plan.Plan;
import io.batchform.plan.ResourceChange;
import io.batchform.plan.SavedPlan;
import io.batchform.provider.Attributes;
import io.batchform.source.Diagnostic;
import io.batchform.state.FileStateStore;
import io.batchform.state.State;
import io.batchform.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's operations against a cloud in memory and a state file: values in, values out, state written here. */
class OperationsTest {
    private static final String SPEC = """
            resourceGroup: rg-engine
            location: westeurope
            storageAccounts:
              data:
                name: enginedata
            batchAccounts:
              main:
                name: enginebatch
                autoStorage:
                  storageAccount: data
            pools:
              render:
                account: main
                vmSize: Standard_D2s_v3
                image: {publisher: canonical, offer: 0001-com-ubuntu-server-jammy, sku: 22_04-lts}
                nodeAgentSkuId: batch.node.ubuntu 22.04
                fixedScale:
                  targetDedicatedNodes: 2
            """;
    private static final String FAILOVER = """
            failover:
              primary: westeurope
              secondary: northeurope
              mode: warm
              warmNodes: 1
              regions:
                northeurope:
                  resourceGroup: rg-engine-ne
                  names:
                    storageAccounts.data: enginedatane
                    batchAccounts.main: enginebatchne
            """;
    private static final Address ACCOUNT = Address.of(ResourceType.BATCH_ACCOUNT, "main");
    private static final Address RENDER = Address.of(ResourceType.POOL, "render");
    private static final Address STORAGE = Address.of(ResourceType.STORAGE_ACCOUNT, "data");

    @TempDir
    Path dir;
    private MemoryCloud cloud;
    private StateStore store;

    @BeforeEach
    void setUp() {
        cloud = new MemoryCloud();
        store = new FileStateStore(dir.resolve("state"), Clock.systemUTC());
    }

    private LoadedSpec spec(String text) throws IOException {
        Path file = dir.resolve("batchform.yaml");
        Files.writeString(file, text);
        LoadedSpec.Load load = LoadedSpec.load(new SpecInput(List.of(file), Map.of(), Map.of()));
        assertThat(load.diagnostics()).filteredOn(d -> d.isError()).isEmpty();
        return load.spec();
    }

    private PlanOutcome plan(LoadedSpec spec, String... targets) {
        return Operations.plan(new PlanRequest(spec, store, cloud, List.of(targets)));
    }

    private ApplyRequest applying() {
        return new ApplyRequest(cloud, store, 4, Applier.Listener.NONE, Clock.systemUTC());
    }

    private State applied(LoadedSpec spec) {
        ApplyOutcome outcome = Operations.apply(plan(spec), applying());
        assertThat(outcome.succeeded()).isTrue();
        return outcome.state();
    }

    @Test
    void aPlanCarriesItsGraphAndModeAndItsApplyWritesTheState() throws IOException {
        LoadedSpec spec = spec(SPEC);
        PlanOutcome planned = plan(spec);
        assertThat(planned.refused()).isFalse();
        assertThat(planned.plan().mode()).isEqualTo(Plan.Mode.NORMAL);
        assertThat(planned.plan().dependencies().get(RENDER)).contains(ACCOUNT);
        assertThat(planned.plan().dependencies().get(ACCOUNT)).contains(STORAGE);
        assertThat(planned.plan().changes()).extracting(ResourceChange::action).containsOnly(Action.CREATE);
        assertThat(planned.quotas()).as("a spec with pools is checked against its quotas").isNotNull();
        assertThat(planned.plan().canApply()).isTrue();

        ApplyOutcome outcome = Operations.apply(planned, applying());
        assertThat(outcome.succeeded()).isTrue();
        assertThat(store.read()).contains(outcome.state());
        assertThat(outcome.state().get(RENDER).orElseThrow().dependencies()).contains(ACCOUNT);
        assertThat(plan(spec).plan().canApply()).as("a second plan has nothing to do").isFalse();
    }

    @Test
    void replaceForcesAReplacementOfWhatTheStateRecordsAndRefusesAnythingElse() throws IOException {
        LoadedSpec spec = spec(SPEC);
        applied(spec);
        PlanOutcome replaced = Operations.plan(new PlanRequest(spec, store, cloud, List.of(), List.of("pool.render")));
        assertThat(replaced.refused()).isFalse();
        assertThat(replaced.plan().changes()).filteredOn(c -> c.action() != Action.NO_OP)
                .extracting(c -> c.address() + " " + c.action()).containsExactly("pool.render DELETE_THEN_CREATE");
        assertThat(replaced.plan().summary()).isEqualTo("Plan: 1 to add, 0 to change, 1 to destroy.");
        String shown = new io.batchform.render.HumanPlanRenderer(io.batchform.render.Style.PLAIN,
                a -> cloud.schema().get(a.type())).render(replaced.plan());
        assertThat(shown).contains("# pool.render will be replaced, as requested (--replace)");
        ApplyOutcome done = Operations.apply(replaced, applying());
        assertThat(done.succeeded()).isTrue();
        assertThat(cloud.calls).containsSubsequence("delete pool.render", "create pool.render");
        assertThat(plan(spec).plan().canApply()).isFalse();

        PlanOutcome typo = Operations.plan(new PlanRequest(spec, store, cloud, List.of(), List.of("pool.rendr")));
        assertThat(typo.refusals()).extracting(Diagnostic::message).containsExactly(
                "--replace pool.rendr: the spec declares no such resource (did you mean 'pool.render'?)");
        PlanOutcome destroying = Operations.destroy(new PlanRequest(spec, store, cloud, List.of(), List.of("pool.render")));
        assertThat(destroying.refused()).isTrue();
    }

    @Test
    void aMovedBlockReKeysAResourceWithoutTouchingItAndStateMvDoesTheSame() throws IOException {
        applied(spec(SPEC));
        String id = store.read().orElseThrow().get(RENDER).orElseThrow().id();
        Address renderer = Address.of(ResourceType.POOL, "renderer");
        LoadedSpec rekeyed = spec(SPEC.replace("  render:\n    account: main", "  renderer:\n    name: render\n"
                + "    account: main") + "moved:\n  - {from: pool.render, to: pool.renderer}\n");
        cloud.calls.clear();
        PlanOutcome planned = plan(rekeyed);
        assertThat(planned.plan().moved()).containsExactly(Map.entry(RENDER, renderer));
        assertThat(planned.plan().changes()).extracting(ResourceChange::action).containsOnly(Action.NO_OP);
        assertThat(planned.plan().canApply()).as("the state has to learn the move").isTrue();
        String shown = new io.batchform.render.HumanPlanRenderer(io.batchform.render.Style.PLAIN,
                a -> cloud.schema().get(a.type())).render(planned.plan());
        assertThat(shown).contains("# pool.render has moved to pool.renderer").contains("Plan: 0 to add, 0 to change, 0 to destroy.");
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                new io.batchform.render.JsonPlanRenderer(a -> cloud.schema().get(a.type())).render(planned.plan()));
        assertThat(json.path("resource_changes").findParents("previous_address")).singleElement()
                .satisfies(n -> assertThat(n.path("address").asText() + " " + n.path("previous_address").asText())
                        .isEqualTo("pool.renderer pool.render"));
        ApplyOutcome done = Operations.apply(planned, applying());
        assertThat(done.succeeded()).isTrue();
        assertThat(cloud.calls).noneMatch(c -> c.startsWith("create") || c.startsWith("delete") || c.startsWith("update"));
        State after = store.read().orElseThrow();
        assertThat(after.get(RENDER)).isEmpty();
        assertThat(after.get(renderer).orElseThrow().id()).isEqualTo(id);
        assertThat(plan(rekeyed).plan().canApply()).as("a second plan is empty, the moved block still there").isFalse();

        Outcomes.StateOutcome back = Operations.moveInState(store, renderer, RENDER);
        assertThat(back.refused()).isFalse();
        assertThat(store.read().orElseThrow().get(RENDER).orElseThrow().id()).isEqualTo(id);
        assertThat(plan(spec(SPEC)).plan().canApply()).isFalse();
        assertThat(Operations.moveInState(store, renderer, RENDER).refusals()).extracting(Diagnostic::message)
                .containsExactly("pool.renderer is not in the state; nothing was moved");
        assertThat(Operations.moveInState(store, RENDER, ACCOUNT).refusals()).extracting(Diagnostic::message)
                .containsExactly("cannot move pool.render to batchAccount.main: a resource keeps its type");
    }

    @Test
    void aTargetNarrowsThePlanAndAnUnknownOneIsARefusalNotAnException() throws IOException {
        LoadedSpec spec = spec(SPEC);
        PlanOutcome targeted = plan(spec, "batchAccount.main");
        assertThat(targeted.targeted()).isTrue();
        assertThat(targeted.plan().changes()).extracting(c -> c.address().toString())
                .containsExactly("resourceGroup.main", "storageAccount.data", "batchAccount.main");

        PlanOutcome unknown = plan(spec, "pool.rendr");
        assertThat(unknown.refused()).isTrue();
        assertThat(unknown.refusals()).extracting(Diagnostic::message).containsExactly(
                "--target pool.rendr: no such resource in the spec or the state (did you mean 'pool.render'?)");
    }

    @Test
    void destroyDeletesDependentsOfATargetAndRefusesAProtectedResource() throws IOException {
        LoadedSpec spec = spec(SPEC);
        applied(spec);
        PlanOutcome destroy = Operations.destroy(new PlanRequest(spec, store, cloud, List.of("batchAccount.main")));
        assertThat(destroy.plan().mode()).isEqualTo(Plan.Mode.DESTROY);
        assertThat(destroy.plan().changes()).extracting(c -> c.address().toString())
                .containsExactly("batchAccount.main", "pool.render");
        assertThat(destroy.quotas()).isNull();
        ApplyOutcome outcome = Operations.apply(destroy, applying());
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.state().get(RENDER)).isEmpty();
        assertThat(cloud.calls.get(cloud.calls.size() - 1)).isEqualTo("delete batchAccount.main");

        LoadedSpec protectedSpec = spec(SPEC.replace("    name: enginedata\n", "    name: enginedata\n    protect: true\n"));
        PlanOutcome refused = Operations.destroy(new PlanRequest(protectedSpec, store, cloud, List.of()));
        assertThat(refused.plan().hasErrors()).isTrue();
        assertThat(refused.plan().diagnostics()).extracting(Diagnostic::address).containsExactly(STORAGE);
    }

    @Test
    void whatTheSpecProtectedStaysProtectedWithoutItUntilAnApplyLiftsIt() throws IOException {
        LoadedSpec protecting = spec(SPEC.replace("    name: enginedata\n", "    name: enginedata\n    protect: true\n"));
        State applied = applied(protecting);
        assertThat(applied.get(STORAGE).orElseThrow().protect()).as("recorded by the apply").isTrue();
        assertThat(applied.get(ACCOUNT).orElseThrow().protect()).isFalse();
        assertThat(store.read().orElseThrow().get(STORAGE).orElseThrow().protect()).as("and written").isTrue();

        PlanOutcome withoutSpec = Operations.destroy(new PlanRequest(null, store, cloud, List.of()));
        assertThat(withoutSpec.plan().diagnostics()).extracting(d -> d.address() + " " + d.code() + ": " + d.message())
                .containsExactly("storageAccount.data Protected: this plan would delete this resource, which the spec "
                        + "(not read: none was found or given) protected when it was last applied (the state records "
                        + "protect: true); to delete it, apply a spec that declares it with protect: false first, or "
                        + "leave it out with --target; batchform state rm forgets it without deleting it");

        // Taken out of the spec (the pool and the account with it, which use it), as a rename without moved: would.
        LoadedSpec without = spec(SPEC.substring(0, SPEC.indexOf("storageAccounts:")));
        PlanOutcome removed = Operations.plan(new PlanRequest(without, store, cloud, List.of()));
        assertThat(removed.plan().diagnostics()).extracting(d -> d.address() + " " + d.code())
                .containsExactly("storageAccount.data Protected");
        assertThat(removed.plan().diagnostics().get(0).message()).contains("which the spec no longer declares; it "
                + "protected when it was last applied");

        State lifted = applied(spec(SPEC));
        assertThat(lifted.get(STORAGE).orElseThrow().protect()).as("an apply of a spec without protect lifts it")
                .isFalse();
        PlanOutcome destroy = Operations.destroy(new PlanRequest(null, store, cloud, List.of()));
        assertThat(destroy.plan().hasErrors()).isFalse();
        assertThat(Operations.apply(destroy, applying()).succeeded()).isTrue();
        assertThat(cloud.live).isEmpty();
    }

    @Test
    void aSavedPlanCarriesWhatTheSpecProtectsIntoTheState() throws IOException {
        LoadedSpec protecting = spec(SPEC.replace("    name: enginedata\n", "    name: enginedata\n    protect: true\n"));
        Path file = dir.resolve("plan.json");
        new SavedPlan(plan(protecting).plan(), "memory").write(file, type -> cloud.schema().get(type));
        SavedPlan saved = SavedPlan.read(file);
        assertThat(saved.plan().protect()).containsExactly(STORAGE);
        ApplyOutcome applied = Operations.applySaved(new SavedApplyRequest(saved, "plan.json", "memory", protecting,
                applying()));
        assertThat(applied.succeeded()).isTrue();
        assertThat(applied.state().get(STORAGE).orElseThrow().protect()).isTrue();

        Path unprotected = dir.resolve("plain.json");
        new SavedPlan(plan(spec(SPEC)).plan(), "memory").write(unprotected, type -> cloud.schema().get(type));
        assertThat(Files.readString(unprotected)).as("a plan that protects nothing is written as before")
                .doesNotContain("\"protect\"");
    }

    @Test
    void refreshOnlyForgetsWhatIsGoneAndOnlyTheStateChanges() throws IOException {
        LoadedSpec spec = spec(SPEC);
        State before = applied(spec);
        cloud.live.remove(RENDER);
        cloud.live.put(ACCOUNT, cloud.live.get(ACCOUNT).with("tags", Map.of("owner", "someone")));
        PlanOutcome refresh = Operations.refreshOnly(new PlanRequest(spec, store, cloud, List.of()));
        Plan plan = refresh.plan();
        assertThat(plan.mode()).isEqualTo(Plan.Mode.REFRESH_ONLY);
        assertThat(plan.forgotten()).extracting(ResourceChange::address).containsExactly(RENDER);
        assertThat(plan.drift()).containsOnlyKeys(ACCOUNT);
        assertThat(plan.canApply()).as("drift and a resource to forget are work for a refresh-only plan").isTrue();

        cloud.calls.clear();
        ApplyOutcome outcome = Operations.apply(refresh, applying());
        assertThat(cloud.calls).as("nothing in the cloud changes").isEmpty();
        assertThat(outcome.state().get(RENDER)).isEmpty();
        assertThat(outcome.state().get(ACCOUNT).orElseThrow().attributes().get("tags")).isEqualTo(Map.of("owner", "someone"));
        assertThat(outcome.state().get(ACCOUNT).orElseThrow().dependencies())
                .as("the graph travels with the plan: dependencies stay recorded")
                .isEqualTo(before.get(ACCOUNT).orElseThrow().dependencies());
        PlanOutcome again = Operations.refreshOnly(new PlanRequest(spec, store, cloud, List.of()));
        assertThat(again.plan().canApply()).isFalse();
    }

    @Test
    void aSavedPlanRoundTripsItsGraphAndIsRefusedOnceTheStateMovedOn() throws IOException {
        LoadedSpec spec = spec(SPEC);
        PlanOutcome planned = plan(spec);
        Path file = dir.resolve("plan.json");
        new SavedPlan(planned.plan(), "memory").write(file, type -> cloud.schema().get(type));
        SavedPlan saved = SavedPlan.read(file);
        assertThat(saved.plan().dependencies()).isEqualTo(planned.plan().dependencies());
        assertThat(saved.plan().mode()).isEqualTo(Plan.Mode.NORMAL);

        ApplyOutcome elsewhere = Operations.applySaved(new SavedApplyRequest(saved, "plan.json", "another cloud", spec,
                applying()));
        assertThat(elsewhere.refusals()).extracting(Diagnostic::message)
                .containsExactly("plan.json was made against memory, not another cloud; make a new plan");
        ApplyOutcome first = Operations.applySaved(new SavedApplyRequest(saved, "plan.json", "memory", spec, applying()));
        assertThat(first.succeeded()).isTrue();
        ApplyOutcome stale = Operations.applySaved(new SavedApplyRequest(saved, "plan.json", "memory", spec, applying()));
        assertThat(stale.refused()).isTrue();
        assertThat(stale.refusals().get(0).message()).startsWith("plan.json is stale: it was made from state serial 0,");
    }

    @Test
    void aSavedPlanHandsTheProviderTheEtagsItReadAndAResourceChangedSinceFailsLikeAnyOther() throws IOException {
        LoadedSpec spec = spec(SPEC);
        applied(spec);
        cloud.etags.put(ACCOUNT, "W/\"1\"");
        cloud.etags.put(STORAGE, "W/\"7\"");
        LoadedSpec edited = spec(SPEC.replace("    name: enginedata\n", "    name: enginedata\n    tags: {team: vfx}\n")
                .replace("    name: enginebatch\n", "    name: enginebatch\n    tags: {team: vfx}\n")
                .replace("targetDedicatedNodes: 2", "targetDedicatedNodes: 3"));
        Path file = dir.resolve("plan.json");
        new SavedPlan(plan(edited).plan(), "memory").write(file, type -> cloud.schema().get(type));
        SavedPlan saved = SavedPlan.read(file);
        assertThat(saved.plan().changes()).filteredOn(c -> c.address().equals(ACCOUNT)).singleElement()
                .satisfies(c -> assertThat(c.before().string("etag")).as("what the plan read, kept in the file")
                        .isEqualTo("W/\"1\""));

        cloud.etags.put(ACCOUNT, "W/\"2\""); // someone changed the account after the plan
        cloud.calls.clear();
        ApplyOutcome outcome = Operations.applySaved(new SavedApplyRequest(saved, "plan.json", "memory", edited,
                applying()));
        Applier.ApplyOutcome applied = outcome.applied();
        assertThat(applied.succeeded()).isFalse();
        assertThat(applied.results()).extracting(r -> r.address() + " " + r.outcome()).containsExactly(
                "storageAccount.data SUCCEEDED", "batchAccount.main FAILED", "pool.render SKIPPED");
        assertThat(applied.diagnostics()).extracting(Diagnostic::message).containsExactly("changed in "
                + "Azure after the plan was made (ETag W/\"1\" then, W/\"2\" now): nothing was written to it; run "
                + "plan again");
        assertThat(cloud.calls).as("the pool that waits for the account is not touched").doesNotContain(
                "update pool.render");
        State recorded = store.read().orElseThrow();
        assertThat(recorded.get(STORAGE).orElseThrow().attributes().get("tags")).isEqualTo(Map.of("team", "vfx"));
        assertThat(recorded.get(ACCOUNT).orElseThrow().attributes().get("tags")).as("not written, not recorded")
                .isNull();
    }

    @Test
    void importRecordsADeclaredResourceAndRefusesAnUndeclaredOne() throws IOException {
        LoadedSpec spec = spec(SPEC);
        String id = spec.desired().get(STORAGE).orElseThrow().id();
        cloud.live.put(STORAGE, Attributes.of(Map.of("name", "enginedata")));
        ImportOutcome imported = Operations.importResource(new ImportRequest(spec, STORAGE, id, cloud, store));
        assertThat(imported.refused()).isFalse();
        assertThat(imported.imported().address()).isEqualTo(STORAGE);
        assertThat(store.read().orElseThrow().get(STORAGE)).isPresent();

        ImportOutcome twice = Operations.importResource(new ImportRequest(spec, STORAGE, id, cloud, store));
        assertThat(twice.refusals().get(0).message()).startsWith("storageAccount.data is already in the state");
        Address nope = Address.of(ResourceType.POOL, "nope");
        assertThat(Operations.importResource(new ImportRequest(spec, nope, "/x", cloud, store)).refusals().get(0)
                .message()).startsWith("pool.nope: the spec declares no such resource");
        assertThat(Operations.removeFromState(store, List.of(STORAGE)).state().get(STORAGE)).isEmpty();
    }

    @Test
    void aSwitchoverScalesTheNewRegionFirstAndRecordsItAndAnApplyRecordsTheActiveRegion() throws IOException {
        LoadedSpec spec = spec(SPEC + FAILOVER);
        ApplyOutcome first = Operations.apply(plan(spec), applying());
        assertThat(first.succeeded()).isTrue();
        assertThat(first.state().activeRegion()).as("a full apply records the active region").isEqualTo("westeurope");

        SwitchoverOutcome planned = Operations.switchover(new SwitchoverRequest(spec, store, cloud, "North Europe"));
        assertThat(planned.refused()).isFalse();
        Switchover switchover = planned.switchover();
        assertThat(switchover.from()).isEqualTo("westeurope");
        assertThat(switchover.to()).isEqualTo("northeurope");
        Address there = Address.of(ResourceType.POOL, "render-northeurope");
        assertThat(switchover.order().get(RENDER)).as("the old region waits for the new one").contains(there);
        cloud.calls.clear();
        ApplyOutcome done = Operations.applySwitchover(planned, applying());
        assertThat(done.succeeded()).isTrue();
        assertThat(cloud.calls).containsExactly("update " + there, "update " + RENDER);
        assertThat(store.read().orElseThrow().activeRegion()).isEqualTo("northeurope");

        SwitchoverOutcome again = Operations.switchover(new SwitchoverRequest(spec, store, cloud, "northeurope"));
        assertThat(again.refusals()).extracting(Diagnostic::message)
                .containsExactly("northeurope is already the active region");
        PlanOutcome afterwards = plan(spec);
        assertThat(afterwards.spec().expanded().activeRegion()).as("the spec is converted for the state's region")
                .isEqualTo("northeurope");
        assertThat(afterwards.plan().canApply()).isFalse();
    }

    @Test
    void aDrillWhosePoolsNeverSettleSwitchesThereAndBackAndTheListenerHearsEachStep() throws IOException {
        LoadedSpec spec = spec(SPEC + FAILOVER);
        applied(spec);
        SwitchoverRequest request = new SwitchoverRequest(spec, store, cloud, "northeurope");
        SwitchoverOutcome there = Operations.switchover(request);
        List<String> heard = new java.util.ArrayList<>();
        // The memory cloud's pools never report a steady allocation: the wait for capacity ends at the timeout.
        Outcomes.DrillOutcome drill = Operations.drill(request, there, applying(), java.time.Duration.ofMillis(30),
                new Operations.DrillListener() {
            @Override
            public void applied(Outcomes.Leg leg) {
                heard.add("applied " + leg.switchover().to());
            }

            @Override
            public void capacity(Capacity.Report report) {
                heard.add("capacity " + report.region() + " " + report.reached());
            }

            @Override
            public void plannedBack(Switchover back) {
                heard.add("planned " + back.from() + " -> " + back.to());
            }
        });
        assertThat(drill.succeeded()).as("capacity was not reached").isFalse();
        assertThat(drill.capacity().pools()).isNotEmpty().allSatisfy(p -> assertThat(p.failure())
                .contains("still short of its target"));
        assertThat(heard).containsExactly("applied northeurope", "capacity northeurope false",
                "planned northeurope -> westeurope", "applied westeurope");
        assertThat(drill.legs()).extracting(l -> l.outcome().succeeded()).containsOnly(true);
        assertThat(drill.legs()).extracting(l -> l.took().isNegative()).containsOnly(false);
        assertThat(store.read().orElseThrow().activeRegion()).isEqualTo("westeurope");
        assertThat(drill.recorded()).as("a failed drill is not recorded").isFalse();
        assertThat(store.read().orElseThrow().drills()).isEmpty();
    }

    /** A node as the data plane reports it; {@code exitCode} non-null gives it a completed start task. */
    private static io.batchform.provider.ComputeNode node(String id, String state, Integer exitCode) {
        return new io.batchform.provider.ComputeNode(id, state, true, exitCode == null ? java.util.Optional.empty()
                : java.util.Optional.of(new io.batchform.provider.ComputeNode.StartTask("completed",
                exitCode == 0 ? "success" : "failure", exitCode, exitCode == 0 ? null : "FailureExitCode",
                exitCode == 0 ? null : "mount.nfs: Connection timed out", exitCode == 0 ? 0 : 2)));
    }

    /** A drill to northeurope whose standby pool the service reports steady with 2 nodes once the switchover is planned. */
    private Outcomes.DrillOutcome drill(LoadedSpec spec) {
        return drill(spec, java.time.Duration.ofSeconds(20));
    }

    /** The same, waiting up to {@code timeout} for capacity. */
    private Outcomes.DrillOutcome drill(LoadedSpec spec, java.time.Duration timeout) {
        SwitchoverRequest request = new SwitchoverRequest(spec, store, cloud, "northeurope");
        SwitchoverOutcome planned = Operations.switchover(request);
        cloud.reported.put(Address.of(ResourceType.POOL, "render-northeurope"),
                Map.of("allocationState", "steady", "currentDedicatedNodes", 2L));
        return Operations.drill(request, planned, applying(), timeout,
                new Operations.DrillListener() {
                    @Override
                    public void applied(Outcomes.Leg leg) {
                    }

                    @Override
                    public void capacity(Capacity.Report report) {
                    }

                    @Override
                    public void plannedBack(Switchover back) {
                    }
                });
    }

    @Test
    void aDrillWaitsUntilThePoolsNodesAreUsableAndRecordsTheTimePerPoolBesideThePlansEstimate() throws IOException {
        LoadedSpec spec = spec(SPEC.replace("      targetDedicatedNodes: 2\n", "      targetDedicatedNodes: 2\n"
                + "    startTask:\n      commandLine: ./setup.sh\n") + FAILOVER);
        assertThat(spec.desired().resources().toString()).contains("setup.sh");
        applied(spec);
        Address standby = Address.of(ResourceType.POOL, "render-northeurope");
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        cloud.nodes = ref -> io.batchform.provider.Provider.NodesResponse.of(switch (reads.incrementAndGet()) {
            case 1 -> List.of(node("tvm-1", "starting", null), node("tvm-2", "starting", null));
            case 2 -> List.of(node("tvm-1", "waitingforstarttask", null), node("tvm-2", "idle", 0));
            case 3 -> List.of(node("tvm-1", "idle", null), node("tvm-2", "idle", 0)); // its start task not yet read
            default -> List.of(node("tvm-1", "idle", 0), node("tvm-2", "running", 0));
        });
        Outcomes.DrillOutcome drill = drill(spec);
        assertThat(drill.succeeded()).as(String.valueOf(drill.capacity())).isTrue();
        assertThat(reads.get()).as("usable once both start tasks succeeded").isEqualTo(4);
        Capacity.Report report = drill.capacity();
        assertThat(report.nodesRead()).isTrue();
        assertThat(report.estimate().typical()).as("the plan's estimate for the region")
                .isEqualTo(java.time.Duration.ofMinutes(8));
        assertThat(report.pools()).singleElement().satisfies(p -> {
            assertThat(p.address()).isEqualTo(standby);
            assertThat(p.nodes()).isEqualTo(2);
            assertThat(p.estimate().badDay()).isEqualTo(java.time.Duration.ofMinutes(30));
        });
        State.Drill recorded = store.read().orElseThrow().drills().get("northeurope");
        assertThat(recorded.estimate()).isEqualTo(java.time.Duration.ofMinutes(8));
        assertThat(recorded.pools()).singleElement().satisfies(p -> {
            assertThat(p.address()).isEqualTo("pool.render-northeurope");
            assertThat(p.nodes()).isEqualTo(2);
            assertThat(p.toCapacity()).isPositive().isLessThanOrEqualTo(recorded.toCapacity());
            assertThat(p.estimate()).isEqualTo(java.time.Duration.ofMinutes(8));
        });
    }

    @Test
    void aDrillWhoseStartTaskFailsOnANodeNamesTheNodeAndItsExitCodeAndSwitchesBack() throws IOException {
        LoadedSpec spec = spec(SPEC + FAILOVER);
        applied(spec);
        Address standby = Address.of(ResourceType.POOL, "render-northeurope");
        cloud.nodes = ref -> io.batchform.provider.Provider.NodesResponse.of(List.of(node("tvm-1", "idle", 0),
                node("tvm-2", "starttaskfailed", 1)));
        Outcomes.DrillOutcome drill = drill(spec);
        assertThat(drill.succeeded()).isFalse();
        Capacity.Pool pool = drill.capacity().pools().get(0);
        assertThat(pool.failure()).isEqualTo("1 of 2 node(s) failed: tvm-2 starttaskfailed, start task exit code 1 "
                + "after 2 retries: mount.nfs: Connection timed out");
        assertThat(pool.failedNodes()).extracting(io.batchform.provider.ComputeNode::id).containsExactly("tvm-2");
        assertThat(drill.legs()).as("switched back").hasSize(2);
        assertThat(store.read().orElseThrow().activeRegion()).isEqualTo("westeurope");
        assertThat(store.read().orElseThrow().drills()).isEmpty();
    }

    @Test
    void aDrillWhoseNodesAreStillStartingAtTheTimeoutCountsThemByState() throws IOException {
        LoadedSpec spec = spec(SPEC + FAILOVER);
        applied(spec);
        cloud.nodes = ref -> io.batchform.provider.Provider.NodesResponse.of(List.of(node("tvm-1", "idle", null),
                node("tvm-2", "starting", null)));
        Outcomes.DrillOutcome drill = drill(spec, java.time.Duration.ofMillis(50));
        assertThat(drill.succeeded()).isFalse();
        assertThat(drill.capacity().pools().get(0).failure()).isEqualTo("has 1 of 2 node(s) usable (1 idle, "
                + "1 starting) and is still short of its target after 0s (--timeout)");
    }

    @Test
    void aDrillWithACloudThatDoesNotReadNodesCountsTheNodesAllocated() throws IOException {
        LoadedSpec spec = spec(SPEC + FAILOVER);
        applied(spec);
        Outcomes.DrillOutcome drill = drill(spec);
        assertThat(drill.succeeded()).isTrue();
        assertThat(drill.capacity().nodesRead()).isFalse();
        assertThat(drill.capacity().pools().get(0).nodes()).isEqualTo(2);
    }

    @Test
    void theLastDrillMustBeNoOlderThanMaxDrillAgeCountedOnTheGivenClock() throws IOException {
        LoadedSpec spec = spec(SPEC + FAILOVER.replace("  warmNodes: 1\n", "  warmNodes: 1\n  maxDrillAge: 30d\n"));
        applied(spec);
        java.time.Instant drilled = java.time.Instant.parse("2026-11-01T08:00:00Z");
        java.util.function.Function<java.time.Instant, List<Diagnostic>> lastDrill = now -> {
            Outcomes.ReadinessOutcome outcome = Operations.readiness(spec, store, cloud,
                    Clock.fixed(now, java.time.ZoneOffset.UTC));
            assertThat(outcome.report().checks()).endsWith(Readiness.QUOTA, Readiness.LAST_DRILL);
            return outcome.report().findings().stream().filter(f -> f.check().equals(Readiness.LAST_DRILL))
                    .map(Readiness.Finding::diagnostic).toList();
        };
        assertThat(lastDrill.apply(drilled)).extracting(Diagnostic::code).containsExactly("DrillMissing");

        store.write(store.read().orElseThrow().withDrill(new State.Drill("northeurope", "westeurope", drilled,
                java.time.Duration.ofMinutes(12), 3)));
        assertThat(lastDrill.apply(drilled.plus(java.time.Duration.ofDays(30)))).as("exactly the age allowed").isEmpty();
        List<Diagnostic> old = lastDrill.apply(drilled.plus(java.time.Duration.ofDays(30)).plusSeconds(1));
        assertThat(old).singleElement().satisfies(d -> {
            assertThat(d.isError()).isTrue();
            assertThat(d.code()).isEqualTo("DrillTooOld");
            assertThat(d.message()).isEqualTo("the last successful drill to northeurope was on 2026-11-01 "
                    + "(2026-11-01T08:00:00Z, from westeurope: capacity in 12m, 3 node(s)), 30 days ago, older than "
                    + "failover.maxDrillAge (30d): rehearse the switchover: batchform failover apply --to northeurope "
                    + "--drill");
            assertThat(d.span().line()).as("at failover.maxDrillAge").isEqualTo(24);
        });
        assertThat(Operations.readiness(spec(SPEC + FAILOVER), store, cloud).report().checks())
                .as("without maxDrillAge the drill's age is not checked").doesNotContain(Readiness.LAST_DRILL);
    }

    @Test
    void aRegionThatDoesNotAnswerIsLeftOutOfTheSwitchoverAndCleanedUpByALaterApply() throws IOException {
        LoadedSpec spec = spec(SPEC + FAILOVER);
        applied(spec);
        cloud.regionOf = spec.expanded().regionOf();
        cloud.down.add("westeurope");
        SwitchoverOutcome planned = Operations.switchover(new SwitchoverRequest(spec, store, cloud, "northeurope"));
        assertThat(planned.switchover().unreachable()).containsExactly("westeurope");
        assertThat(planned.switchover().plan().hasErrors()).isFalse();
        assertThat(Operations.applySwitchover(planned, applying()).state().unreachableRegions())
                .containsExactly("westeurope");

        cloud.down.clear();
        ApplyOutcome cleanup = Operations.apply(plan(spec), applying());
        assertThat(cleanup.regionsCleanedUp()).containsExactly("westeurope");
        assertThat(store.read().orElseThrow().unreachableRegions()).isEmpty();
        assertThat(store.read().orElseThrow().activeRegion()).isEqualTo("northeurope");
    }

    @Test
    void anUnreadableStateIsARefusal() throws IOException {
        LoadedSpec spec = spec(SPEC);
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state/state.json"), "{not json");
        PlanOutcome planned = plan(spec);
        assertThat(planned.refused()).isTrue();
        assertThat(planned.plan()).isNull();
    }
}
