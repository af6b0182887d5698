package io.batchform.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.provider.Attributes;
import io.batchform.source.Diagnostic;
import io.batchform.state.ResourceState;
import io.batchform.state.State;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static final Address ACCOUNT = Address.of(ResourceType.BATCH_ACCOUNT, "main");
    private static final Address RENDER = Address.of(ResourceType.POOL, "render");
    private static final Address ETL = Address.of(ResourceType.POOL, "etl");

    private static DesiredResource account() {
        return new DesiredResource(ACCOUNT, "/a", Attributes.of(Map.of("name", "main", "location", "westeurope")),
                Set.of(), false, Set.of());
    }

    private static DesiredResource pool(Address address, String vmSize, int nodes, boolean protect, Set<String> ignore) {
        return new DesiredResource(address, "/a/pools/" + address.name(), Attributes.of(Map.of("name", address.name(),
                "account", "/a", "vmSize", vmSize, "fixedScale", Map.of("targetDedicatedNodes", nodes))),
                Set.of(ACCOUNT), protect, ignore);
    }

    @Test
    void createsWhatDoesNotExistAndSummarises() {
        InMemoryProvider provider = new InMemoryProvider();
        Plan plan = Planner.plan(List.of(account(), pool(RENDER, "Standard_D2s_v3", 2, false, Set.of())), State.empty(), provider);
        assertThat(plan.changes()).extracting(ResourceChange::action).containsExactly(Action.CREATE, Action.CREATE);
        assertThat(plan.changes()).extracting(c -> c.address().toString()).containsExactly("batchAccount.main", "pool.render");
        assertThat(plan.summary()).isEqualTo("Plan: 2 to add, 0 to change, 0 to destroy.");
        assertThat(plan.canApply()).isTrue();
        assertThat(provider.calls).containsExactly("refresh 2");
    }

    @Test
    void reportsNoChangesWhenLiveMatchesUnderNormalisation() {
        InMemoryProvider provider = new InMemoryProvider();
        provider.live.put(ACCOUNT, Attributes.of(Map.of("name", "main", "location", "West Europe", "dedicatedCoreQuota", 500)));
        provider.live.put(RENDER, Attributes.of(Map.of("name", "render", "account", "/a", "vmSize", "STANDARD_D2S_V3",
                "fixedScale", Map.of("targetDedicatedNodes", 2), "currentDedicatedNodes", 2)));
        List<DesiredResource> desired = List.of(account(), pool(RENDER, "Standard_D2s_v3", 2, false, Set.of()));
        Plan plan = Planner.plan(desired, owning(provider, desired), provider);
        assertThat(plan.changes()).extracting(ResourceChange::action).containsOnly(Action.NO_OP);
        assertThat(plan.canApply()).isFalse();
        assertThat(plan.summary()).isEqualTo("Plan: 0 to add, 0 to change, 0 to destroy.");
    }

    @Test
    void updatesInPlaceReplacesDeletesAndReportsDrift() {
        InMemoryProvider provider = new InMemoryProvider();
        provider.live.put(ACCOUNT, Attributes.of(Map.of("name", "main", "location", "northeurope")));
        provider.live.put(RENDER, Attributes.of(Map.of("name", "render", "account", "/a", "vmSize", "Standard_D2s_v3",
                "fixedScale", Map.of("targetDedicatedNodes", 5))));
        provider.live.put(ETL, Attributes.of(Map.of("name", "etl", "account", "/a", "vmSize", "Standard_D2s_v3")));
        State prior = State.empty()
                .with(new ResourceState(ACCOUNT, "/a", Attributes.of(Map.of("name", "main", "location", "northeurope")), Set.of()))
                .with(new ResourceState(RENDER, "/a/pools/render", Attributes.of(Map.of("name", "render", "account", "/a",
                        "vmSize", "Standard_D2s_v3", "fixedScale", Map.of("targetDedicatedNodes", 2))), Set.of(ACCOUNT)))
                .with(new ResourceState(ETL, "/a/pools/etl", provider.live.get(ETL), Set.of(ACCOUNT)));
        Plan plan = Planner.plan(List.of(account(), pool(RENDER, "Standard_D2s_v3", 3, false, Set.of())), prior, provider);
        Map<String, Action> actions = new java.util.TreeMap<>();
        plan.changes().forEach(c -> actions.put(c.address().toString(), c.action()));
        // The pool lives in the replaced account, so it is replaced with it, whatever its own changes.
        assertThat(actions).containsEntry("batchAccount.main", Action.DELETE_THEN_CREATE)
                .containsEntry("pool.render", Action.DELETE_THEN_CREATE).containsEntry("pool.etl", Action.DELETE);
        ResourceChange render = plan.changes().stream().filter(c -> c.address().equals(RENDER)).findFirst().orElseThrow();
        assertThat(render.replacedWith()).isEqualTo(ACCOUNT);
        assertThat(render.changes()).extracting(AttributeChange::path).containsExactly("fixedScale.targetDedicatedNodes");
        ResourceChange account = plan.changes().stream().filter(c -> c.address().equals(ACCOUNT)).findFirst().orElseThrow();
        assertThat(account.changes()).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("location");
            assertThat(c.forcesReplacement()).isTrue();
        });
        assertThat(plan.drift()).containsOnlyKeys(RENDER);
        assertThat(plan.drift().get(RENDER).get(0).after()).isEqualTo(5L);
        assertThat(plan.summary()).isEqualTo("Plan: 2 to add, 0 to change, 3 to destroy.");
        assertThat(plan.priorSerial()).isEqualTo(3);
    }

    @Test
    void refusesToReplaceAProtectedResourceAndHonoursIgnoreChanges() {
        InMemoryProvider provider = new InMemoryProvider();
        provider.live.put(RENDER, Attributes.of(Map.of("name", "render", "account", "/old",
                "vmSize", "Standard_D2s_v3", "fixedScale", Map.of("targetDedicatedNodes", 7))));
        List<DesiredResource> desired = List.of(pool(RENDER, "Standard_D2s_v3", 2, true, Set.of("fixedScale")));
        Plan plan = Planner.plan(desired, owning(provider, desired), provider);
        assertThat(plan.hasErrors()).isTrue();
        assertThat(plan.canApply()).isFalse();
        assertThat(plan.diagnostics()).extracting(Diagnostic::toString).singleElement().asString()
                .startsWith("pool.render: Protected: the plan would replace this resource (account cannot change in place)");
        ResourceChange change = plan.changes().get(0);
        assertThat(change.changes()).extracting(AttributeChange::path).containsExactly("account");
    }

    @Test
    void aProtectedPoolStopsTheReplacementOfItsAccount() {
        InMemoryProvider provider = new InMemoryProvider();
        provider.live.put(ACCOUNT, Attributes.of(Map.of("name", "main", "location", "northeurope")));
        provider.live.put(RENDER, Attributes.of(Map.of("name", "render", "account", "/a", "vmSize", "Standard_D2s_v3",
                "fixedScale", Map.of("targetDedicatedNodes", 3))));
        List<DesiredResource> desired = List.of(account(), pool(RENDER, "Standard_D2s_v3", 3, true, Set.of()));
        Plan plan = Planner.plan(desired, owning(provider, desired), provider);
        assertThat(plan.hasErrors()).isTrue();
        assertThat(plan.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.address()).isEqualTo(RENDER);
            assertThat(d.message()).contains("because batchAccount.main is replaced");
        });
    }

    /** A state that records the live resources the spec declares, as the provider shows them. */
    private static State owning(InMemoryProvider provider, List<DesiredResource> desired) {
        State state = State.empty();
        for (DesiredResource resource : desired) {
            Attributes live = provider.live.get(resource.address());
            if (live != null) {
                state = state.with(new ResourceState(resource.address(), resource.id(), live, Set.of()));
            }
        }
        return state;
    }
}
