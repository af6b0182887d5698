package io.batchform.cli;

import io.batchform.state.Workspace;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code batchform workspace list}: every workspace, the current one marked with {@code *}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Print every workspace, one a line, the current one marked with *.")
final class WorkspaceListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StateOptions stateOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Workspace current = stateOptions.workspace();
        for (Workspace workspace : Workspaces.all(stateOptions)) {
            out.println((workspace.equals(current) ? "* " : "  ") + workspace);
        }
        out.flush();
        return 0;
    }
}
