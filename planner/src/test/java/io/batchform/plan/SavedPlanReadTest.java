package io.batchform.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A saved plan that is empty, cut short, not JSON or of the wrong shape is one line naming the file and the path. */
class SavedPlanReadTest {
    private static final String HEAD = "{\"format\": \"batchform-plan\", \"version\": 1, \"target\": \"t\", ";

    @TempDir
    Path dir;

    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("empty", "", "plan.json: cannot read: truncated at line 1 (the file is empty)"),
                Arguments.of("cut short", HEAD + "\n\"changes\": [\n{\"address\": ",
                        "plan.json: cannot read: truncated at line 3 (the file ends in the middle of the document)"),
                Arguments.of("YAML", "resourceGroup: rg\n", "plan.json: not a saved plan (not JSON at line 1, column 14)"),
                Arguments.of("another JSON file", "{\"version\": 1}",
                        "plan.json: not a saved plan (make one with batchform plan --out FILE)"),
                Arguments.of("a newer format", "{\"format\": \"batchform-plan\", \"version\": 2}",
                        "plan.json: a saved plan of format version 2; this batchform reads version 1"),
                Arguments.of("changes as a map", HEAD + "\"changes\": {\"a\": 1}}",
                        "plan.json: changes: expected an array, got an object"),
                Arguments.of("a change that is null", HEAD + "\"changes\": [null]}",
                        "plan.json: changes[0]: expected an object, got null"),
                Arguments.of("an unknown action", HEAD + "\"changes\": [{\"action\": \"EXPLODE\"}]}",
                        "plan.json: changes[0].action: No enum constant io.batchform.plan.Action.EXPLODE"),
                Arguments.of("after as a string", HEAD + "\"changes\": [{\"action\": \"CREATE\", \"address\": "
                        + "\"pool.a\", \"after\": \"x\"}]}",
                        "plan.json: changes[0].after: expected an object or null, got a string"),
                Arguments.of("dependencies of numbers", HEAD + "\"dependencies\": {\"pool.a\": [1]}}",
                        "plan.json: dependencies.pool.a[0]: expected a string, got a number"),
                Arguments.of("a serial that is text", HEAD + "\"priorSerial\": \"x\"}",
                        "plan.json: priorSerial: expected a whole number, got a string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void aBrokenSavedPlanIsOneLine(String name, String json, String expected) throws Exception {
        Path file = dir.resolve("plan.json");
        Files.writeString(file, json);
        assertThatThrownBy(() -> SavedPlan.read(file)).isInstanceOf(SavedPlan.UnreadablePlanException.class)
                .satisfies(e -> assertThat(e.getMessage().replace(dir + "/", "")).isEqualTo(expected));
    }
}
