package io.batchform.cli;

import io.batchform.azure.BlobStateStore;
import io.batchform.state.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code batchform workspace new NAME}: creates a workspace with an empty state, and selects it. */
@Command(name = "new", mixinStandardHelpOptions = true,
        description = "Create a workspace, with an empty state, and select it.")
final class WorkspaceNewCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StateOptions stateOptions;

    @Parameters(paramLabel = "NAME", description = "Lower-case letters, digits, '-' and '_', e.g. prod.")
    String name;

    @Override
    public Integer call() {
        Workspace workspace = WorkspaceSelectCommand.parse(name);
        if (Workspaces.exists(stateOptions, workspace)) {
            throw new UserException("workspace " + workspace + " already exists; select it with batchform workspace "
                    + "select " + workspace);
        }
        if (stateOptions.remote()) {
            try {
                BlobStateStore.connect(BlobStateStore.workspaceUrl(stateOptions.url, workspace),
                        stateOptions.environment(), java.time.Clock.systemUTC()).create();
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new UserException(e.getMessage());
            }
        } else {
            try {
                Files.createDirectories(workspace.directory(stateOptions.directory));
            } catch (IOException e) {
                throw new UserException("cannot create " + workspace.directory(stateOptions.directory) + ": "
                        + e.getMessage());
            }
        }
        Workspaces.select(stateOptions.directory, workspace);
        spec.commandLine().getOut().println("Created and selected workspace " + workspace + ". Its state is empty: "
                + "plan and apply now create its own resources.");
        WorkspaceSelectCommand.noteOverride(stateOptions, workspace, spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
