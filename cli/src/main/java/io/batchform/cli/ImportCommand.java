package io.batchform.cli;

import io.batchform.address.Address;
import io.batchform.engine.LoadedSpec;
import io.batchform.engine.Operations;
import io.batchform.engine.Outcomes.ImportOutcome;
import io.batchform.engine.Requests.ImportRequest;
import io.batchform.source.Diagnostic;
import io.batchform.state.StateStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code batchform import ADDRESS AZURE_ID}: adopt an existing cloud resource into the state. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Adopt an existing resource: read it by its Azure id and record it in the state at ADDRESS, "
                + "which the spec must declare. The next plan shows how it differs from the spec.",
                "Example: batchform import pool.render /subscriptions/.../batchAccounts/acct/pools/render"})
final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Mixin
    SpecOptions specOptions;

    @Mixin
    StateOptions stateOptions;

    @Mixin
    EndpointOptions endpointOptions;

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "Where the spec declares it, such as pool.render.")
    String address;

    @Parameters(index = "1", paramLabel = "AZURE_ID", description = "The resource's Azure Resource Manager id.")
    String id;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        Address parsed = StateRmCommand.parse(address);
        LoadedSpec loaded = SpecView.load(specOptions, err);
        if (loaded == null) {
            return 1;
        }
        Optional<Diagnostic> refused = Operations.checkImport(loaded, parsed, id)
                .or(() -> managedByAnotherWorkspace().map(why -> Diagnostic.error(null, "Refused", why)));
        if (refused.isPresent()) {
            return PlanView.refused(List.of(refused.get()), out, err);
        }
        StateStore store = StateStores.open(stateOptions);
        try (Cloud cloud = Cloud.connect(loaded.subscription(), Cloud.environment(command), stateOptions.directory,
                endpointOptions, store);
             StateStore.StateLock lock = StateStores.lock(store, "import", stateOptions)) {
            out.println("Talking to " + cloud.description() + ".");
            ImportOutcome outcome = Operations.importResource(new ImportRequest(loaded, parsed, id, cloud.provider(),
                    cloud.store()));
            if (outcome.refused()) {
                return PlanView.refused(outcome.refusals(), out, err);
            }
            for (Diagnostic diagnostic : outcome.diagnostics()) {
                err.println((diagnostic.isError() ? "Error: " : "Warning: ") + diagnostic);
            }
            if (outcome.imported() == null) {
                err.flush();
                return 1;
            }
            out.println("Imported " + address + " [id=" + id + "]. Run batchform plan to see how it differs from the spec.");
            out.flush();
            err.flush();
            return 0;
        }
    }

    /**
     * Why the id must not be imported here: another workspace of this state (another environment of the same spec)
     * records it, and two states managing one resource would each change or delete it behind the other's back. Only
     * the workspaces batchform can list are asked (a remote state without list permission is not); a state kept
     * elsewhere (another --state-dir) cannot be known.
     */
    private Optional<String> managedByAnotherWorkspace() {
        List<io.batchform.state.Workspace> all;
        try {
            all = Workspaces.all(stateOptions);
        } catch (RuntimeException cannotList) {
            return Optional.empty();
        }
        io.batchform.state.Workspace current = stateOptions.workspace();
        for (io.batchform.state.Workspace workspace : all) {
            if (workspace.equals(current)) {
                continue;
            }
            Optional<io.batchform.state.State> state;
            try {
                state = StateStores.open(stateOptions, workspace).read();
            } catch (RuntimeException unreadable) {
                continue;
            }
            Optional<io.batchform.state.ResourceState> holder = state.flatMap(s -> s.holding(id));
            if (holder.isPresent()) {
                Address held = holder.get().address();
                return Optional.of(id + " is already managed by workspace " + workspace + " as " + held + ": two "
                        + "states managing one resource would each change or delete it; manage it from that workspace "
                        + "(batchform workspace select " + workspace + "), or forget it there first (batchform state "
                        + "rm " + held + " in that workspace)");
            }
        }
        return Optional.empty();
    }
}
