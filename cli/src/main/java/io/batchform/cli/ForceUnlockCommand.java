package io.batchform.cli;

import io.batchform.state.LockInfo;
import io.batchform.state.StateStore;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code batchform force-unlock}: removes the state lock of a run that is gone. */
@Command(name = "force-unlock", mixinStandardHelpOptions = true,
        description = "Remove the state lock of a run that is gone (killed on another machine, say), after showing "
                + "who held it. A lock of a killed run on this machine, or a remote state's lease, needs no help: the "
                + "next run breaks the first, and the second expires within a minute.")
final class ForceUnlockCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StateOptions stateOptions;

    @ParentCommand
    BatchformCommand root;

    @Option(names = "--force", description = "Do not ask for confirmation.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        StateStore store = StateStores.open(stateOptions);
        if (!force) {
            out.println("This removes the state lock whoever holds it. If that run is still going, two runs may then");
            out.println("change the same resources and the state at once.");
            if (!ApplyView.confirm(root.input(), out, "Do you really want to force-unlock the state?",
                    "batchform will remove the lock.")) {
                throw new UserException("force-unlock cancelled; the lock is left as it was");
            }
        }
        Optional<LockInfo> held;
        try {
            held = store.forceUnlock();
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            throw new UserException(e.getMessage());
        }
        out.println(held.map(h -> "Removed the state lock held by " + h + ".").orElse("The state was not locked."));
        out.flush();
        return 0;
    }
}
