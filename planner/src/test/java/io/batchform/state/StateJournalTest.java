package io.batchform.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.provider.Attributes;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The journal format and its one replay, which the file store and the remote store share. */
class StateJournalTest {
    private static final Address ACCOUNT = Address.of(ResourceType.BATCH_ACCOUNT, "main");
    private static final Address POOL = Address.of(ResourceType.POOL, "render");

    private static final State BASE = base();

    /** A state of one account, with a drill recorded; one lineage for every test (State.empty draws a new one). */
    private static State base() {
        State empty = State.empty();
        return new State(empty.version(), 0, "lineage-1", null, List.of(), List.of()).with(new ResourceState(ACCOUNT, "/subscriptions/s/a", Attributes.of(Map.of("name", "main")),
                Set.of())).withDrill(new State.Drill("northeurope", "westeurope", Instant.parse("2026-12-01T08:00:00Z"),
                Duration.ofMinutes(12), 4));
    }

    /** The base, then a pool's intent and the pool made, each recorded as one entry: {state after, journal bytes}. */
    private static Object[] recorded(State base) {
        State intent = base.withIntent(POOL, "/subscriptions/s/a/pools/render");
        State made = intent.with(new ResourceState(POOL, "/subscriptions/s/a/pools/render", Attributes.of(Map.of(
                "vmSize", "Standard_D2s_v3")), Set.of(ACCOUNT)));
        ByteArrayOutputStream journal = new ByteArrayOutputStream();
        journal.writeBytes(StateJournal.entry(intent, POOL));
        journal.writeBytes(StateJournal.entry(made, POOL));
        return new Object[] {made, journal.toByteArray()};
    }

    @Test
    void replayingTheEntriesGivesTheStateTheyRecordedDrillsIncluded() {
        State base = BASE;
        Object[] recorded = recorded(base);
        State made = (State) recorded[0];
        byte[] journal = (byte[]) recorded[1];
        assertThat(StateJournal.replay(base, journal, "journal")).isEqualTo(made);
        assertThat(StateJournal.replay(java.util.Optional.of(base), "state", StateJournal.Base.of(base), journal,
                "journal", ": advice")).contains(made);
        assertThat(StateJournal.replay(base, journal, "journal").drills())
                .as("a replayed state keeps what only a whole write records").isEqualTo(base.drills());
        assertThat(StateJournal.endsWhole(journal)).isTrue();
        byte[] cut = java.util.Arrays.copyOf(journal, journal.length - 10);
        assertThat(StateJournal.endsWhole(cut)).isFalse();
        assertThat(StateJournal.replay(base, cut, "journal")).as("the cut last entry never happened")
                .isEqualTo(base.withIntent(POOL, "/subscriptions/s/a/pools/render"));
    }

    @Test
    void onlyChangesOfResourcesAndIntentsAreJournaled() {
        State base = BASE;
        assertThat(StateJournal.holds(base, base.withIntent(POOL, "id"))).isTrue();
        assertThat(StateJournal.holds(base, base.without(ACCOUNT))).isTrue();
        assertThat(StateJournal.holds(base, base.withActiveRegion("northeurope"))).isFalse();
        assertThat(StateJournal.holds(base, base.withOutputs(Map.of("x", new OutputValue(1, false))))).isFalse();
        assertThat(StateJournal.holds(base, base.withDrill(new State.Drill("eastus", "westeurope",
                Instant.parse("2026-12-02T08:00:00Z"), Duration.ofMinutes(3), 1)))).isFalse();
    }

    static Stream<Arguments> statesTheJournalDoesNotContinue() {
        State base = BASE;
        State made = (State) recorded(base)[0];
        return Stream.of(
                Arguments.of("another lineage", new State(base.version(), base.serial(), "lineage-other", null,
                        base.resources(), List.of()), "it continues a state of lineage " + base.lineage()),
                Arguments.of("an older state", new State(base.version(), base.serial() - 1, base.lineage(), null,
                        base.resources(), List.of()), "is at serial " + (base.serial() - 1) + ", older"),
                Arguments.of("a state written since without the changes", new State(base.version(),
                        made.serial() - 1, base.lineage(), null, base.resources(), List.of()),
                        "with changes up to serial " + made.serial() + ", and state was written at serial "
                                + (made.serial() - 1) + " since, without them"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statesTheJournalDoesNotContinue")
    void aJournalThatDoesNotContinueTheStateIsRefusedInOneLine(String what, State state, String message) {
        State base = BASE;
        byte[] journal = (byte[]) recorded(base)[1];
        assertThatThrownBy(() -> StateJournal.replay(java.util.Optional.of(state), "state", StateJournal.Base.of(base),
                journal, "journal", ": advice")).isInstanceOf(JsonInput.Unreadable.class)
                .hasMessageStartingWith("journal: refused: ").hasMessageContaining(message)
                .hasMessageEndingWith(": advice")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aStateWrittenSinceWithEveryChangeReadsAsItselfAndAForeignEntryIsRefused() {
        State base = BASE;
        Object[] recorded = recorded(base);
        State made = (State) recorded[0];
        byte[] journal = (byte[]) recorded[1];
        assertThat(StateJournal.replay(java.util.Optional.of(made), "state", StateJournal.Base.of(base), journal,
                "journal", ": advice")).as("killed after the whole write, before the journal went").contains(made);
        State foreign = new State(base.version(), made.serial() + 1, "lineage-other", null, List.of(), List.of());
        byte[] mixed = java.util.Arrays.copyOf(journal, journal.length + StateJournal.entry(foreign, POOL).length);
        System.arraycopy(StateJournal.entry(foreign, POOL), 0, mixed, journal.length,
                StateJournal.entry(foreign, POOL).length);
        assertThatThrownBy(() -> StateJournal.replay(java.util.Optional.of(base), "state", StateJournal.Base.of(base),
                mixed, "journal", ": advice"))
                .isInstanceOf(JsonInput.Unreadable.class).hasMessageContaining("line 3 is of lineage lineage-other");
        assertThat(StateJournal.replay(base, mixed, "journal")).as("a journal without a base skips it, as before")
                .isEqualTo(made);
    }
    @Test
    void aJournalNamesInItsFirstLineTheStateItContinuesAndIsReplayedOnlyOntoThatState() {
        Object[] recorded = recorded(BASE);
        State made = (State) recorded[0];
        byte[] entries = (byte[]) recorded[1];
        byte[] header = StateJournal.header(StateJournal.Base.of(BASE));
        assertThat(new String(header, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"continues\":{\"lineage\":\"lineage-1\",\"serial\":2}}\n");
        byte[] journal = java.util.Arrays.copyOf(header, header.length + entries.length);
        System.arraycopy(entries, 0, journal, header.length, entries.length);
        assertThat(StateJournal.base(journal, "journal")).contains(StateJournal.Base.of(BASE));
        assertThat(StateJournal.base(entries, "journal")).as("written before journals named their state").isEmpty();
        assertThat(StateJournal.replay(java.util.Optional.of(BASE), "state", journal, "journal", ": advice"))
                .contains(made);
        assertThat(StateJournal.replay(java.util.Optional.of(BASE), "state", entries, "journal", ": advice"))
                .as("without the line, as before").contains(made);
        State other = new State(BASE.version(), 3, "lineage-other", null, List.of(), List.of());
        assertThatThrownBy(() -> StateJournal.replay(java.util.Optional.of(other), "state", journal, "journal",
                ": advice")).isInstanceOf(JsonInput.Unreadable.class).hasMessage("journal: refused: it continues a "
                        + "state of lineage lineage-1 (serial 2), and state has lineage lineage-other (serial 3): the "
                        + "state was replaced since: advice");
        assertThat(StateJournal.replay(java.util.Optional.of(other), "state", entries, "journal", ": advice"))
                .as("the previous version's journal of another lineage is skipped, as before").contains(other);
        assertThatThrownBy(() -> StateJournal.replay(java.util.Optional.empty(), "state", journal, "journal",
                ": advice")).hasMessage("journal: refused: it continues a state of lineage lineage-1 (serial 2) and "
                        + "records changes to it, and there is no state: the state was removed since: advice");
        assertThat(StateJournal.replay(java.util.Optional.empty(), "state", entries, "journal", ": advice")).isEmpty();
        assertThat(StateJournal.replay(java.util.Optional.of(other), "state", header, "journal", ": advice"))
                .as("a journal that records no change loses nothing").contains(other);
    }

    /** The remote store keeps the base in the journal blob's metadata: the same reading and refusals. */
    @Test
    void aJournalWhoseBaseIsKeptBesideItIsReadAndRefusedAsOneThatNamesIt() {
        Object[] recorded = recorded(BASE);
        State made = (State) recorded[0];
        byte[] entries = (byte[]) recorded[1];
        StateJournal.Base base = StateJournal.Base.of(BASE);
        assertThat(StateJournal.replay(java.util.Optional.of(BASE), "state", base, entries, "journal", ": advice"))
                .contains(made);
        assertThatThrownBy(() -> StateJournal.replay(java.util.Optional.empty(), "state", base, entries, "journal",
                ": advice")).isInstanceOf(JsonInput.Unreadable.class).hasMessage("journal: refused: it continues a "
                        + "state of lineage lineage-1 (serial 2) and records changes to it, and there is no state: the "
                        + "state was removed since: advice");
        State other = new State(BASE.version(), 3, "lineage-other", null, List.of(), List.of());
        assertThat(StateJournal.replay(java.util.Optional.of(other), "state", base, new byte[0], "journal",
                ": advice")).as("a journal that records no change loses nothing").contains(other);
        assertThat(StateJournal.replay(java.util.Optional.empty(), "state", base, new byte[0], "journal", ": advice"))
                .isEmpty();
    }

    @Test
    void theLineNamingTheStateComesFirstAndWhole() {
        byte[] header = StateJournal.header(StateJournal.Base.of(BASE));
        byte[] entries = (byte[]) recorded(BASE)[1];
        byte[] late = java.util.Arrays.copyOf(entries, entries.length + header.length);
        System.arraycopy(header, 0, late, entries.length, header.length);
        assertThatThrownBy(() -> StateJournal.base(late, "journal")).isInstanceOf(JsonInput.Unreadable.class)
                .hasMessage("journal: line 3.continues: a journal names the state it continues in its first line only");
        assertThatThrownBy(() -> StateJournal.base("{\"continues\":{\"lineage\":\"l\"}}\n".getBytes(
                java.nio.charset.StandardCharsets.UTF_8), "journal")).hasMessage("journal: line 1.continues.serial: "
                        + "missing (expected a whole number)");
        assertThat(StateJournal.base(java.util.Arrays.copyOf(header, header.length - 1), "journal"))
                .as("cut short: named nothing").isEmpty();
    }
}
