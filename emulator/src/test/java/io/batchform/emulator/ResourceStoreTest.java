package io.batchform.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulator's persistence: a journal of changes beside the whole file, replayed when the store is opened. */
class ResourceStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RG = "/subscriptions/s/resourceGroups/rg";

    private static ObjectNode resource(String id, String value) {
        ObjectNode node = JSON.createObjectNode().put("id", id).put("type", "Microsoft.Test/things");
        node.putObject("properties").put("value", value);
        return node;
    }

    @Test
    void changesAreAppendedToTheJournalAndSurviveAProcessThatNeverClosedTheStore(@TempDir Path data) throws Exception {
        ResourceStore store = new ResourceStore(data);
        store.put(resource(RG, "group"));
        store.put(resource(RG + "/things/a", "one"));
        store.put(resource(RG + "/things/a", "two"));
        store.put(resource(RG + "/things/b", "b"));
        store.remove(RG + "/things/b");
        assertThat(data.resolve("emulator-state.json")).as("small changes are not written whole").doesNotExist();
        assertThat(Files.readAllLines(data.resolve("emulator-state.journal"))).hasSize(5);

        ResourceStore reopened = new ResourceStore(data); // as after a SIGKILL: nothing was flushed or closed
        assertThat(reopened.ids()).containsExactly(RG, RG + "/things/a");
        assertThat(reopened.get(RG + "/THINGS/A").orElseThrow().path("properties").path("value").asText()).isEqualTo("two");
        assertThat(data.resolve("emulator-state.journal")).as("opening writes the file whole").doesNotExist();
        assertThat(new ResourceStore(data).ids()).containsExactly(RG, RG + "/things/a");
    }

    @Test
    void aLastLineCutShortIsDroppedAndAReplayOverTheWrittenFileChangesNothing(@TempDir Path data) throws Exception {
        ResourceStore store = new ResourceStore(data);
        store.put(resource(RG, "group"));
        store.put(resource(RG + "/things/a", "one"));
        store.save();
        store.removeTree(RG);
        store.put(resource(RG + "/things/c", "c"));
        String journal = Files.readString(data.resolve("emulator-state.journal"));
        // Killed between writing the file and emptying the journal: the journal is replayed over a file that
        // already holds its changes; and a change whose write was cut short (never answered) is dropped.
        store.save();
        Files.writeString(data.resolve("emulator-state.journal"), journal + "{\"put\":{\"id\":\"" + RG + "/things/d\"",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE);
        ResourceStore reopened = new ResourceStore(data);
        assertThat(reopened.ids()).containsExactly(RG + "/things/c");
    }

    @Test
    void aJournalLargerThanTheFileIsFoldedIntoIt(@TempDir Path data) throws Exception {
        ResourceStore store = new ResourceStore(data);
        String large = "x".repeat(10_000);
        for (int i = 0; i < 150; i++) {
            store.put(resource(RG + "/things/t" + (i % 3), large + i));
        }
        assertThat(data.resolve("emulator-state.json")).exists();
        assertThat(Files.size(data.resolve("emulator-state.journal"))).as("emptied past a megabyte")
                .isLessThan(1 << 20);
        assertThat(new ResourceStore(data).get(RG + "/things/t2").orElseThrow().path("properties").path("value")
                .asText()).isEqualTo(large + 149);
    }

    @Test
    void inMemoryWritesNothing() {
        ResourceStore store = new ResourceStore(null);
        store.put(resource(RG, "group"));
        assertThat(store.ids()).containsExactly(RG);
    }
}
