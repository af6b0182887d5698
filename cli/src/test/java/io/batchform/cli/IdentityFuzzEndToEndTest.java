package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.emulator.ArmEmulator;
import io.batchform.state.FileStateStore;
import io.batchform.state.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The identity fuzz test of the planner ({@code IdentityFuzzTest}), against the emulator through the real SDK and
 * the command line: random sequences of edits to a spec file (add, delete, rename with {@code name:}, re-key with a
 * {@code moved:} entry, change in place, a new VM size, move to the other account), each followed by {@code apply}.
 * After every step the emulator holds exactly the pools and accounts the state records, the state records exactly
 * what the spec declares (address and id), and {@code plan --detailed-exitcode} says there is nothing to do.
 * {@code -Dbatchform.fuzz.e2e.steps=N} sets the steps per seed (50 by default: a hundred in the suite over two seeds; the planner's {@code IdentityFuzzTest} runs 300
 * more against its in-memory cloud).
 */
class IdentityFuzzEndToEndTest {
    private static final int STEPS = Integer.getInteger("batchform.fuzz.e2e.steps", 50);
    private static final String SUBSCRIPTION = "/subscriptions/00000000-0000-0000-0000-000000000000";
    private static final String GROUP = SUBSCRIPTION + "/resourceGroups/rg-fuzz";
    private static final List<String> ACCOUNTS = List.of("a", "b");

    @TempDir
    Path tmp;

    private ArmEmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    /** One pool as the spec declares it. */
    private record Pool(String key, String account, String name, String vmSize, long nodes, String purpose) {
        Pool with(String account, String name, String vmSize, long nodes, String purpose) {
            return new Pool(key, account, name, vmSize, nodes, purpose);
        }

        String id() {
            return accountId(account) + "/pools/" + name;
        }

        String yaml() {
            return "  " + key + ":\n"
                    + "    account: " + account + "\n"
                    + "    name: " + name + "\n"
                    + "    vmSize: " + vmSize + "\n"
                    + "    image: {publisher: canonical, offer: 0001-com-ubuntu-server-jammy, sku: 22_04-lts}\n"
                    + "    nodeAgentSkuId: batch.node.ubuntu 22.04\n"
                    + "    fixedScale: {targetDedicatedNodes: " + nodes + "}\n"
                    + "    metadata: {purpose: " + purpose + "}\n";
        }
    }

    private record Move(String from, String to) {
    }

    private static String accountId(String key) {
        return GROUP + "/providers/Microsoft.Batch/batchAccounts/bffuzz" + key;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 42})
    void everyApplyLeavesTheEmulatorTheStateAndTheSpecInAgreement(long seed) throws Exception {
        emulator = ArmEmulator.builder().inMemory().resizeDuration(Duration.ZERO).pollsBeforeDone(0).build().start();
        Workdir dir = new Workdir(Files.createDirectories(tmp.resolve("seed-" + seed))).always("--endpoint", emulator.endpoint().toString(),
                "--ca-cert", emulator.caCertificatePath().toString());
        Random random = new Random(seed);
        Map<String, Pool> pools = new TreeMap<>();
        List<Move> moves = new ArrayList<>();
        List<String> log = new ArrayList<>();
        Set<String> planned = new TreeSet<>();
        int[] fresh = {0};
        for (int step = 0; step < STEPS; step++) {
            int edits = 1 + random.nextInt(2);
            for (int e = 0; e < edits; e++) {
                log.add(edit(random, pools, moves, fresh));
            }
            dir.write(spec(pools, moves));
            String where = "seed " + seed + ", step " + step + " after " + log.subList(Math.max(0, log.size() - 6),
                    log.size());

            CliRun apply = dir.run("apply", "--auto-approve");
            assertThat(apply.exitCode()).as(where + ":\n" + apply.out() + apply.err()).isZero();
            planned.addAll(kinds(apply.out()));

            Map<String, String> declared = new TreeMap<>();
            declared.put("resourceGroup.main", lower(GROUP));
            ACCOUNTS.forEach(a -> declared.put("batchAccount." + a, lower(accountId(a))));
            pools.values().forEach(p -> declared.put("pool." + p.key(), lower(p.id())));
            State state = new FileStateStore(dir.state, Clock.systemUTC()).read().orElseThrow();
            Map<String, String> recorded = new TreeMap<>();
            state.resources().forEach(r -> recorded.put(r.address().toString(), lower(r.id())));
            assertThat(recorded).as(where + ": the state is the spec").isEqualTo(declared);
            assertThat(state.intents()).as(where + ": no intent left").isEmpty();
            assertThat(live()).as(where + ": what the emulator holds is what the state records, nothing orphaned")
                    .isEqualTo(new TreeSet<>(recorded.values()));

            CliRun again = dir.run("plan", "--detailed-exitcode");
            assertThat(again.exitCode()).as(where + ": a second plan is empty:\n" + again.out() + again.err())
                    .isZero();
        }
        if (STEPS >= 50) {
            assertThat(planned).as("seed " + seed + ": the edits reached every kind of change")
                    .contains("created", "updated in place", "destroyed", "replaced", "moved");
        }
    }

    /** Every resource the emulator holds, lower-cased ids. */
    private Set<String> live() {
        return emulator.resourceIds().stream().map(IdentityFuzzEndToEndTest::lower)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The kinds of change apply reported, from its "# ADDRESS will be/must be/has ..." lines. */
    private static Set<String> kinds(String out) {
        Set<String> kinds = new TreeSet<>();
        for (String line : out.split("\n")) {
            String text = line.strip();
            if (!text.startsWith("# ")) {
                continue;
            }
            for (String kind : List.of("created", "updated in place", "destroyed", "replaced", "moved")) {
                if (text.contains(kind)) {
                    kinds.add(kind);
                }
            }
        }
        return kinds;
    }

    private static String spec(Map<String, Pool> pools, List<Move> moves) {
        StringBuilder yaml = new StringBuilder("resourceGroup: rg-fuzz\nlocation: westeurope\n\nbatchAccounts:\n");
        ACCOUNTS.forEach(a -> yaml.append("  ").append(a).append(":\n    name: bffuzz").append(a).append('\n'));
        if (!pools.isEmpty()) {
            yaml.append("\npools:\n");
            pools.values().forEach(p -> yaml.append(p.yaml()));
        }
        if (!moves.isEmpty()) {
            yaml.append("\nmoved:\n");
            moves.forEach(m -> yaml.append("  - {from: pool.").append(m.from()).append(", to: pool.").append(m.to())
                    .append("}\n"));
        }
        return yaml.toString();
    }

    /** Makes one random edit to the spec and says which. */
    private static String edit(Random random, Map<String, Pool> pools, List<Move> moves, int[] fresh) {
        List<String> keys = new ArrayList<>(pools.keySet());
        int kind = keys.isEmpty() ? 0 : random.nextInt(7);
        if (kind == 0) {
            int n = ++fresh[0];
            Pool pool = new Pool("k" + n, ACCOUNTS.get(random.nextInt(2)), "p" + n, "Standard_D2s_v3",
                    random.nextInt(3), "x");
            pools.put(pool.key(), pool);
            return "add " + pool.key();
        }
        Pool pool = pools.get(keys.get(random.nextInt(keys.size())));
        switch (kind) {
            case 1 -> {
                pools.remove(pool.key());
                forget(moves, pool.key());
                return "delete " + pool.key();
            }
            case 2 -> {
                String name = "p" + ++fresh[0];
                pools.put(pool.key(), pool.with(pool.account(), name, pool.vmSize(), pool.nodes(), pool.purpose()));
                return "rename " + pool.key() + " to " + name;
            }
            case 3 -> {
                String key = "k" + ++fresh[0];
                pools.remove(pool.key());
                pools.put(key, new Pool(key, pool.account(), pool.name(), pool.vmSize(), pool.nodes(), pool.purpose()));
                // The spec keeps its moved: entries, chains included (old -> mid, mid -> new).
                moves.add(new Move(pool.key(), key));
                return "move " + pool.key() + " to " + key;
            }
            case 4 -> {
                boolean nodes = random.nextBoolean();
                pools.put(pool.key(), pool.with(pool.account(), pool.name(), pool.vmSize(),
                        nodes ? (pool.nodes() + 1) % 3 : pool.nodes(), nodes ? pool.purpose() : pool.purpose() + "y"));
                return "update " + pool.key();
            }
            case 5 -> {
                String size = pool.vmSize().equals("Standard_D2s_v3") ? "Standard_D4s_v3" : "Standard_D2s_v3";
                pools.put(pool.key(), pool.with(pool.account(), pool.name(), size, pool.nodes(), pool.purpose()));
                return "new vm size for " + pool.key();
            }
            default -> {
                String account = pool.account().equals("a") ? "b" : "a";
                boolean taken = pools.values().stream().anyMatch(p -> p.account().equals(account)
                        && p.name().equals(pool.name()));
                String name = taken ? "p" + ++fresh[0] : pool.name();
                pools.put(pool.key(), pool.with(account, name, pool.vmSize(), pool.nodes(), pool.purpose()));
                return "move " + pool.key() + " to account " + account;
            }
        }
    }

    /** Drops the moved entries that lead to {@code key}, which is no longer declared, as a user would. */
    private static void forget(List<Move> moves, String key) {
        List<Move> leading = moves.stream().filter(m -> m.to().equals(key)).toList();
        moves.removeAll(leading);
        leading.forEach(m -> forget(moves, m.from()));
    }

    private static String lower(String id) {
        return id.toLowerCase(Locale.ROOT);
    }
}
