package io.batchform.cli;

import io.batchform.state.Workspace;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code batchform workspace select NAME}: makes an existing workspace the current one. */
@Command(name = "select", mixinStandardHelpOptions = true,
        description = "Make a workspace the current one (kept in the state directory; BATCHFORM_WORKSPACE overrides it).")
final class WorkspaceSelectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StateOptions stateOptions;

    @Parameters(paramLabel = "NAME", description = "An existing workspace (batchform workspace list).")
    String name;

    @Override
    public Integer call() {
        Workspace workspace = parse(name);
        Workspaces.requireExists(stateOptions, workspace);
        Workspaces.select(stateOptions.directory, workspace);
        spec.commandLine().getOut().println("Switched to workspace " + workspace + ".");
        noteOverride(stateOptions, workspace, spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
        return 0;
    }

    static Workspace parse(String name) {
        try {
            return new Workspace(name);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }

    /** Says so when BATCHFORM_WORKSPACE names another workspace: it wins over the selection. */
    static void noteOverride(StateOptions options, Workspace selected, PrintWriter out) {
        String variable = options.environment().get(Workspaces.VARIABLE);
        if (variable != null && !variable.isBlank() && !variable.strip().equals(selected.name())) {
            out.println("Note: " + Workspaces.VARIABLE + "=" + variable.strip() + " is set, and wins over the "
                    + "selection while it is.");
        }
    }
}
