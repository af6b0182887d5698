package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.emulator.ArmEmulator;
import io.batchform.plan.SpecEdits;
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
// Its two seeds run at once (each its own emulator and directory): they wait on the emulator more than they compute.
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
class IdentityFuzzEndToEndTest {
    private static final int STEPS = Integer.getInteger("batchform.fuzz.e2e.steps", 50);
    private static final String SUBSCRIPTION = "/subscriptions/00000000-0000-0000-0000-000000000000";
    private static final String GROUP = SUBSCRIPTION + "/resourceGroups/rg-fuzz";

    @TempDir
    Path tmp;

    private ArmEmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private static String id(SpecEdits.Pool p) {
        return accountId(p.account()) + "/pools/" + p.name();
    }

    private static String yaml(SpecEdits.Pool p) {
        return "  " + p.key() + ":\n"
                + "    account: " + p.account() + "\n"
                + "    name: " + p.name() + "\n"
                + "    vmSize: " + p.vmSize() + "\n"
                + "    image: {publisher: canonical, offer: 0001-com-ubuntu-server-jammy, sku: 22_04-lts}\n"
                + "    nodeAgentSkuId: batch.node.ubuntu 22.04\n"
                + "    fixedScale: {targetDedicatedNodes: " + p.nodes() + "}\n"
                + "    metadata: {purpose: " + p.purpose() + "}\n";
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
        SpecEdits spec = new SpecEdits(random, 3);
        List<String> log = new ArrayList<>();
        Set<String> planned = new TreeSet<>();
        for (int step = 0; step < STEPS; step++) {
            int edits = 1 + random.nextInt(2);
            for (int e = 0; e < edits; e++) {
                log.add(spec.edit());
            }
            dir.write(yaml(spec));
            String where = "seed " + seed + ", step " + step + " after " + log.subList(Math.max(0, log.size() - 6),
                    log.size());

            CliRun apply = dir.run("apply", "--auto-approve");
            assertThat(apply.exitCode()).as(where + ":\n" + apply.out() + apply.err()).isZero();
            planned.addAll(kinds(apply.out()));

            Map<String, String> declared = new TreeMap<>();
            declared.put("resourceGroup.main", lower(GROUP));
            SpecEdits.ACCOUNTS.forEach(a -> declared.put("batchAccount." + a, lower(accountId(a))));
            spec.pools().values().forEach(p -> declared.put("pool." + p.key(), lower(id(p))));
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

    private static String yaml(SpecEdits spec) {
        Map<String, SpecEdits.Pool> pools = spec.pools();
        List<SpecEdits.Moved> moves = spec.moves();
        StringBuilder yaml = new StringBuilder("resourceGroup: rg-fuzz\nlocation: westeurope\n\nbatchAccounts:\n");
        SpecEdits.ACCOUNTS.forEach(a -> yaml.append("  ").append(a).append(":\n    name: bffuzz").append(a).append('\n'));
        if (!pools.isEmpty()) {
            yaml.append("\npools:\n");
            pools.values().forEach(p -> yaml.append(yaml(p)));
        }
        if (!moves.isEmpty()) {
            yaml.append("\nmoved:\n");
            moves.forEach(m -> yaml.append("  - {from: pool.").append(m.from()).append(", to: pool.").append(m.to())
                    .append("}\n"));
        }
        return yaml.toString();
    }

    private static String lower(String id) {
        return id.toLowerCase(Locale.ROOT);
    }
}
