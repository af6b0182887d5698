package io.batchform.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A state that is empty, cut short, not JSON, from a newer batchform or of the wrong shape is one line naming the
 * file and the JSON path, as an {@link IllegalStateException} (the commands' exit 1), never another exception.
 */
class StateJsonTest {
    private static final String HEAD = "{\"version\": 1, \"serial\": 2, \"lineage\": \"l\", ";

    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("empty", "", "s.json: cannot read: truncated at line 1 (the file is empty)"),
                Arguments.of("blank lines", "\n\n", "s.json: cannot read: truncated at line 2 (the file is empty)"),
                Arguments.of("cut short", "{\n  \"version\": 1,\n  \"resources\": [\n    {\"address\": \"pool.a\"",
                        "s.json: cannot read: truncated at line 4 (the file ends in the middle of the document)"),
                Arguments.of("cut inside a string", "{\"version\": 1, \"lineage\": \"abc",
                        "s.json: cannot read: truncated at line 1 (the file ends in the middle of the document)"),
                Arguments.of("binary", "\u0000\u0001\u0002", "s.json: cannot read: not JSON at line 1, column 1"),
                Arguments.of("deep nesting", "[".repeat(5000), "s.json: cannot read: nested deeper than 200 levels"),
                Arguments.of("an array", "[1, 2]", "s.json: the document: expected an object, got an array"),
                Arguments.of("from a newer batchform", "{\"version\": 2, \"writtenBy\": \"batchform 9.1.0\"}",
                        "s.json was written by batchform 9.1.0 (state format 2); this batchform (batchform development) "
                                + "reads format 1: use that batchform or a newer one"),
                Arguments.of("from a newer batchform that did not say", "{\"version\": 3}",
                        "s.json was written by a newer batchform (state format 3); this batchform (batchform "
                                + "development) reads format 1: use that batchform or a newer one"),
                Arguments.of("format 0", "{\"version\": 0}", "s.json has state format 0; this batchform reads format 1"),
                Arguments.of("no version", "{\"resources\": []}",
                        "s.json has no state format version; it is not a batchform state"),
                Arguments.of("a version that is a string", "{\"version\": \"1\"}",
                        "s.json: version: expected a whole number, got a string"),
                Arguments.of("resources as a map", HEAD + "\"resources\": {\"a\": 1}}",
                        "s.json: resources: expected an array, got an object"),
                Arguments.of("a resource that is a number", HEAD + "\"resources\": [1]}",
                        "s.json: resources[0]: expected an object, got a number"),
                Arguments.of("attributes null", HEAD + "\"resources\": [{\"address\": \"pool.a\", \"id\": \"/p/a\", "
                        + "\"attributes\": null}]}", "s.json: resources[0].attributes: expected an object, got null"),
                Arguments.of("attributes missing", HEAD + "\"resources\": [{\"address\": \"pool.a\", \"id\": \"/p/a\"}]}",
                        "s.json: resources[0].attributes: expected an object, got nothing"),
                Arguments.of("an address that is a number", HEAD + "\"resources\": [{\"address\": 7}]}",
                        "s.json: resources[0].address: expected a string, got a number"),
                Arguments.of("no id", HEAD + "\"resources\": [{\"address\": \"pool.a\", \"attributes\": {}}]}",
                        "s.json: resources[0].id: missing (expected a string)"),
                Arguments.of("an address that is not one", HEAD + "\"resources\": [{\"address\": \"nothing\", "
                        + "\"id\": \"x\", \"attributes\": {}}]}",
                        "s.json: resources[0].address: 'nothing' is not an address such as pool.render"),
                Arguments.of("dependencies of numbers", HEAD + "\"resources\": [{\"address\": \"pool.a\", \"id\": "
                        + "\"x\", \"attributes\": {}, \"dependencies\": [1]}]}",
                        "s.json: resources[0].dependencies[0]: expected a string, got a number"),
                Arguments.of("intents as a string", HEAD + "\"intents\": \"pool.a\"}",
                        "s.json: intents: expected an array, got a string"),
                Arguments.of("a serial that is a string", "{\"version\": 1, \"serial\": \"two\"}",
                        "s.json: serial: expected a whole number, got a string"),
                Arguments.of("a target of the wrong kind", HEAD + "\"target\": {\"cloud\": \"mars\"}}",
                        null),
                Arguments.of("a drill without a time", HEAD + "\"drills\": [{\"region\": \"northeurope\", "
                        + "\"from\": \"westeurope\", \"toCapacity\": \"PT5M\", \"nodes\": 2}]}",
                        "s.json: drills[0].at: missing (expected a string)"),
                Arguments.of("a drill at a time that is not one", HEAD + "\"drills\": [{\"region\": \"northeurope\", "
                        + "\"from\": \"westeurope\", \"at\": \"yesterday\", \"toCapacity\": \"PT5M\", \"nodes\": 2}]}",
                        "s.json: drills[0].at: 'yesterday' is not an ISO-8601 time or duration"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void aBrokenStateIsOneLineNamingTheFileAndThePath(String name, String json, String expected) {
        assertThatThrownBy(() -> StateJson.state(json.getBytes(StandardCharsets.UTF_8), "s.json"))
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain("\n").startsWith("s.json");
                    if (expected != null) {
                        assertThat(e.getMessage()).isEqualTo(expected);
                    }
                });
    }

    @Test
    void aDrillsTimesPerPoolAndThePlansEstimatesAreKeptAndReadBack() {
        State.Drill drill = new State.Drill("northeurope", "westeurope", java.time.Instant.parse("2026-12-01T10:00:00Z"),
                java.time.Duration.ofSeconds(430), 6, java.time.Duration.ofMinutes(13), List.of(
                new State.Drill.Pool("pool.render-northeurope", java.time.Duration.ofSeconds(430), 4,
                        java.time.Duration.ofMinutes(8)),
                new State.Drill.Pool("pool.batch-northeurope", java.time.Duration.ofSeconds(300), 2, null)));
        State state = State.empty().withDrill(drill);
        String json = new String(StateJson.bytes(state), StandardCharsets.UTF_8);
        assertThat(json).contains("\"estimate\" : \"PT13M\"", "\"address\" : \"pool.render-northeurope\"",
                "\"toCapacity\" : \"PT5M\"");
        assertThat(StateJson.state(json.getBytes(StandardCharsets.UTF_8), "s.json")).isEqualTo(state);
    }

    @Test
    void theLastSuccessfulDrillToEachRegionIsKeptAndReadBack() {
        State.Drill first = new State.Drill("northeurope", "westeurope", java.time.Instant.parse("2026-11-01T10:00:00Z"),
                java.time.Duration.ofMinutes(9), 5);
        State.Drill second = new State.Drill("northeurope", "westeurope", java.time.Instant.parse("2026-12-01T10:00:00Z"),
                java.time.Duration.ofSeconds(430), 6);
        State state = State.empty().withDrill(first).withDrill(second);
        assertThat(state.serial()).isEqualTo(2);
        assertThat(state.drills()).containsOnlyKeys("northeurope").containsValue(second);
        String json = new String(StateJson.bytes(state), StandardCharsets.UTF_8);
        assertThat(json).contains("\"at\" : \"2026-12-01T10:00:00Z\"", "\"toCapacity\" : \"PT7M10S\"");
        State read = StateJson.state(json.getBytes(StandardCharsets.UTF_8), "s.json");
        assertThat(read).isEqualTo(state);
        assertThat(read.withActiveRegion("northeurope").drills()).as("kept by every change").isEqualTo(state.drills());
        assertThat(new String(StateJson.bytes(State.empty()), StandardCharsets.UTF_8)).as("no key without drills")
                .doesNotContain("drills");
    }

    @Test
    void aStateNamesTheBatchformThatWroteItAndReadsBack() {
        State state = State.empty();
        String json = new String(StateJson.bytes(state), StandardCharsets.UTF_8);
        assertThat(json).contains("\"writtenBy\" : \"batchform development\"");
        assertThat(StateJson.state(json.getBytes(StandardCharsets.UTF_8), "s.json")).isEqualTo(state);
    }

    @Test
    void aPipeOrAnOversizedFileIsRefusedBeforeReading(@TempDir Path dir) throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("state.json").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        assertThatThrownBy(() -> new FileStateStore(dir, java.time.Clock.systemUTC()).read()).isInstanceOf(IllegalStateException.class)
                .hasMessage(dir.resolve("state.json") + ": cannot read: not a regular file (a device, a pipe or a "
                        + "directory)");
        Path big = Files.createDirectories(dir.resolve("big"));
        try (var out = Files.newOutputStream(big.resolve("state.json"))) {
            out.write(new byte[1024]);
        }
        try (var channel = java.nio.channels.FileChannel.open(big.resolve("state.json"),
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {' '}), StateJson.MAX_BYTES);
        }
        assertThatThrownBy(() -> new FileStateStore(big, java.time.Clock.systemUTC()).read()).isInstanceOf(IllegalStateException.class)
                .hasMessage(big.resolve("state.json") + ": cannot read: " + (StateJson.MAX_BYTES + 1)
                        + " bytes; the most batchform reads of a state or a plan is " + StateJson.MAX_BYTES);
    }
}
