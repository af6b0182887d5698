package io.batchform.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The regression corpus: every input a fuzz target ever failed on, one file each, under
 * {@code src/test/resources/fuzz-corpus/TARGET/}, replayed by the target's corpus test on every build. A failure found by a
 * long run ({@code mvn -Pfuzz}) is added here with the fix.
 */
final class Corpus {
    private Corpus() {
    }

    static List<Path> of(String target) {
        try {
            Path dir = Path.of(Corpus.class.getResource("/fuzz-corpus/" + target).toURI());
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("README.md"))
                        .sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
