package io.batchform.cli;

import io.batchform.state.LockInfo;
import io.batchform.state.StateStore;
import io.batchform.state.StateStore.Unlock;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code batchform force-unlock LOCK_ID}: removes the state lock of a run that is gone. */
@Command(name = "force-unlock", mixinStandardHelpOptions = true,
        description = {"Remove the state lock of a run that is gone (killed on another machine, say), after showing "
                + "who held it. LOCK_ID is the id the refused command printed; a lock with another id is left alone. "
                + "A lock of a killed run on this machine, or a remote state's lease, needs no help: the next run "
                + "breaks the first (and says so), and the second expires within a minute.",
                "Exit codes: 0 removed (or nothing was locked), 1 another lock, cancelled or an error."})
final class ForceUnlockCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StateOptions stateOptions;

    @ParentCommand
    BatchformCommand root;

    @Parameters(paramLabel = "LOCK_ID", description = "The id of the lock to remove.")
    String id;

    @Option(names = "--force", description = "Do not ask for confirmation.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        StateStore store = StateStores.open(stateOptions);
        try {
            Optional<LockInfo> held = store.holder();
            if (held.isEmpty()) {
                out.println("The state is not locked; there is nothing to unlock.");
                out.flush();
                return 0;
            }
            if (!held.get().id().equals(id)) {
                throw otherLock(held.get());
            }
            out.println("The state lock " + id + " is held by " + held.get() + ".");
            if (!force) {
                out.println("This removes it. If that run is still going, two runs may then change the same resources");
                out.println("and the state at once.");
                if (!ApplyView.confirm(root.input(), out, "Do you really want to force-unlock the state?",
                        "batchform will remove the lock.")) {
                    throw new UserException("force-unlock cancelled; the lock is left as it was");
                }
            }
            Unlock unlock = store.forceUnlock(id);
            if (unlock instanceof Unlock.OtherId other) {
                throw otherLock(other.holder()); // the run ended and another took the lock while we asked
            }
            out.println(unlock instanceof Unlock.Removed removed ? "Removed the state lock held by " + removed.holder()
                    + "." : "The state was unlocked meanwhile; there is nothing to unlock.");
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            throw new UserException(e.getMessage());
        }
        out.flush();
        return 0;
    }

    private UserException otherLock(LockInfo holder) {
        return new UserException("the state lock is " + holder.id() + ", not " + id + ": it is held by " + holder
                + ". Nothing was removed; check that run is gone before force-unlock " + holder.id() + ".");
    }
}
