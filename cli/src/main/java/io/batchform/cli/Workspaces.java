package io.batchform.cli;

import io.batchform.azure.BlobStateStore;
import io.batchform.state.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Which workspace a command works in, and the workspaces that exist. The current one is {@code BATCHFORM_WORKSPACE}
 * when set, else the one {@code batchform workspace select} wrote to {@code workspace} in the state directory, else
 * {@code default}. Local states live in {@code workspaces/NAME/} under the state directory, remote ones in the blob
 * {@code BLOB.workspace-NAME} beside {@code --state-url}'s; the embedded emulator's data stays shared (one cloud).
 */
final class Workspaces {
    static final String VARIABLE = "BATCHFORM_WORKSPACE";

    private Workspaces() {
    }

    /** The current workspace (it may not exist: {@link #requireExists} says so). */
    static Workspace current(Path stateDirectory, Map<String, String> env) {
        String chosen = env.get(VARIABLE);
        String source = VARIABLE;
        if (chosen == null || chosen.isBlank()) {
            Path file = selectionFile(stateDirectory);
            try {
                chosen = Files.readString(file).strip();
                source = file.toString();
            } catch (NoSuchFileException none) {
                return Workspace.DEFAULT;
            } catch (IOException e) {
                throw new UserException("cannot read " + file + ": " + e.getMessage());
            }
        }
        try {
            return new Workspace(chosen);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage() + " (from " + source + ")");
        }
    }

    static Path selectionFile(Path stateDirectory) {
        return stateDirectory.resolve("workspace");
    }

    /** Makes {@code workspace} the current one for this state directory. */
    static void select(Path stateDirectory, Workspace workspace) {
        Path file = selectionFile(stateDirectory);
        try {
            if (workspace.isDefault()) {
                Files.deleteIfExists(file);
            } else {
                Files.createDirectories(stateDirectory);
                Files.writeString(file, workspace.name() + "\n");
            }
        } catch (IOException e) {
            throw new UserException("cannot write " + file + ": " + e.getMessage());
        }
    }

    /** Every workspace that exists, {@code default} first, then by name. */
    static List<Workspace> all(StateOptions options) {
        List<Workspace> all = new ArrayList<>(List.of(Workspace.DEFAULT));
        if (options.remote()) {
            try {
                all.addAll(BlobStateStore.workspaces(options.url, options.environment()));
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new UserException(e.getMessage());
            }
            return all;
        }
        Path dir = options.directory.resolve("workspaces");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().forEach(name -> {
                    try {
                        all.add(new Workspace(name));
                    } catch (IllegalArgumentException notOne) {
                        // a directory someone else put there
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }

    /** Whether {@code workspace} exists (a remote one's blob, which needs no list permission to check). */
    static boolean exists(StateOptions options, Workspace workspace) {
        if (workspace.isDefault()) {
            return true;
        }
        if (!options.remote()) {
            return Files.isDirectory(workspace.directory(options.directory));
        }
        try {
            return BlobStateStore.connect(BlobStateStore.workspaceUrl(options.url, workspace), options.environment(),
                    java.time.Clock.systemUTC()).exists();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserException(e.getMessage());
        }
    }

    /** Ends the command when the current workspace was never created (a typo in BATCHFORM_WORKSPACE, say). */
    static void requireExists(StateOptions options, Workspace workspace) {
        if (!exists(options, workspace)) {
            throw new UserException("workspace " + workspace + " does not exist (batchform workspace list shows "
                    + "those that do); create it with batchform workspace new " + workspace);
        }
    }
}
