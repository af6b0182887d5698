package io.batchform.cli;

import io.batchform.engine.Operations;
import io.batchform.engine.Outcomes.StateOutcome;
import io.batchform.source.SourceFiles;
import io.batchform.state.State;
import io.batchform.state.StateJson;
import io.batchform.state.StateStore;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code batchform state push FILE}: replaces the stored state with a file's, under the lock. */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = {"Replace the current workspace's state with FILE (a state.json, say from state pull), under the "
                + "state lock, in one atomic write; the previous state is kept as the backup. Refused when the state "
                + "has another lineage, a higher serial, or the same serial with other content, unless --force.",
                "Exit codes: 0 written, 1 refused or an error."})
final class StatePushCommand implements Callable<Integer> {
    /** A state file is far smaller; this bounds what is read. */
    static final long MAX_BYTES = 256L * 1024 * 1024;

    @Spec
    CommandSpec spec;

    @Mixin
    StateOptions stateOptions;

    @Parameters(paramLabel = "FILE", description = "The state to push.")
    Path file;

    @Option(names = "--force", description = "Write it even if its lineage or serial says it is not a newer copy.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        State pushed;
        try {
            pushed = StateJson.state(SourceFiles.read(file, MAX_BYTES).text().getBytes(StandardCharsets.UTF_8),
                    file.toString());
        } catch (SourceFiles.Refused e) {
            throw new UserException(e.getMessage());
        } catch (java.io.UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            throw new UserException("cannot push " + file + ": " + e.getMessage());
        }
        if (pushed.lineage().isBlank()) {
            throw new UserException("cannot push " + file + ": it has no lineage; it is not a batchform state");
        }
        StateStore store = StateStores.open(stateOptions);
        try (StateStore.StateLock lock = StateStores.lock(store, "state push", stateOptions)) {
            StateOutcome outcome = Operations.pushState(store, pushed, file.toString(), force);
            if (outcome.refused()) {
                return PlanView.refused(outcome.refusals(), out, spec.commandLine().getErr());
            }
            out.println("Pushed " + file + " to " + store + " (serial " + pushed.serial() + ", lineage "
                    + pushed.lineage() + ", " + SpecView.count(pushed.resources().size(), "resource") + ").");
            out.flush();
            return 0;
        }
    }
}
