package io.batchform.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.batchform.plan.SavedPlan;
import io.batchform.state.State;
import io.batchform.state.StateJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided (Jazzer): any bytes as a {@code state.json} and as a saved plan. What must hold is
 * {@link StateFuzzTest}'s: read (a state writes back the same), or refused with one line that names the file, never
 * another exception. In the build it replays its inputs ({@code StateCoverageFuzzTestInputs/}: a state and a plan as
 * seeds, and every input that once failed); {@code JAZZER_FUZZ=1} fuzzes it (README, "Fuzzing").
 */
class StateCoverageFuzzTest {
    private static Path dir;

    @BeforeAll
    static void directory() throws IOException {
        dir = Files.createTempDirectory("batchform-state-jazzer");
    }

    @AfterAll
    static void clean() throws IOException {
        Files.deleteIfExists(dir.resolve("plan.json"));
        Files.deleteIfExists(dir);
    }

    @FuzzTest(maxDuration = "3m")
    void anyStateIsReadOrRefusedInOneLine(byte[] bytes) {
        try {
            State state = StateJson.state(bytes, "state.json");
            assertThat(StateJson.state(StateJson.bytes(state), "again")).as("what was read writes back the same")
                    .isEqualTo(state);
        } catch (IllegalStateException refused) {
            assertThat(refused.getMessage()).as(new String(bytes, StandardCharsets.UTF_8)).startsWith("state.json")
                    .doesNotContain("\n");
        }
    }

    @FuzzTest(maxDuration = "3m")
    void anyPlanIsReadOrRefusedInOneLine(byte[] bytes) throws IOException {
        Path file = dir.resolve("plan.json");
        Files.write(file, bytes);
        try {
            SavedPlan.read(file);
        } catch (SavedPlan.UnreadablePlanException refused) {
            assertThat(refused.getMessage()).as(new String(bytes, StandardCharsets.UTF_8))
                    .startsWith(file.toString()).doesNotContain("\n");
        }
    }
}
