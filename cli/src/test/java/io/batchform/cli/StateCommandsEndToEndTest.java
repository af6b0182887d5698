package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code state pull} and {@code state push} against a state applied to the embedded emulator. */
class StateCommandsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void pullPrintsTheStateAndPushPutsANewerCopyBackRefusingOlderOrForeignOnes() throws Exception {
        Workdir dir = Workdir.quickstart(tmp);
        assertThat(dir.run("state", "pull").out()).as("no state yet").isEmpty();
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        CliRun pull = dir.run("state", "pull");
        assertThat(pull.exitCode()).isZero();
        assertThat(pull.out()).isEqualTo(Files.readString(dir.state.resolve("state.json")) + "\n");
        ObjectNode state = (ObjectNode) JSON.readTree(pull.out());
        long serial = state.path("serial").asLong();
        assertThat(state.path("resources")).hasSize(7);
        Path older = Files.writeString(tmp.resolve("older.json"), pull.out());

        CliRun same = dir.run("state", "push", older.toString());
        assertThat(same.exitCode()).as(same.err()).isZero();

        ArrayNode resources = (ArrayNode) state.path("resources");
        resources.remove(resources.size() - 1);
        state.put("serial", serial + 1);
        Path newer = Files.writeString(tmp.resolve("newer.json"), JSON.writeValueAsString(state));
        CliRun push = dir.run("state", "push", newer.toString());
        assertThat(push.exitCode()).as(push.err()).isZero();
        assertThat(push.out()).contains("Pushed " + newer + " to ", "(serial " + (serial + 1) + ", lineage ",
                "6 resources).");
        assertThat(dir.run("state", "list").out().lines()).hasSize(6);
        assertThat(JSON.readTree(dir.run("state", "pull").out()).path("serial").asLong()).isEqualTo(serial + 1);
        assertThat(dir.state.resolve("state.json.backup")).exists();

        CliRun stale = dir.run("state", "push", older.toString());
        assertThat(stale.exitCode()).isEqualTo(1);
        assertThat(stale.err()).contains(older + " has serial " + serial + ", older than the state's " + (serial + 1),
                "nothing was written");
        assertThat(dir.run("state", "list").out().lines()).hasSize(6);

        state.put("serial", serial + 1);
        state.put("lineage", "00000000-0000-0000-0000-000000000000");
        Path foreign = Files.writeString(tmp.resolve("foreign.json"), JSON.writeValueAsString(state));
        CliRun refused = dir.run("state", "push", foreign.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("has lineage 00000000-0000-0000-0000-000000000000, the state ",
                "they are the histories of different states");
        CliRun sameSerial = dir.run("state", "push", Files.writeString(tmp.resolve("changed.json"),
                JSON.writeValueAsString(((ObjectNode) JSON.readTree(newer.toFile())).put("activeRegion", "westeurope")))
                .toString());
        assertThat(sameSerial.err()).contains("has the state's serial " + (serial + 1) + " but other content");

        CliRun forced = dir.run("state", "push", older.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(dir.run("state", "list").out().lines()).hasSize(7);
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
    }

    @Test
    void pushTakesTheLockAndRefusesWhatIsNotAState() throws Exception {
        Workdir dir = Workdir.quickstart(tmp);
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        Path copy = Files.writeString(tmp.resolve("copy.json"), dir.run("state", "pull").out());
        Files.writeString(dir.state.resolve("state.lock"), io.batchform.state.StateJson.lock(new io.batchform.state.LockInfo(
                "bob@ci-runner-7", 4121, "apply", java.time.Instant.parse("2026-12-01T08:00:00Z"), "lock-1")));
        CliRun locked = dir.run("state", "push", copy.toString());
        assertThat(locked.exitCode()).isEqualTo(1);
        assertThat(locked.err()).contains("the state is locked by bob@ci-runner-7", "batchform force-unlock lock-1.");
        Files.delete(dir.state.resolve("state.lock"));

        Path notJson = Files.writeString(tmp.resolve("not.json"), "resources: []\n");
        assertThat(dir.run("state", "push", notJson.toString()).err()).contains("error: cannot push " + notJson);
        Path noLineage = Files.writeString(tmp.resolve("empty.json"), "{\"version\": 1, \"serial\": 99}");
        assertThat(dir.run("state", "push", noLineage.toString()).err())
                .contains("it has no lineage; it is not a batchform state");
        assertThat(dir.run("state", "push", tmp.resolve("absent.json").toString()).exitCode()).isEqualTo(1);
        JsonNode state = JSON.readTree(dir.run("state", "pull").out());
        assertThat(state.path("resources")).hasSize(7);
    }
    /**
     * A journal left by a killed apply beside a state replaced since with {@code state push --force}: every command
     * refuses it in one line naming both files and the way out (exit 1, as for any unreadable state), until the state
     * it continues is put back, when it is replayed.
     */
    @Test
    void aJournalThatDoesNotContinueTheStateIsRefusedUntilTheStateItContinuesIsPutBack() throws Exception {
        Workdir dir = Workdir.quickstart(tmp);
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        Path stateFile = dir.state.resolve("state.json");
        Path journal = dir.state.resolve("state.journal");
        io.batchform.state.State applied = new io.batchform.state.FileStateStore(dir.state,
                java.time.Clock.systemUTC()).read().orElseThrow();
        // What an apply killed after recording one resource leaves: the line naming the state, then that record.
        io.batchform.address.Address pool = io.batchform.address.Address.parse("pool.render");
        io.batchform.state.State recorded = applied.with(applied.get(pool).orElseThrow());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.writeBytes(io.batchform.state.StateJournal.header(io.batchform.state.StateJournal.Base.of(applied)));
        bytes.writeBytes(io.batchform.state.StateJournal.entry(recorded, pool));
        Files.write(journal, bytes.toByteArray());
        assertThat(JSON.readTree(dir.run("state", "pull").out()).path("serial").asLong())
                .as("replayed while it continues the state").isEqualTo(recorded.serial());

        ObjectNode other = (ObjectNode) JSON.readTree(Files.readString(stateFile));
        other.put("lineage", "00000000-0000-0000-0000-000000000000");
        Path foreign = Files.writeString(tmp.resolve("foreign.json"), JSON.writeValueAsString(other));
        CliRun forced = dir.run("state", "push", foreign.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(journal).as("kept: it records another history").exists();

        String refused = "error: " + journal + ": refused: it continues a state of lineage " + applied.lineage()
                + " (serial " + applied.serial() + "), and " + stateFile + " has lineage "
                + "00000000-0000-0000-0000-000000000000 (serial " + applied.serial() + "): the state was replaced "
                + "since: nothing was read or changed. To keep the state as it is, move the journal aside (mv "
                + journal + " " + journal + ".refused): what it recorded and the state lacks then shows at plan as "
                + "existing outside the state, for batchform import. To keep what it recorded, put back the state it "
                + "continues with batchform state push --force FILE (" + dir.state.resolve("state.json.backup")
                + " holds the state before the last write): the journal is then replayed onto it\n";
        for (String command : new String[] {"plan", "apply --auto-approve", "state list", "state pull",
                "state show pool.render", "state rm pool.render", "state mv pool.render pool.other"}) {
            CliRun run = dir.run(command.split(" "));
            assertThat(run.exitCode()).as(command).isEqualTo(1);
            assertThat(run.err()).as(command).endsWith(refused).doesNotContain("Exception", "internal error");
        }
        CliRun push = dir.run("state", "push", foreign.toString());
        assertThat(push.exitCode()).isEqualTo(1);
        assertThat(push.err()).isEqualTo(refused.replace("\n", "; push with --force to replace it\n"));
        assertThat(Files.readString(stateFile)).as("nothing was written").contains("00000000-0000-0000-0000-");

        CliRun back = dir.run("state", "push", dir.state.resolve("state.json.backup").toString(), "--force");
        assertThat(back.exitCode()).as(back.err()).isZero();
        assertThat(JSON.readTree(dir.run("state", "pull").out()).path("serial").asLong())
                .as("the journal replayed onto the state it continues").isEqualTo(recorded.serial());
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(dir.run("state", "list").out().lines()).hasSize(7);
    }
    /** A journal left by a killed apply of the previous version (no line naming its state) is replayed as before. */
    @Test
    void aJournalOfThePreviousVersionIsReplayedAsBeforeAndFoldedIntoTheNextWholeWrite() throws Exception {
        Workdir dir = Workdir.quickstart(tmp);
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        io.batchform.state.State applied = new io.batchform.state.FileStateStore(dir.state,
                java.time.Clock.systemUTC()).read().orElseThrow();
        io.batchform.address.Address pool = io.batchform.address.Address.parse("pool.render");
        io.batchform.state.State recorded = applied.with(applied.get(pool).orElseThrow());
        Path journal = dir.state.resolve("state.journal");
        Files.write(journal, io.batchform.state.StateJournal.entry(recorded, pool));
        CliRun pull = dir.run("state", "pull");
        assertThat(pull.exitCode()).as(pull.err()).isZero();
        assertThat(JSON.readTree(pull.out()).path("serial").asLong()).isEqualTo(recorded.serial());
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
        CliRun rm = dir.run("state", "rm", "pool.render");
        assertThat(rm.exitCode()).as(rm.err()).isZero();
        assertThat(journal).as("folded into the whole write").doesNotExist();
        assertThat(JSON.readTree(Files.readString(dir.state.resolve("state.json"))).path("serial").asLong())
                .isEqualTo(recorded.serial() + 1);
    }
}
