package io.batchform.spec;

import io.batchform.spec.load.LoadResult;
import io.batchform.spec.load.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Test helpers: write spec files into a directory, load them, and print diagnostics relative to it. */
final class Specs {
    /** Five lines every table case starts with; case text begins on line 6. */
    static final String HEADER = """
            resourceGroup: rg
            location: westeurope
            batchAccounts:
              main:
                name: mainacct
            """;

    private Specs() {
    }

    static Path write(Path dir, String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LoadResult load(Path dir, String text) {
        return SpecLoader.load(List.of(write(dir, "spec.yaml", text)), Map.of(), Map.of());
    }

    /** The diagnostics as printed, with the directory removed from file names. */
    static List<String> printed(Path dir, LoadResult result) {
        String prefix = dir.toString() + dir.getFileSystem().getSeparator();
        return result.diagnostics().stream().map(d -> d.toString().replace(prefix, "")).toList();
    }
}
