package io.batchform.cli;

import io.batchform.state.ResourceState;
import io.batchform.state.State;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code batchform state list}: the addresses batchform manages, one a line. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Print the address of every resource in the state.")
final class StateListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StateOptions stateOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        State state = StateStores.read(StateStores.open(stateOptions));
        for (ResourceState resource : state.resources()) {
            out.println(resource.address());
        }
        out.flush();
        return 0;
    }
}
