package io.batchform.cli;

import io.batchform.state.StateJson;
import io.batchform.state.StateStore;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code batchform state pull}: the stored state's JSON on stdout (a local file or the remote blob alike). */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = {"Print the current workspace's state as JSON (the bytes of state.json), from the state "
                + "directory or --state-url. Prints nothing when there is no state yet.",
                "Edit a copy and put it back with batchform state push FILE."})
final class StatePullCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StateOptions stateOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        StateStore store = StateStores.open(stateOptions);
        try {
            store.read().ifPresent(state -> out.println(new String(StateJson.bytes(state), StandardCharsets.UTF_8)));
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            throw new UserException(e.getMessage());
        }
        out.flush();
        return 0;
    }
}
