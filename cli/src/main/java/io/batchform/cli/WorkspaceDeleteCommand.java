package io.batchform.cli;

import io.batchform.azure.BlobStateStore;
import io.batchform.state.State;
import io.batchform.state.StateStore;
import io.batchform.state.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code batchform workspace delete NAME}: removes a workspace whose state records nothing. Refused for
 * {@code default}, for the current workspace, and for one whose state still records resources (they would be left
 * in the cloud with nothing to track them: destroy them first).
 */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete a workspace and its state. Refused for default, for the current workspace, and while "
                + "its state records resources (destroy them first).")
final class WorkspaceDeleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StateOptions stateOptions;

    @Parameters(paramLabel = "NAME", description = "The workspace to delete.")
    String name;

    @Override
    public Integer call() {
        Workspace workspace = WorkspaceSelectCommand.parse(name);
        if (workspace.isDefault()) {
            throw new UserException("the default workspace cannot be deleted");
        }
        if (workspace.equals(stateOptions.workspace())) {
            throw new UserException("workspace " + workspace + " is the current one: select another first "
                    + "(batchform workspace select default)");
        }
        StateStore store = StateStores.open(stateOptions, workspace);
        try (StateStore.StateLock lock = StateStores.lock(store, "workspace delete", stateOptions)) {
            State state = StateStores.read(store);
            if (!state.resources().isEmpty()) {
                throw new UserException("workspace " + workspace + " is not empty: its state records "
                        + state.resources().size() + " resource" + (state.resources().size() == 1 ? "" : "s")
                        + ". Destroy them first (batchform workspace select " + workspace + ", then batchform "
                        + "destroy), or they stay in the cloud with nothing to track them");
            }
        }
        try {
            if (store instanceof BlobStateStore blob) {
                blob.delete();
            } else {
                deleteTree(workspace.directory(stateOptions.directory));
            }
        } catch (IllegalStateException e) {
            throw new UserException(e.getMessage());
        }
        spec.commandLine().getOut().println("Deleted workspace " + workspace + ".");
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static void deleteTree(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UserException("cannot delete " + directory + ": " + e.getMessage());
        }
    }
}
