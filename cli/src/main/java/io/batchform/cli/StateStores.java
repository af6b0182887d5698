package io.batchform.cli;

import io.batchform.state.FileStateStore;
import io.batchform.state.LockInfo;
import io.batchform.state.State;
import io.batchform.state.StateStore;
import io.batchform.state.Workspace;
import java.time.Clock;

/**
 * Which state store a command uses (the directory's {@code state.json}, or the blob {@code --state-url} names), its
 * lock, and reading it for the commands that only show it. Writing is the engine's.
 */
final class StateStores {
    private StateStores() {
    }

    /**
     * The current workspace's state store: the directory's {@code state.json} (in {@code workspaces/NAME/} for a
     * workspace other than {@code default}), or the blob that {@code --state-url} names (or the workspace's beside it).
     * A workspace that was never created ends the command.
     */
    static StateStore open(StateOptions options) {
        return open(options, options.workspace());
    }

    static StateStore open(StateOptions options, Workspace workspace) {
        if (!workspace.isDefault()) {
            Workspaces.requireExists(options, workspace);
        }
        if (options.remote()) {
            try {
                return io.batchform.azure.BlobStateStore.connect(
                        io.batchform.azure.BlobStateStore.workspaceUrl(options.url, workspace), options.environment(),
                        Clock.systemUTC());
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
        }
        return new FileStateStore(workspace.directory(options.directory), Clock.systemUTC());
    }

    /** The stored state, or a new empty one. */
    static State read(StateStore store) {
        try {
            return store.read().orElseGet(State::empty);
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            throw new UserException(e.getMessage());
        }
    }

    /**
     * Takes the state lock, waiting as long as {@code --lock-timeout} says, or ends the command naming who holds it
     * and the lock's id. A lock of a run that is gone that the store broke to take it is reported on stderr.
     */
    static StateStore.StateLock lock(StateStore store, String operation, StateOptions options) {
        StateStore.LockResult result;
        try {
            result = store.lock(operation, options.lockTimeout);
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            throw new UserException(e.getMessage()); // the store cannot be reached or written: say which and why
        }
        if (result instanceof StateStore.LockResult.Acquired acquired) {
            if (acquired.brokeStale() != null && options.mixee != null) {
                java.io.PrintWriter err = options.mixee.commandLine().getErr();
                err.println("Warning: broke the state lock of a run that is gone: " + acquired.brokeStale()
                        + " (its process no longer runs on this machine); check what it left with batchform plan.");
                err.flush();
            }
            return acquired.lock();
        }
        LockInfo holder = ((StateStore.LockResult.HeldBy) result).holder();
        throw new UserException("the state is locked by " + holder.who() + " (pid " + holder.pid() + ", running "
                + holder.operation() + " since " + holder.since() + "). It is released when that run ends; wait for "
                + "it with --lock-timeout, e.g. --lock-timeout 5m, or, if that run is gone, batchform force-unlock "
                + holder.id() + ".");
    }
}
