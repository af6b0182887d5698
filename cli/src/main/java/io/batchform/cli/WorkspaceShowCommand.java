package io.batchform.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code batchform workspace show}: the current workspace's name. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Print the current workspace's name.")
final class WorkspaceShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StateOptions stateOptions;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(stateOptions.workspace());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
