package io.batchform.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.address.Address;
import io.batchform.plan.SavedPlan;
import io.batchform.provider.Attributes;
import io.batchform.state.ResourceState;
import io.batchform.state.State;
import io.batchform.state.StateJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The state and saved-plan readers on mutated real documents: each input is read, or refused with one line that
 * names the file (an {@link IllegalStateException} for a state, an {@link SavedPlan.UnreadablePlanException} for a
 * plan: the commands' exit 1), never another exception (exit 70). The corpus of inputs that once failed is replayed by
 * {@link #theCorpusIsReadOrRefused()}.
 */
class StateFuzzTest {
    private static final List<String> PIECES = List.of("{", "}", "[", "]", ",", ":", "\"", "null", "1", "-1", "1e400",
            "true", "\"x\"", "\"pool.a\"", "\"resources\"", "\"attributes\"", "\"address\"", "\"id\"", "\"version\"",
            "\"dependencies\"", "\"intents\"", "\"target\"", "\"changes\"", "\"action\"", "\"before\"", "\"after\"",
            "\"CREATE\"", "\"mode\"", "\"moved\"", "\u0000", "\u00e9", "\n", " ", "\\", "\"\\u0000\"", "[[[[", "{\"a\":");
    private static final String STATE = new String(StateJson.bytes(new State(State.FORMAT_VERSION, 7, "lineage-1",
            "westeurope", List.of(new ResourceState(Address.parse("batchAccount.main"), "/s/main",
                    Attributes.of(Map.of("name", "main", "tags", Map.of("a", "b"), "sizes", List.of(1, 2))), Set.of()),
            new ResourceState(Address.parse("pool.render"), "/s/main/pools/render",
                    Attributes.of(Map.of("vmSize", "STANDARD_D2S_V3", "targetDedicatedNodes", 2)),
                    Set.of(Address.parse("batchAccount.main")))), List.of("northeurope"),
            Map.of(Address.parse("pool.other"), "/s/main/pools/other"))), StandardCharsets.UTF_8);
    private static final String PLAN = """
            {
              "format" : "batchform-plan", "version" : 1, "target" : "emulator", "lineage" : "lineage-1",
              "priorSerial" : 7, "mode" : "NORMAL", "moved" : { "pool.old" : "pool.render" },
              "changes" : [ {
                "address" : "pool.render", "id" : "/s/main/pools/render", "action" : "UPDATE", "drain" : false,
                "before" : { "targetDedicatedNodes" : 2 }, "after" : { "targetDedicatedNodes" : 4 },
                "changes" : [ { "path" : "targetDedicatedNodes", "before" : 2, "after" : 4, "mutability" : "MUTABLE",
                  "sensitive" : false } ]
              } ],
              "dependencies" : { "pool.render" : [ "batchAccount.main" ] }
            }
            """;
    private static Path dir;

    @BeforeContainer
    static void directory() throws IOException {
        dir = Files.createTempDirectory("batchform-state-fuzz");
    }

    @AfterContainer
    static void clean() throws IOException {
        Files.deleteIfExists(dir.resolve("plan.json"));
        Files.deleteIfExists(dir);
    }

    @Provide
    Arbitrary<String> mutatedDocument() {
        Arbitrary<List<int[]>> edits = Combinators.combine(Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 100_000), Arbitraries.integers().between(0, PIECES.size() - 1),
                        Arbitraries.integers().between(1, 30))
                .as((kind, at, piece, length) -> new int[] {kind, at, piece, length}).list().ofMinSize(1).ofMaxSize(6);
        return Combinators.combine(Arbitraries.of(STATE, PLAN), edits).as(StateFuzzTest::mutate);
    }

    static String mutate(String seed, List<int[]> edits) {
        StringBuilder text = new StringBuilder(seed);
        for (int[] edit : edits) {
            int at = edit[1] % (text.length() + 1);
            int end = Math.min(text.length(), at + edit[3]);
            switch (edit[0]) {
                case 0 -> text.insert(at, PIECES.get(edit[2]));
                case 1 -> text.delete(at, end);
                case 2 -> text.replace(at, end, PIECES.get(edit[2]));
                default -> text.setLength(at);
            }
        }
        return text.toString();
    }

    @Property
    void aMutatedStateIsReadOrRefusedInOneLine(@ForAll("mutatedDocument") String text) {
        assertStateReadOrRefused(text);
    }

    @Property
    void aMutatedPlanIsReadOrRefusedInOneLine(@ForAll("mutatedDocument") String text) throws IOException {
        assertPlanReadOrRefused(text);
    }

    @Example
    void theCorpusIsReadOrRefused() throws IOException {
        for (Path input : Corpus.of("state")) {
            assertStateReadOrRefused(Files.readString(input, StandardCharsets.UTF_8));
        }
        for (Path input : Corpus.of("plan")) {
            assertPlanReadOrRefused(Files.readString(input, StandardCharsets.UTF_8));
        }
    }

    static void assertStateReadOrRefused(String text) {
        try {
            State state = StateJson.state(text.getBytes(StandardCharsets.UTF_8), "state.json");
            assertThat(StateJson.state(StateJson.bytes(state), "again")).as("what was read writes back the same")
                    .isEqualTo(state);
        } catch (IllegalStateException refused) {
            assertThat(refused.getMessage()).as(text).startsWith("state.json").doesNotContain("\n");
        }
    }

    static void assertPlanReadOrRefused(String text) throws IOException {
        Path file = dir.resolve("plan.json");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        try {
            SavedPlan.read(file);
        } catch (SavedPlan.UnreadablePlanException refused) {
            assertThat(refused.getMessage()).as(text).startsWith(file.toString()).doesNotContain("\n");
        }
    }
}
