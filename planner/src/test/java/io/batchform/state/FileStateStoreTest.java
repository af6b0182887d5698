package io.batchform.state;

import static io.batchform.provider.AttributeSchema.updatable;
import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.provider.Attributes;
import io.batchform.provider.ResourceSchema;
import io.batchform.provider.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStateStoreTest {
    @TempDir
    Path dir;

    private static final Address POOL = Address.of(ResourceType.POOL, "render");
    private static final Address ACCOUNT = Address.of(ResourceType.BATCH_ACCOUNT, "main");

    private FileStateStore store() {
        return new FileStateStore(dir.resolve(".batchform"), Clock.systemUTC());
    }

    @Test
    void writesAtomicallyKeepsABackupAndReadsBackTheSameState() throws Exception {
        FileStateStore store = store();
        assertThat(store.read()).isEmpty();
        State first = State.empty().with(new ResourceState(ACCOUNT, "/subscriptions/s/x", Attributes.of(Map.of(
                "name", "main", "dedicatedCoreQuota", 500)), Set.of()));
        store.write(first);
        State second = first.with(new ResourceState(POOL, "/subscriptions/s/x/pools/render", Attributes.of(Map.of(
                "vmSize", "Standard_D2s_v3", "fixedScale", Map.of("targetDedicatedNodes", 2), "metadata", Map.of(),
                "weights", List.of(1.5, 2))), Set.of(ACCOUNT))).withActiveRegion("westeurope");
        store.write(second);
        State read = store.read().orElseThrow();
        assertThat(read).isEqualTo(second);
        assertThat(read.serial()).isEqualTo(3);
        assertThat(read.get(POOL).orElseThrow().attributes().get("fixedScale.targetDedicatedNodes")).isEqualTo(2L);
        assertThat(read.get(POOL).orElseThrow().dependencies()).containsExactly(ACCOUNT);
        Path backup = dir.resolve(".batchform/state.json.backup");
        assertThat(new FileStateStore(dir.resolve(".batchform"), Clock.systemUTC()).read().orElseThrow().serial()).isEqualTo(3);
        assertThat(Files.readString(backup)).contains("\"serial\" : 1");
        try (var files = Files.list(dir.resolve(".batchform"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("state.json", "state.json.backup");
        }
    }

    @Test
    void eachResourceRecordedIsAJournalLineThatAFreshReadAppliesUntilTheWholeStateIsSettled() throws Exception {
        FileStateStore store = store();
        Path journal = dir.resolve(".batchform/state.journal");
        State first = State.empty().with(new ResourceState(ACCOUNT, "/subscriptions/s/a", Attributes.of(Map.of(
                "name", "main")), Set.of()));
        store.write(first, ACCOUNT); // nothing on disk yet: written whole
        assertThat(journal).doesNotExist();
        State intent = first.withIntent(POOL, "/subscriptions/s/a/pools/render");
        store.write(intent, POOL);
        State made = intent.with(new ResourceState(POOL, "/subscriptions/s/a/pools/render", Attributes.of(Map.of(
                "vmSize", "Standard_D2s_v3", "weights", List.of(1.5, 2))), Set.of(ACCOUNT)));
        store.write(made, POOL);
        State gone = made.without(ACCOUNT);
        store.write(gone, ACCOUNT);
        assertThat(Files.readAllLines(journal)).as("the line naming the state it continues, then one per change")
                .hasSize(4).first().isEqualTo("{\"continues\":{\"lineage\":\"" + first.lineage() + "\",\"serial\":"
                        + first.serial() + "}}");
        assertThat(StateJson.state(Files.readAllBytes(dir.resolve(".batchform/state.json")), "file").serial())
                .as("the file is not rewritten per resource").isEqualTo(first.serial());

        // What a killed apply leaves: a fresh store (the next command) reads the file with the journal applied.
        assertThat(store().read()).contains(gone);
        assertThat(store().read().orElseThrow().intent(POOL)).isEmpty();

        store.settle(gone);
        assertThat(journal).doesNotExist();
        assertThat(StateJson.state(Files.readAllBytes(dir.resolve(".batchform/state.json")), "file")).isEqualTo(gone);
        store.settle(gone);
        assertThat(store().read()).contains(gone);
    }

    @Test
    void aJournalLineCutShortOrAlreadyInTheFileChangesNothing() throws Exception {
        FileStateStore store = store();
        State first = State.empty().with(new ResourceState(ACCOUNT, "/subscriptions/s/a", Attributes.of(Map.of()),
                Set.of()));
        store.write(first);
        State intent = first.withIntent(POOL, "/subscriptions/s/a/pools/render");
        store.write(intent, POOL);
        Path journal = dir.resolve(".batchform/state.journal");
        byte[] recorded = Files.readAllBytes(journal);
        State made = intent.with(new ResourceState(POOL, "/subscriptions/s/a/pools/render", Attributes.of(Map.of()),
                Set.of(ACCOUNT)));
        byte[] next = StateJournal.entry(made, POOL);
        // Killed while appending the pool: the half line announced a change the apply had not made yet.
        Files.write(journal, java.util.Arrays.copyOf(next, next.length / 2), java.nio.file.StandardOpenOption.APPEND);
        assertThat(store().read()).contains(intent);
        // The next apply reads that and records on: its line starts where the cut one did, not after it.
        FileStateStore rerun = store();
        State resumed = rerun.read().orElseThrow();
        rerun.write(made, POOL);
        assertThat(store().read()).contains(made);
        assertThat(resumed).isEqualTo(intent);

        // Killed after writing the whole state and before removing the journal: its lines are at or below the
        // file's serial and are skipped, so a state written whole later (with fewer resources) is not undone.
        State whole = made.without(ACCOUNT);
        store.write(whole);
        Files.write(journal, recorded);
        Files.write(journal, next, java.nio.file.StandardOpenOption.APPEND);
        assertThat(store().read()).contains(whole);
    }

    @Test
    void aJournalLineThatIsNotJsonIsReportedWithItsLine() throws Exception {
        FileStateStore store = store();
        State first = State.empty();
        store.write(first);
        store.write(first.withIntent(POOL, "/subscriptions/s/a/pools/render"), POOL);
        Files.writeString(dir.resolve(".batchform/state.journal"), "{\"serial\": \"x\"}\n",
                java.nio.file.StandardOpenOption.APPEND);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store().read())
                .isInstanceOf(JsonInput.Unreadable.class).hasMessageContaining("state.journal")
                .hasMessageContaining("line 3.serial: expected a whole number, got a string");
    }

    @Test
    void aSecondWriterIsRefusedWithTheHolderNamed() {
        FileStateStore first = store();
        FileStateStore second = store();
        StateStore.LockResult taken = first.lock("apply", Duration.ZERO);
        assertThat(taken).isInstanceOf(StateStore.LockResult.Acquired.class);
        StateStore.LockResult refused = second.lock("apply", Duration.ofMillis(300));
        assertThat(refused).isInstanceOfSatisfying(StateStore.LockResult.HeldBy.class, held -> {
            assertThat(held.holder().operation()).isEqualTo("apply");
            assertThat(held.holder().pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(held.holder().toString()).contains(System.getProperty("user.name")).contains("(pid ");
        });
        ((StateStore.LockResult.Acquired) taken).lock().close();
        assertThat(second.lock("plan", Duration.ZERO)).isInstanceOf(StateStore.LockResult.Acquired.class);
    }

    @Test
    void aWaitingWriterGetsTheLockOnceItIsReleased() throws Exception {
        FileStateStore store = store();
        StateStore.StateLock held = ((StateStore.LockResult.Acquired) store.lock("apply", Duration.ZERO)).lock();
        CompletableFuture<StateStore.LockResult> waiting = CompletableFuture.supplyAsync(
                () -> store().lock("destroy", Duration.ofSeconds(10)));
        Thread.sleep(100);
        assertThat(waiting).isNotDone();
        held.close();
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(StateStore.LockResult.Acquired.class);
    }

    @Test
    void forceUnlockRemovesALockWhoeverHoldsItAndSaysWhose() throws Exception {
        FileStateStore store = store();
        assertThat(store.forceUnlock()).isEmpty();
        java.nio.file.Files.createDirectories(dir.resolve(".batchform"));
        java.nio.file.Files.writeString(dir.resolve(".batchform/state.lock"), StateJson.lock(new LockInfo(
                "bob@ci-runner-7", 4121, "apply", java.time.Instant.parse("2026-12-01T08:00:00Z"))));
        assertThat(store.lock("apply", java.time.Duration.ZERO)).as("another machine's lock is not broken by itself")
                .isInstanceOf(StateStore.LockResult.HeldBy.class);
        assertThat(store.forceUnlock()).hasValueSatisfying(h -> assertThat(h.who()).isEqualTo("bob@ci-runner-7"));
        assertThat(store.lock("apply", java.time.Duration.ZERO)).isInstanceOf(StateStore.LockResult.Acquired.class);
    }

    @Test
    void secretsAreStoredOnlyAsSaltedHashes() throws Exception {
        ResourceSchema schema = new ResourceSchema(ResourceType.POOL, List.of(
                updatable("userAccounts.password").asSensitive(), updatable("vmSize")));
        Attributes attributes = Attributes.of(Map.of("vmSize", "Standard_D2s_v3",
                "userAccounts", Map.of("password", "hunter2")));
        Attributes redacted = Secrets.redact(attributes, schema, "lineage-1");
        assertThat(redacted.string("userAccounts.password")).startsWith("scrypt:").doesNotContain("hunter2");
        assertThat(Secrets.redact(redacted, schema, "lineage-1")).isEqualTo(redacted);
        assertThat(Secrets.redact(attributes, schema, "lineage-2").string("userAccounts.password"))
                .isNotEqualTo(redacted.string("userAccounts.password"));
        FileStateStore store = store();
        store.write(State.empty().with(new ResourceState(POOL, "id", redacted, Set.of())));
        assertThat(Files.readString(dir.resolve(".batchform/state.json"))).doesNotContain("hunter2");
    }

    @Test
    void forceUnlockByIdRemovesOnlyTheLockWithThatIdAndAStaleLockBrokenToLockIsNamed() throws Exception {
        FileStateStore store = store();
        assertThat(store.forceUnlock("any")).isInstanceOf(StateStore.Unlock.NotLocked.class);
        StateStore.StateLock held = ((StateStore.LockResult.Acquired) store.lock("apply", Duration.ZERO)).lock();
        String id = held.info().id();
        assertThat(id).hasSize(36); // a random UUID per lock
        assertThat(store.holder()).hasValueSatisfying(h -> assertThat(h.id()).isEqualTo(id));
        assertThat(store.forceUnlock("another")).isEqualTo(new StateStore.Unlock.OtherId(held.info()));
        assertThat(store.holder()).isPresent();
        assertThat(store.forceUnlock(id)).isEqualTo(new StateStore.Unlock.Removed(held.info()));
        assertThat(store.holder()).isEmpty();

        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        LockInfo stale = new LockInfo(LockInfo.currentUser(), gone.pid(), "apply",
                java.time.Instant.parse("2026-12-01T08:00:00Z"), "stale-1");
        Files.writeString(dir.resolve(".batchform/state.lock"), StateJson.lock(stale));
        StateStore.LockResult result = store.lock("plan", Duration.ZERO);
        assertThat(result).isInstanceOf(StateStore.LockResult.Acquired.class);
        assertThat(((StateStore.LockResult.Acquired) result).brokeStale()).isEqualTo(stale);
        ((StateStore.LockResult.Acquired) result).lock().close();
        assertThat(((StateStore.LockResult.Acquired) store.lock("plan", Duration.ZERO)).brokeStale()).isNull();
    }

    @Test
    void aLockWrittenWithoutAnIdHasItsPidAsItsIdAndOutputsRoundTrip() throws Exception {
        assertThat(StateJson.lock("{\"who\":\"bob\",\"pid\":4121,\"operation\":\"apply\",\"since\":"
                + "\"2026-12-01T08:00:00Z\"}", "state.lock").id()).isEqualTo("4121");
        FileStateStore store = store();
        State state = State.empty().withOutputs(Map.of("endpoint", new OutputValue("https://a", false),
                "nodes", new OutputValue(3, false), "secret", new OutputValue("s", true)));
        store.write(state);
        assertThat(store.read().orElseThrow().outputs()).isEqualTo(state.outputs());
        State none = State.empty();
        store.write(none);
        assertThat(Files.readString(dir.resolve(".batchform/state.json"))).doesNotContain("outputs");
    }

    // ---- a journal that does not continue the state beside it ----

    /** What a killed apply leaves: {@code first} written whole, then an intent and the pool made, in the journal. */
    private State killedAfterRecording(State first) {
        FileStateStore store = store();
        store.write(first);
        State intent = first.withIntent(POOL, "/subscriptions/s/a/pools/render");
        store.write(intent, POOL);
        State made = intent.with(new ResourceState(POOL, "/subscriptions/s/a/pools/render", Attributes.of(Map.of()),
                Set.of(ACCOUNT)));
        store.write(made, POOL);
        return made; // no settle, no close: killed
    }

    private static State of(String lineage, long serial) {
        return new State(State.FORMAT_VERSION, serial, lineage, null, List.of());
    }

    @Test
    void aJournalBesideAStateItDoesNotContinueIsRefusedNamingBothAndKeptUntilTheUserChooses() throws Exception {
        State first = of("lineage-1", 4).with(new ResourceState(ACCOUNT, "/subscriptions/s/a", Attributes.of(Map.of()),
                Set.of()));
        State made = killedAfterRecording(first);
        Path journal = dir.resolve(".batchform/state.journal");
        Path stateFile = dir.resolve(".batchform/state.json");
        byte[] recorded = Files.readAllBytes(journal);

        // The state replaced since by state push --force (which reads it, journal applied, then writes whole) with
        // another history, or an older copy: the journal stays.
        FileStateStore forcing = store();
        assertThat(forcing.read()).contains(made);
        forcing.write(first);
        assertThat(journal).as("an older copy").hasBinaryContent(recorded);
        forcing.write(of("lineage-other", 9));
        assertThat(journal).as("another history").hasBinaryContent(recorded);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store().read())
                .isInstanceOf(JsonInput.Unreadable.class)
                .hasMessage(journal + ": refused: it continues a state of lineage lineage-1 (serial 5), and "
                        + stateFile + " has lineage lineage-other (serial 9): the state was replaced since: nothing was read or "
                        + "changed. To keep the state as it is, move the journal aside (mv " + journal + " " + journal
                        + ".refused): what it recorded and the state lacks then shows at plan as existing outside the "
                        + "state, for batchform import. To keep what it recorded, put back the state it continues with "
                        + "batchform state push --force FILE (" + dir.resolve(".batchform/state.json.backup")
                        + " holds the state before the last write): the journal is then replayed onto it");
        // An older state of the same lineage, and one written since without the journal's changes.
        Files.write(stateFile, StateJson.bytes(of("lineage-1", 3)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store().read()).hasMessageContaining(
                "it continues the state at serial 5, and " + stateFile + " is at serial 3, older");
        Files.write(stateFile, StateJson.bytes(first.with(first.get(ACCOUNT).orElseThrow())));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store().read()).hasMessageContaining(
                "it continues the state at serial 5 with changes up to serial 7, and " + stateFile
                        + " was written at serial 6 since, without them");

        // A whole write by a store that could not read it (state push --force) leaves the journal where it is.
        FileStateStore pushing = store();
        org.assertj.core.api.Assertions.assertThatThrownBy(pushing::read).isInstanceOf(JsonInput.Unreadable.class);
        pushing.write(of("lineage-other", 9));
        assertThat(journal).hasBinaryContent(recorded);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store().read()).hasMessageContaining("refused");
        // Putting back the state it continues replays it.
        store().write(first);
        assertThat(journal).hasBinaryContent(recorded);
        assertThat(store().read()).contains(made);
        // Or the user moves it aside, and the state is read as it is.
        Files.write(stateFile, StateJson.bytes(of("lineage-other", 9)));
        Files.move(journal, dir.resolve(".batchform/state.journal.refused"));
        assertThat(store().read()).contains(of("lineage-other", 9));
    }

    @Test
    void aJournalThatRecordsChangesBesideNoStateIsRefusedAndOneThatRecordsNoneIsNothing() throws Exception {
        State first = of("lineage-1", 4);
        killedAfterRecording(first);
        Path journal = dir.resolve(".batchform/state.journal");
        Path stateFile = dir.resolve(".batchform/state.json");
        byte[] recorded = Files.readAllBytes(journal);
        Files.delete(stateFile);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store().read())
                .hasMessageStartingWith(journal + ": refused: it continues a state of lineage lineage-1 (serial 4) "
                        + "and records changes to it, and there is no " + stateFile + ": the state was removed since: "
                        + "nothing was read or changed.");
        // Killed after the line naming the state and before its first entry was whole: nothing to lose.
        byte[] header = StateJournal.header(new StateJournal.Base("lineage-1", 4));
        assertThat(new String(recorded, java.nio.charset.StandardCharsets.UTF_8)).startsWith(
                new String(header, java.nio.charset.StandardCharsets.UTF_8));
        Files.write(journal, java.util.Arrays.copyOf(recorded, header.length + 10));
        assertThat(store().read()).isEmpty();
        Files.write(stateFile, StateJson.bytes(of("lineage-other", 9)));
        assertThat(store().read()).contains(of("lineage-other", 9));
        // Cut inside that line: a journal of nothing, started again with the line by the next record.
        Files.write(journal, java.util.Arrays.copyOf(header, header.length - 3));
        FileStateStore next = store();
        State read = next.read().orElseThrow();
        State intent = read.withIntent(POOL, "/subscriptions/s/a/pools/render");
        next.write(intent, POOL);
        assertThat(Files.readAllLines(journal)).hasSize(2).first().asString().contains("\"lineage\":\"lineage-other\","
                + "\"serial\":9");
        assertThat(store().read()).contains(intent);
    }

    @Test
    void aJournalOfThePreviousVersionWithoutTheLineNamingItsStateIsReplayedAsBeforeThenFoldedIntoTheState()
            throws Exception {
        State first = of("lineage-1", 4).with(new ResourceState(ACCOUNT, "/subscriptions/s/a", Attributes.of(Map.of()),
                Set.of()));
        FileStateStore store = store();
        store.write(first);
        State intent = first.withIntent(POOL, "/subscriptions/s/a/pools/render");
        State made = intent.with(new ResourceState(POOL, "/subscriptions/s/a/pools/render", Attributes.of(Map.of()),
                Set.of(ACCOUNT)));
        Path journal = dir.resolve(".batchform/state.journal");
        java.io.ByteArrayOutputStream old = new java.io.ByteArrayOutputStream();
        old.writeBytes(StateJournal.entry(intent, POOL));
        old.writeBytes(StateJournal.entry(of("lineage-other", 20).withIntent(POOL, "x"), POOL));
        old.writeBytes(StateJournal.entry(made, POOL));
        Files.write(journal, old.toByteArray());
        assertThat(store().read()).as("entries of another lineage skipped, as before").contains(made);

        // The next apply folds it into a whole write at its first record, then starts a journal naming that state.
        FileStateStore next = store();
        State resumed = next.read().orElseThrow();
        State gone = resumed.without(ACCOUNT);
        next.write(gone, ACCOUNT);
        assertThat(journal).doesNotExist();
        assertThat(StateJson.state(Files.readAllBytes(dir.resolve(".batchform/state.json")), "file")).isEqualTo(gone);
        State again = gone.withIntent(ACCOUNT, "/subscriptions/s/b");
        next.write(again, ACCOUNT);
        assertThat(StateJournal.base(Files.readAllBytes(journal), "journal"))
                .contains(StateJournal.Base.of(gone));
        assertThat(store().read()).contains(again);
    }
}
