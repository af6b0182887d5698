package io.batchform.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The spec the identity fuzz tests edit at random, as plain data: two Batch accounts ({@code a} and {@code b}), pools
 * by spec key, and the spec's {@code moved:} entries. Each {@link #edit} adds, deletes, renames (a new Azure name),
 * re-keys with a moved entry, changes in place, gives a new VM size (an empty-pool change) or moves a pool to the
 * other account (a replacement). The in-memory test ({@code IdentityFuzzTest}) and the emulator test
 * ({@code IdentityFuzzEndToEndTest}) render it their own way.
 */
public final class SpecEdits {
    public static final List<String> ACCOUNTS = List.of("a", "b");

    /** One pool as the spec declares it. */
    public record Pool(String key, String account, String name, String vmSize, long nodes, String purpose) {
        Pool with(String account, String name, String vmSize, long nodes, String purpose) {
            return new Pool(key, account, name, vmSize, nodes, purpose);
        }
    }

    /** A {@code moved:} entry, by pool key. */
    public record Moved(String from, String to) {
    }

    private final Random random;
    private final int nodeValues;
    private final Map<String, Pool> pools = new TreeMap<>();
    private final List<Moved> moves = new ArrayList<>();
    private int fresh;

    /** Edits drawn from {@code random}; a pool's dedicated nodes range over {@code 0 .. nodeValues - 1}. */
    public SpecEdits(Random random, int nodeValues) {
        this.random = random;
        this.nodeValues = nodeValues;
    }

    public Map<String, Pool> pools() {
        return pools;
    }

    public List<Moved> moves() {
        return moves;
    }

    /** Makes one random edit to the spec and says which. */
    public String edit() {
        List<String> keys = new ArrayList<>(pools.keySet());
        int kind = keys.isEmpty() ? 0 : random.nextInt(7);
        if (kind == 0) {
            int n = ++fresh;
            Pool pool = new Pool("k" + n, ACCOUNTS.get(random.nextInt(2)), "p" + n, "Standard_D2s_v3",
                    random.nextInt(nodeValues), "x");
            pools.put(pool.key(), pool);
            return "add " + pool.key();
        }
        Pool pool = pools.get(keys.get(random.nextInt(keys.size())));
        switch (kind) {
            case 1 -> {
                pools.remove(pool.key());
                forget(pool.key());
                return "delete " + pool.key();
            }
            case 2 -> {
                String name = "p" + ++fresh;
                pools.put(pool.key(), pool.with(pool.account(), name, pool.vmSize(), pool.nodes(), pool.purpose()));
                return "rename " + pool.key() + " to " + name;
            }
            case 3 -> {
                String key = "k" + ++fresh;
                pools.remove(pool.key());
                pools.put(key, new Pool(key, pool.account(), pool.name(), pool.vmSize(), pool.nodes(), pool.purpose()));
                // The spec keeps its moved: entries, chains included (old -> mid, mid -> new).
                moves.add(new Moved(pool.key(), key));
                return "move " + pool.key() + " to " + key;
            }
            case 4 -> {
                boolean nodes = random.nextBoolean();
                pools.put(pool.key(), pool.with(pool.account(), pool.name(), pool.vmSize(),
                        nodes ? (pool.nodes() + 1) % nodeValues : pool.nodes(),
                        nodes ? pool.purpose() : pool.purpose() + "y"));
                return "update " + pool.key();
            }
            case 5 -> {
                String size = pool.vmSize().equals("Standard_D2s_v3") ? "Standard_D4s_v3" : "Standard_D2s_v3";
                pools.put(pool.key(), pool.with(pool.account(), pool.name(), size, pool.nodes(), pool.purpose()));
                return "new vm size for " + pool.key() + " (empty pool)";
            }
            default -> {
                String account = pool.account().equals("a") ? "b" : "a";
                // An account holds one pool of a name: a pool that moves next to one of its name gets a new one.
                boolean taken = pools.values().stream().anyMatch(p -> p.account().equals(account)
                        && p.name().equals(pool.name()));
                String name = taken ? "p" + ++fresh : pool.name();
                pools.put(pool.key(), pool.with(account, name, pool.vmSize(), pool.nodes(), pool.purpose()));
                return "move " + pool.key() + " to account " + account + " (replace)";
            }
        }
    }

    /** Drops the moved entries that lead to {@code key}, which is no longer declared, as a user would. */
    private void forget(String key) {
        List<Moved> leading = moves.stream().filter(m -> m.to().equals(key)).toList();
        moves.removeAll(leading);
        leading.forEach(m -> forget(m.from()));
    }
}
