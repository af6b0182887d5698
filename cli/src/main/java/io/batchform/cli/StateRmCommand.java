package io.batchform.cli;

import io.batchform.address.Address;
import io.batchform.engine.Operations;
import io.batchform.engine.Outcomes.StateOutcome;
import io.batchform.state.StateStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code batchform state rm ADDRESS...}: forget resources without touching them in the cloud. */
@Command(name = "rm", mixinStandardHelpOptions = true,
        description = "Remove resources from the state: batchform stops managing them; the cloud resources stay as "
                + "they are (bring one back with batchform import).")
final class StateRmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StateOptions stateOptions;

    @Parameters(arity = "1..*", paramLabel = "ADDRESS", description = "Resources such as pool.render.")
    List<String> addresses = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        StateStore store = StateStores.open(stateOptions);
        try (StateStore.StateLock lock = StateStores.lock(store, "state rm", stateOptions)) {
            List<Address> parsed = addresses.stream().map(StateRmCommand::parse).toList();
            StateOutcome removed = Operations.removeFromState(store, parsed);
            if (removed.refused()) {
                return PlanView.refused(removed.refusals(), out, spec.commandLine().getErr());
            }
            parsed.forEach(a -> out.println("Removed " + a + " from the state; the cloud resource is untouched."));
            out.flush();
            return 0;
        }
    }

    static Address parse(String text) {
        try {
            return Address.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }
}
