package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code batchform schedule preview}: each case folder under {@code src/test/resources/golden/schedule-preview}
 * holds a {@code command} (run in cli/, with a fixed {@code --from}, BATCHFORM_NOW fixed) and what it prints and returns. Rewrite with
 * {@code -Dgolden.update=true}.
 */
class SchedulePreviewCommandTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/schedule-preview");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> children = Files.list(GOLDEN)) {
            return children.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void previewMatchesTheGoldenFiles(String name) throws IOException {
        Path golden = GOLDEN.resolve(name);
        // The spec's schedules are compiled (and the plan's zone warning made) at a fixed instant.
        CliRun outcome = CliRun.withEnvironment(java.util.Map.of("BATCHFORM_NOW", "2027-01-04T00:00:00Z"),
                Files.readString(golden.resolve("command")).strip().split(" "));
        Golden.assertMatches(golden.resolve("stdout.txt"), outcome.out());
        Golden.assertMatches(golden.resolve("stderr.txt"), outcome.err());
        Golden.assertMatches(golden.resolve("exit-code"), outcome.exitCode() + "\n");
        assertThat(outcome.out() + outcome.err()).isNotEmpty();
    }
}
