package io.batchform.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.apply.Applier;
import io.batchform.provider.Attributes;
import io.batchform.state.FileStateStore;
import io.batchform.state.State;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random sequences of spec edits, each followed by a plan and its apply: add, delete, rename (a new Azure name),
 * re-key with a moved entry, change in place, change what needs an empty pool, move to another account (a changed
 * replace-only attribute). After every step what lives is exactly what the state records, the state is exactly what
 * the spec declares (by address and id), no intent is left over, and a second plan is empty. Each seed runs
 * {@code batchform.fuzz.steps} steps (100 by default: 300 in the suite); {@code -Dbatchform.fuzz.steps=5000} runs a
 * long one.
 */
class IdentityFuzzTest {
    private static final int STEPS = Integer.getInteger("batchform.fuzz.steps", 100);

    @TempDir
    Path dir;

    /** The desired resource of a pool of the edited spec. */
    private static DesiredResource desired(SpecEdits.Pool p) {
        return new DesiredResource(Address.of(ResourceType.POOL, p.key()), "/" + p.account() + "/pools/" + p.name(),
                Attributes.of(Map.of("name", p.name(), "account", "/" + p.account(), "vmSize", p.vmSize(),
                        "fixedScale", Map.of("targetDedicatedNodes", p.nodes()), "metadata", Map.of("purpose",
                                p.purpose()))), Set.of(Address.of(ResourceType.BATCH_ACCOUNT, p.account())), false,
                Set.of());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 42})
    void everyStepLeavesTheCloudTheStateAndTheSpecInAgreement(long seed) {
        Random random = new Random(seed);
        InMemoryProvider cloud = new InMemoryProvider();
        FileStateStore store = new FileStateStore(dir.resolve("state-" + seed), Clock.systemUTC());
        SpecEdits spec = new SpecEdits(random, 5);
        State state = State.empty();
        List<String> log = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (int step = 0; step < STEPS; step++) {
            int edits = 1 + random.nextInt(2);
            for (int e = 0; e < edits; e++) {
                log.add(spec.edit());
            }
            List<DesiredResource> desired = desired(spec.pools());
            List<Move> moves = spec.moves().stream().map(m -> new Move(Address.of(ResourceType.POOL, m.from()),
                    Address.of(ResourceType.POOL, m.to()))).toList();
            String where = "seed " + seed + ", step " + step + " after " + log.subList(Math.max(0, log.size() - 6),
                    log.size());
            Plan plan = Planner.plan(desired, state, cloud, Set.of(), moves);
            assertThat(plan.diagnostics()).as(where).isEmpty();
            plan.changes().forEach(c -> seen.add(c.action().name()));
            if (!plan.moved().isEmpty()) {
                seen.add("MOVED");
            }
            Applier.ApplyOutcome outcome = new Applier(cloud, store, Clock.systemUTC()).apply(plan, state, 4,
                    Applier.Listener.NONE);
            assertThat(outcome.succeeded()).as(where + ": " + outcome.diagnostics()).isTrue();
            state = outcome.state();
            assertThat(store.read()).as(where).contains(state);
            assertThat(state.intents()).as(where + ": no intent left").isEmpty();

            Map<Address, String> recorded = new TreeMap<>();
            state.resources().forEach(r -> recorded.put(r.address(), r.id().toLowerCase(Locale.ROOT)));
            Map<Address, String> declared = new TreeMap<>();
            desired.forEach(d -> declared.put(d.address(), d.id().toLowerCase(Locale.ROOT)));
            assertThat(recorded).as(where + ": the state is the spec").isEqualTo(declared);
            assertThat(liveIds(cloud)).as(where + ": what lives is what the state records, nothing orphaned")
                    .isEqualTo(new TreeSet<>(recorded.values()));

            Plan again = Planner.plan(desired, state, cloud, Set.of(), moves);
            assertThat(again.diagnostics()).as(where).isEmpty();
            assertThat(again.canApply()).as(where + ": a second plan is empty").isFalse();
        }
        assertThat(seen).as("the edits reached every kind of change").contains("CREATE", "UPDATE", "DELETE",
                "DELETE_THEN_CREATE", "CREATE_THEN_DELETE", "MOVED", "NO_OP");
    }

    private static Set<String> liveIds(InMemoryProvider cloud) {
        synchronized (cloud) {
            Set<String> ids = cloud.live.values().stream().map(a -> a.string("id").toLowerCase(Locale.ROOT))
                    .collect(Collectors.toCollection(TreeSet::new));
            cloud.displaced.keySet().forEach(id -> ids.add(id.toLowerCase(Locale.ROOT)));
            return ids;
        }
    }

    private static List<DesiredResource> desired(Map<String, SpecEdits.Pool> pools) {
        List<DesiredResource> out = new ArrayList<>();
        for (String account : SpecEdits.ACCOUNTS) {
            out.add(new DesiredResource(Address.of(ResourceType.BATCH_ACCOUNT, account), "/" + account,
                    Attributes.of(Map.of("name", account, "location", "westeurope")), Set.of(), false, Set.of()));
        }
        pools.values().forEach(p -> out.add(desired(p)));
        return out;
    }
}
