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
    private static final List<String> ACCOUNTS = List.of("a", "b");

    @TempDir
    Path dir;

    /** One pool as the spec declares it. */
    private record Pool(String key, String account, String name, String vmSize, long nodes, String purpose) {
        Address address() {
            return Address.of(ResourceType.POOL, key);
        }

        DesiredResource desired() {
            return new DesiredResource(address(), "/" + account + "/pools/" + name, Attributes.of(Map.of(
                    "name", name, "account", "/" + account, "vmSize", vmSize,
                    "fixedScale", Map.of("targetDedicatedNodes", nodes), "metadata", Map.of("purpose", purpose))),
                    Set.of(Address.of(ResourceType.BATCH_ACCOUNT, account)), false, Set.of());
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 42})
    void everyStepLeavesTheCloudTheStateAndTheSpecInAgreement(long seed) {
        Random random = new Random(seed);
        InMemoryProvider cloud = new InMemoryProvider();
        FileStateStore store = new FileStateStore(dir.resolve("state-" + seed), Clock.systemUTC());
        Map<String, Pool> pools = new TreeMap<>();
        List<Move> moves = new ArrayList<>();
        State state = State.empty();
        int[] fresh = {0};
        List<String> log = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (int step = 0; step < STEPS; step++) {
            int edits = 1 + random.nextInt(2);
            for (int e = 0; e < edits; e++) {
                log.add(edit(random, pools, moves, fresh));
            }
            List<DesiredResource> desired = desired(pools);
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

    private static List<DesiredResource> desired(Map<String, Pool> pools) {
        List<DesiredResource> out = new ArrayList<>();
        for (String account : ACCOUNTS) {
            out.add(new DesiredResource(Address.of(ResourceType.BATCH_ACCOUNT, account), "/" + account,
                    Attributes.of(Map.of("name", account, "location", "westeurope")), Set.of(), false, Set.of()));
        }
        pools.values().forEach(p -> out.add(p.desired()));
        return out;
    }

    /** Makes one random edit to the spec and says which. */
    private static String edit(Random random, Map<String, Pool> pools, List<Move> moves, int[] fresh) {
        List<String> keys = new ArrayList<>(pools.keySet());
        int kind = keys.isEmpty() ? 0 : random.nextInt(7);
        if (kind == 0) {
            int n = ++fresh[0];
            Pool pool = new Pool("k" + n, ACCOUNTS.get(random.nextInt(2)), "p" + n, "Standard_D2s_v3",
                    random.nextInt(4), "x");
            pools.put(pool.key(), pool);
            return "add " + pool.key();
        }
        Pool pool = pools.get(keys.get(random.nextInt(keys.size())));
        switch (kind) {
            case 1 -> {
                pools.remove(pool.key());
                forget(moves, pool.address());
                return "delete " + pool.key();
            }
            case 2 -> {
                String name = "p" + ++fresh[0];
                put(pools, pool, new Pool(pool.key(), pool.account(), name, pool.vmSize(), pool.nodes(), pool.purpose()));
                return "rename " + pool.key() + " to " + name;
            }
            case 3 -> {
                String key = "k" + ++fresh[0];
                pools.remove(pool.key());
                Pool moved = new Pool(key, pool.account(), pool.name(), pool.vmSize(), pool.nodes(), pool.purpose());
                pools.put(key, moved);
                // The spec keeps its moved: entries, chains included (old -> mid, mid -> new).
                moves.add(new Move(pool.address(), moved.address()));
                return "move " + pool.key() + " to " + key;
            }
            case 4 -> {
                boolean nodes = random.nextBoolean();
                put(pools, pool, new Pool(pool.key(), pool.account(), pool.name(), pool.vmSize(),
                        nodes ? (pool.nodes() + 1) % 5 : pool.nodes(), nodes ? pool.purpose() : pool.purpose() + "y"));
                return "update " + pool.key();
            }
            case 5 -> {
                String size = pool.vmSize().equals("Standard_D2s_v3") ? "Standard_D4s_v3" : "Standard_D2s_v3";
                put(pools, pool, new Pool(pool.key(), pool.account(), pool.name(), size, pool.nodes(), pool.purpose()));
                return "resize " + pool.key() + " (empty pool)";
            }
            default -> {
                String account = pool.account().equals("a") ? "b" : "a";
                put(pools, pool, new Pool(pool.key(), account, pool.name(), pool.vmSize(), pool.nodes(), pool.purpose()));
                return "move " + pool.key() + " to account " + account + " (replace)";
            }
        }
    }

    private static void put(Map<String, Pool> pools, Pool old, Pool replacement) {
        pools.put(old.key(), replacement);
    }

    /** Drops the moved entries that lead to {@code address}, which is no longer declared, as a user would. */
    private static void forget(List<Move> moves, Address address) {
        List<Move> leading = moves.stream().filter(m -> m.to().equals(address)).toList();
        moves.removeAll(leading);
        leading.forEach(m -> forget(moves, m.from()));
    }
}
