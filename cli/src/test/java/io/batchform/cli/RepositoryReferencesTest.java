package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The repository stands on its own: its code and docs never send a reader to files outside it, and every page of
 * {@code docs/} they cite exists. Runs here because the command line's module sits at the top of the house.
 */
class RepositoryReferencesTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Set<String> SKIPPED_FOLDERS = Set.of("target", "node_modules", ".git", ".idea", ".batchform");
    private static final Set<String> TEXT = Set.of("java", "g4", "md", "xml", "yaml", "yml", "json", "txt",
            "properties", "formula");
    private static final Pattern OUTSIDE = Pattern.compile("\\.\\./shared/|shared/(docs|data)/");
    private static final Pattern DOCS_PAGE = Pattern.compile("(?<![\\w/.-])docs/([\\w-]+\\.md)");

    private static final List<Path> files = new ArrayList<>();

    @BeforeAll
    static void listFiles() throws IOException {
        Files.walkFileTree(REPOSITORY, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return SKIPPED_FOLDERS.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                String name = file.getFileName().toString();
                if (TEXT.contains(name.substring(name.lastIndexOf('.') + 1))) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Test
    void nothingPointsAtTheSharedFoldersOutsideTheRepository() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (OUTSIDE.matcher(lines.get(i)).find()) {
                    found.add(REPOSITORY.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertThat(files).as("the walk found the sources").hasSizeGreaterThan(100);
        assertThat(found).as("references to files outside the repository").isEmpty();
    }

    @Test
    void everyCitedDocsPageExists() throws IOException {
        List<String> missing = new ArrayList<>();
        int cited = 0;
        for (Path file : files) {
            Matcher page = DOCS_PAGE.matcher(Files.readString(file));
            while (page.find()) {
                cited++;
                if (!Files.isRegularFile(REPOSITORY.resolve("docs").resolve(page.group(1)))) {
                    missing.add(REPOSITORY.relativize(file) + " cites docs/" + page.group(1));
                }
            }
        }
        assertThat(cited).as("pages of docs/ cited").isGreaterThan(5);
        assertThat(missing).isEmpty();
    }
}
