package io.batchform.cli;

import io.batchform.address.Address;
import io.batchform.engine.Operations;
import io.batchform.engine.Outcomes.StateOutcome;
import io.batchform.state.StateStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code batchform state mv FROM TO}: re-key a resource in the state without touching it in the cloud. */
@Command(name = "mv", mixinStandardHelpOptions = true,
        description = "Move a resource to another address in the state (after renaming its key in the spec); the "
                + "cloud resource is untouched. A moved: block in the spec does the same at the next apply.")
final class StateMvCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StateOptions stateOptions;

    @Parameters(index = "0", paramLabel = "FROM", description = "The address the state has, such as pool.old.")
    String from;

    @Parameters(index = "1", paramLabel = "TO", description = "The new address, such as pool.new.")
    String to;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        StateStore store = StateStores.open(stateOptions);
        try (StateStore.StateLock lock = StateStores.lock(store, "state mv", stateOptions)) {
            Address source = StateRmCommand.parse(from);
            Address target = StateRmCommand.parse(to);
            StateOutcome moved = Operations.moveInState(store, source, target);
            if (moved.refused()) {
                return PlanView.refused(moved.refusals(), out, spec.commandLine().getErr());
            }
            out.println("Moved " + source + " to " + target + " in the state; the cloud resource is untouched.");
            out.flush();
            return 0;
        }
    }
}
