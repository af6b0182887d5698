package io.batchform.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.apply.Applier;
import io.batchform.provider.Attributes;
import io.batchform.render.HumanPlanRenderer;
import io.batchform.spec.convert.SpecToDesired;
import io.batchform.spec.load.LoadResult;
import io.batchform.spec.load.SpecLoader;
import io.batchform.state.FileStateStore;
import io.batchform.state.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job schedule through the engine with the in-memory provider: create, a clean second plan, update, replace, delete. */
class JobSchedulePlanTest {
    private static final Address NIGHTLY = Address.of(ResourceType.JOB_SCHEDULE, "nightly");
    private static final String SPEC = """
            resourceGroup: rg
            location: westeurope
            batchAccounts:
              main: {name: mainacct}
            pools:
              render:
                account: main
                vmSize: Standard_D2s_v3
                image: {publisher: canonical, offer: ubuntu, sku: "22_04"}
                nodeAgentSkuId: batch.node.ubuntu 22.04
                fixedScale: {targetDedicatedNodes: 1}
            jobSchedules:
              nightly:
                account: main
                pool: render
                cron: "0 2 * * 1-5"
                timeZone: Europe/Paris
                displayName: Nightly
                jobManagerTask: {commandLine: run.sh}
            %s""";

    @TempDir
    Path dir;

    private List<DesiredResource> desired(String extra, String now) throws IOException {
        Path file = dir.resolve("spec.yaml");
        Files.writeString(file, SPEC.formatted(extra));
        LoadResult result = SpecLoader.load(List.of(file), Map.of(), Map.of());
        assertThat(result.errors()).isEmpty();
        // The in-memory provider knows accounts, pools and job schedules: the resource group is left out.
        return SpecToDesired.convert(result.spec(), result.sources(), Map.of("BATCHFORM_NOW", now)).resources()
                .stream().filter(r -> new InMemoryProvider().schema().containsKey(r.address().type()))
                .map(r -> new DesiredResource(r.address(), r.id(), r.config(), r.dependsOn().stream()
                        .filter(d -> d.type() != ResourceType.RESOURCE_GROUP).collect(java.util.stream.Collectors.toSet()),
                        r.protect(), r.ignoreChanges())).toList();
    }

    private State apply(InMemoryProvider provider, Plan plan, State prior) {
        Applier applier = new Applier(provider, new FileStateStore(dir.resolve("state"), Clock.systemUTC()),
                Clock.systemUTC());
        Applier.ApplyOutcome outcome = applier.apply(plan, prior, 4, Applier.Listener.NONE);
        assertThat(outcome.succeeded()).isTrue();
        return outcome.state();
    }

    private static ResourceChange change(Plan plan) {
        return plan.changes().stream().filter(c -> c.address().equals(NIGHTLY)).findFirst().orElseThrow();
    }

    @Test
    void createsThenPlansCleanOnTheSameGridThenUpdatesReplacesAndDeletes() throws IOException {
        InMemoryProvider provider = new InMemoryProvider();
        Plan create = Planner.plan(desired("", "2026-12-06T02:30:00Z"), State.empty(), provider);
        assertThat(change(create).action()).isEqualTo(Action.CREATE);
        State state = apply(provider, create, State.empty());
        assertThat(provider.calls).contains("create jobSchedule.nightly");

        // Nine days later every first run is later, but on the same weekly grid: nothing to do.
        Plan later = Planner.plan(desired("", "2026-12-15T10:00:00Z"), state, provider);
        assertThat(change(later).action()).isEqualTo(Action.NO_OP);
        assertThat(later.canApply()).isFalse();

        // After the move to summer time the grid moves by an hour: the schedules are updated in place.
        Plan summer = Planner.plan(desired("", "2027-03-29T12:00:00Z"), state, provider);
        assertThat(change(summer).action()).isEqualTo(Action.UPDATE);
        assertThat(change(summer).changes()).extracting(AttributeChange::path).containsExactly("schedules");

        // The priority is updated in place; the display name cannot be.
        Plan priority = Planner.plan(desired("    priority: 10\n", "2026-12-15T10:00:00Z"), state, provider);
        assertThat(change(priority).action()).isEqualTo(Action.UPDATE);
        provider.live.put(NIGHTLY, provider.live.get(NIGHTLY).with("activeJobs", 2));
        Plan replace = Planner.plan(desired("", "2026-12-15T10:00:00Z").stream().map(r -> r.address().equals(NIGHTLY)
                ? new DesiredResource(r.address(), r.id(), r.config().with("displayName", "Nightly v2"), r.dependsOn(),
                false, r.ignoreChanges()) : r).toList(), state, provider);
        assertThat(change(replace).action()).isEqualTo(Action.DELETE_THEN_CREATE);
        assertThat(render(replace)).contains("# jobSchedule.nightly must be replaced\n"
                + "  #   it goes with its 2 active jobs and their tasks");

        Plan delete = Planner.plan(desired("", "2026-12-15T10:00:00Z").stream()
                .filter(r -> !r.address().equals(NIGHTLY)).toList(), state, provider);
        assertThat(change(delete).action()).isEqualTo(Action.DELETE);
        assertThat(render(delete)).contains("# jobSchedule.nightly will be destroyed\n"
                + "  #   it goes with its 2 active jobs and their tasks");
        State deleted = apply(provider, delete, state);
        assertThat(deleted.get(NIGHTLY)).isEmpty();
        assertThat(provider.live).doesNotContainKey(NIGHTLY);
    }

    @Test
    void aProtectedScheduleIsNotReplaced() throws IOException {
        InMemoryProvider provider = new InMemoryProvider();
        State state = apply(provider, Planner.plan(desired("    protect: true\n", "2026-12-06T02:30:00Z"),
                State.empty(), provider), State.empty());
        Plan replace = Planner.plan(desired("    protect: true\n", "2026-12-06T02:30:00Z").stream()
                .map(r -> r.address().equals(NIGHTLY) ? new DesiredResource(r.address(), r.id(),
                        r.config().with("displayName", "Renamed"), r.dependsOn(), true, r.ignoreChanges()) : r)
                .toList(), state, provider);
        assertThat(replace.hasErrors()).isTrue();
        assertThat(replace.canApply()).isFalse();
        assertThat(replace.diagnostics()).singleElement().satisfies(d -> assertThat(d.toString())
                .startsWith("jobSchedule.nightly: Protected: the plan would replace this resource (displayName"));
    }

    private static String render(Plan plan) {
        InMemoryProvider provider = new InMemoryProvider();
        return new HumanPlanRenderer(io.batchform.render.Style.PLAIN, address -> provider.schema().get(address.type()))
                .render(plan);
    }
}
